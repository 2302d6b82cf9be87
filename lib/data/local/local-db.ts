import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { CheckIn } from "@/lib/domain/check-in";
import type { OutboxItem } from "@/lib/data/outbox/outbox-item";
import type { Prediction } from "@/lib/domain/prediction";
import type { PredictionType } from "@/lib/domain/prediction";

/**
 * The browser's own database for local mode (and the offline outbox of Supabase mode).
 * The compound indexes mirror the Postgres ones, so history pages and prediction lists are index range scans here too.
 */
export interface LocalDbSchema extends DBSchema {
  check_ins: {
    key: string;
    value: CheckIn;
    indexes: { user_date: [string, string] };
  };
  predictions: {
    key: string;
    value: Prediction;
    indexes: { user_type_created: [string, PredictionType, string]; checkin: string };
  };
  meta: { key: string; value: string };
  outbox: { key: number; value: OutboxItem };
}

export const LOCAL_DB_NAME = "checkin-app";
const LOCAL_DB_VERSION = 1;

export class LocalDbUnavailableError extends Error {
  override name = "LocalDbUnavailableError";
}

let dbPromise: Promise<IDBPDatabase<LocalDbSchema>> | undefined;

/** Opens (once per page) the local database, creating its stores on first use. */
export function getLocalDb(): Promise<IDBPDatabase<LocalDbSchema>> {
  if (typeof indexedDB === "undefined") {
    return Promise.reject(
      new LocalDbUnavailableError(
        "This browser offers no IndexedDB (private window or storage disabled?). Allow site storage to keep check-ins locally.",
      ),
    );
  }
  dbPromise ??= openDB<LocalDbSchema>(LOCAL_DB_NAME, LOCAL_DB_VERSION, {
    upgrade(db) {
      const checkIns = db.createObjectStore("check_ins", { keyPath: "id" });
      checkIns.createIndex("user_date", ["user_id", "checkin_date"]);
      const predictions = db.createObjectStore("predictions", { keyPath: "id" });
      predictions.createIndex("user_type_created", ["user_id", "prediction_type", "created_at"]);
      predictions.createIndex("checkin", "checkin_id");
      db.createObjectStore("meta");
      db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
    },
  }).catch((error: unknown) => {
    // Forget the failure so that a later call can try again (e.g. after the user frees storage).
    dbPromise = undefined;
    throw error;
  });
  return dbPromise;
}

/** For tests: close and forget the connection so a fresh fake IndexedDB can be used. */
export async function resetLocalDbForTests(): Promise<void> {
  const db = await dbPromise?.catch(() => undefined);
  db?.close();
  dbPromise = undefined;
}
