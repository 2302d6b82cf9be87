import { type DBSchema, deleteDB, type IDBPDatabase, type IDBPTransaction } from "idb";
import { type DatabaseEvent, openDatabase, type UpgradeStep, type UpgradeTransaction } from "@/lib/idb/open-database";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction, PredictionType } from "@/lib/domain/prediction";
import type { SyncQueueEntry } from "@/lib/data/local/sync-queue-entry";
import type { StoredPersonalModel } from "@/lib/personal/store/stored-personal-model";

/**
 * The browser's database: the app's data in both modes. Every page reads and writes it; in Supabase mode the sync
 * engine (lib/data/sync) replicates it. The compound indexes mirror the Postgres ones, so history pages and prediction
 * lists are index range scans here too.
 *
 * Versions:
 *   1: check_ins, predictions, meta, and `outbox` (Supabase mode's queue of whole rows, autoIncrement; check-ins made
 *      in Supabase mode lived only there until sent).
 *   2: `sync_queue` (one entry per check-in to push, keyed by its id) replaces `outbox`; the rows themselves move into
 *      check_ins/predictions, which are now the data of both modes.
 *   3: check_ins index `user_date_id` ([user_id, checkin_date, id]): History pages on (checkin_date, id), so check-ins
 *      that share a timestamp are never skipped at a page boundary.
 *   4: `personal_models` ([user_id, prediction_type]): a person's personal models, trained in this browser from their
 *      own check-ins (lib/personal/). Here, not in a database of their own, so that every wipe (sign-out, account
 *      switch, Delete my data) removes them in its own transaction and a training that began before a wipe is fenced
 *      by the same generation as a save. Never synced: nothing reads this store but lib/personal/store.
 */
export interface LocalDbSchema extends DBSchema {
  check_ins: {
    key: string;
    value: CheckIn;
    indexes: { user_date: [string, string]; user_date_id: [string, string, string] };
  };
  predictions: {
    key: string;
    value: Prediction;
    indexes: { user_type_created: [string, PredictionType, string]; checkin: string };
  };
  meta: { key: string; value: unknown };
  sync_queue: {
    key: string;
    value: SyncQueueEntry;
    indexes: { user_queued: [string, string] };
  };
  personal_models: {
    key: [string, PredictionType];
    value: StoredPersonalModel;
  };
}

/** Version 1's outbox rows, read once by the upgrade to version 2. */
type V1OutboxItem =
  | { seq?: number; kind: "check_in"; checkIn: CheckIn; queuedAt: string; lastError?: string }
  | { seq?: number; kind: "predictions"; predictions: Prediction[]; queuedAt: string; lastError?: string };

export const LOCAL_DB_NAME = "checkin-app";
export const LOCAL_DB_VERSION = 4;


/** What the page should tell the person about the database's life cycle (see `onLocalDbEvent`). */
export type LocalDbEvent = DatabaseEvent;

/**
 * A handle on one local database. The app has one per page (`browserLocalStore()`); the simulation and the tests open
 * several (one per simulated device), which is why every function of lib/data/local takes the store it works on.
 */
export type LocalStore = {
  readonly name: string;
  /** The open connection (opened, or reopened after the browser closed it, on first use). */
  db(): Promise<IDBPDatabase<LocalDbSchema>>;
  /** Closes the connection (a closing tab); the next `db()` opens it again. */
  close(): void;
  /** The database's life-cycle events (lib/idb/open-database.ts). */
  onEvent(listener: (event: DatabaseEvent) => void): () => void;
};

/** `upgrades[v]` takes the database from version v to v + 1 (lib/idb/open-database.ts); never edit a shipped step. */
const UPGRADES: readonly UpgradeStep<LocalDbSchema>[] = [
  (db) => {
    const checkIns = db.createObjectStore("check_ins", { keyPath: "id" });
    checkIns.createIndex("user_date", ["user_id", "checkin_date"]);
    const predictions = db.createObjectStore("predictions", { keyPath: "id" });
    predictions.createIndex("user_type_created", ["user_id", "prediction_type", "created_at"]);
    predictions.createIndex("checkin", "checkin_id");
    db.createObjectStore("meta");
  },
  (db, tx, oldVersion) => {
    const queue = db.createObjectStore("sync_queue", { keyPath: "checkin_id" });
    queue.createIndex("user_queued", ["user_id", "queued_at"]);
    if (oldVersion >= 1) return moveV1Outbox(db, tx);
  },
  (_db, tx) => {
    tx.objectStore("check_ins").createIndex("user_date_id", ["user_id", "checkin_date", "id"]);
  },
  (db) => {
    db.createObjectStore("personal_models", { keyPath: ["user_id", "prediction_type"] });
  },
];

/** Opens (lazily) a local database: `factory` defaults to the page's `indexedDB`, `name` to the app's database. */
export function openLocalStore(options: { factory?: () => IDBFactory | undefined; name?: string } = {}): LocalStore {
  const name = options.name ?? LOCAL_DB_NAME;
  const managed = openDatabase<LocalDbSchema>({ name, upgrades: UPGRADES });
  return {
    name,
    db: () => {
      const factory = options.factory?.();
      return factory ? withFactory(factory, () => managed.connection()) : managed.connection();
    },
    close: () => void managed.close(),
    onEvent: (listener) => managed.onEvent(listener),
  };
}

/**
 * idb's openDB reads the global `indexedDB`; a store with its own factory (a simulated device) swaps it in for the
 * synchronous part of the call, which is when `indexedDB.open` runs.
 */
function withFactory<T>(factory: IDBFactory, fn: () => T): T {
  if (typeof indexedDB !== "undefined" && factory === indexedDB) return fn();
  const g = globalThis as { indexedDB?: IDBFactory };
  const previous = g.indexedDB;
  g.indexedDB = factory;
  try {
    return fn();
  } finally {
    g.indexedDB = previous;
  }
}

let pageStore: LocalStore | undefined;

/** The page's local database (both modes). */
export function browserLocalStore(): LocalStore {
  return (pageStore ??= openLocalStore());
}

/**
 * Subscribes to the page's database events (an older tab blocks an upgrade, a newer one needs this tab to reload);
 * a new listener first hears the latest event.
 */
export function onLocalDbEvent(listener: (event: LocalDbEvent) => void): () => void {
  return browserLocalStore().onEvent(listener);
}

/** The page's local database connection (kept for callers that need the raw connection). */
export function getLocalDb(): Promise<IDBPDatabase<LocalDbSchema>> {
  return browserLocalStore().db();
}

type UpgradeTx = UpgradeTransaction<LocalDbSchema>;

/**
 * Version 1 kept Supabase-mode check-ins made offline only in `outbox`. Each becomes a stored row plus a queue entry,
 * inside the upgrade's own transaction: either the whole move happens or the database stays at version 1.
 */
async function moveV1Outbox(db: IDBPDatabase<LocalDbSchema>, tx: UpgradeTx): Promise<void> {
  // The typed schema no longer knows `outbox`; reach it through the untyped transaction.
  const untyped = tx as unknown as IDBPTransaction<{ outbox: { key: number; value: V1OutboxItem } }, ["outbox"], "versionchange">;
  if (!db.objectStoreNames.contains("outbox" as never)) return;
  const items = await untyped.objectStore("outbox").getAll();
  for (const item of items) {
    if (item.kind === "check_in") {
      await tx.objectStore("check_ins").put(item.checkIn);
      await tx.objectStore("sync_queue").put(pendingEntry(item.checkIn.id, item.checkIn.user_id, item.queuedAt, item.lastError));
    } else {
      for (const p of item.predictions) await tx.objectStore("predictions").put(p);
      const checkinId = item.predictions[0]?.checkin_id;
      const userId = item.predictions[0]?.user_id;
      // Predictions whose check-in was already sent: queue the check-in again (a duplicate is success) to carry them.
      if (checkinId && userId && !(await tx.objectStore("sync_queue").get(checkinId))) {
        await tx.objectStore("sync_queue").put(pendingEntry(checkinId, userId, item.queuedAt, item.lastError));
      }
    }
  }
  db.deleteObjectStore("outbox" as never);
}

function pendingEntry(checkinId: string, userId: string, queuedAt: string, lastError: string | undefined): SyncQueueEntry {
  return { checkin_id: checkinId, user_id: userId, queued_at: queuedAt, version: 1, status: "pending", attempts: 0, last_error: lastError ?? null, rejection: null };
}

/** For tests: close and forget the page's connection so a fresh fake IndexedDB can be used. */
export async function resetLocalDbForTests(): Promise<void> {
  const db = await pageStore?.db().catch(() => undefined);
  db?.close();
  pageStore = undefined;
}

/** For tests: delete the whole database. */
export async function deleteLocalDbForTests(): Promise<void> {
  await resetLocalDbForTests();
  await deleteDB(LOCAL_DB_NAME);
}
