import { type DBSchema, deleteDB, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from "idb";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction, PredictionType } from "@/lib/domain/prediction";
import type { SyncQueueEntry } from "@/lib/data/local/sync-queue-entry";

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
}

/** Version 1's outbox rows, read once by the upgrade to version 2. */
type V1OutboxItem =
  | { seq?: number; kind: "check_in"; checkIn: CheckIn; queuedAt: string; lastError?: string }
  | { seq?: number; kind: "predictions"; predictions: Prediction[]; queuedAt: string; lastError?: string };

export const LOCAL_DB_NAME = "checkin-app";
export const LOCAL_DB_VERSION = 3;

export class LocalDbUnavailableError extends Error {
  override name = "LocalDbUnavailableError";
}

/** What the page should tell the person about the database's life cycle (see `onLocalDbEvent`). */
export type LocalDbEvent =
  /** An older tab of this app holds the database open, so the upgrade waits for it to close. */
  | { kind: "blocked" }
  /** A newer version of the app wants to upgrade the database: this tab closed its connection and must reload. */
  | { kind: "reload-required" }
  /** The browser closed the connection abnormally (storage cleared, disk error); the next access reopens it. */
  | { kind: "terminated" }
  /** The database is open (after a wait for an older tab, this clears the "blocked" notice). */
  | { kind: "open" };

const listeners = new Set<(event: LocalDbEvent) => void>();
let lastEvent: LocalDbEvent | null = null;

/**
 * Subscribes to `LocalDbEvent`s; returns the unsubscribe function. A new listener first hears the latest event, so a
 * component that mounts after the upgrade was blocked still tells the person.
 */
export function onLocalDbEvent(listener: (event: LocalDbEvent) => void): () => void {
  listeners.add(listener);
  if (lastEvent) listener(lastEvent);
  return () => listeners.delete(listener);
}

function emit(event: LocalDbEvent): void {
  lastEvent = event;
  for (const listener of listeners) listener(event);
}

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
};

/** Opens (lazily) a local database: `factory` defaults to the page's `indexedDB`, `name` to the app's database. */
export function openLocalStore(options: { factory?: () => IDBFactory | undefined; name?: string; announce?: boolean } = {}): LocalStore {
  const name = options.name ?? LOCAL_DB_NAME;
  const factory = options.factory ?? (() => (typeof indexedDB === "undefined" ? undefined : indexedDB));
  // Only the page's own store tells the page about blocked upgrades and reloads (onLocalDbEvent).
  const tell = options.announce ? emit : () => {};
  let dbPromise: Promise<IDBPDatabase<LocalDbSchema>> | undefined;
  const open = (): Promise<IDBPDatabase<LocalDbSchema>> => {
    const idb = factory();
    if (!idb) {
      return Promise.reject(
        new LocalDbUnavailableError(
          "This browser offers no IndexedDB (private window or storage disabled?). Allow site storage to keep check-ins locally.",
        ),
      );
    }
    const opening = withFactory(idb, () =>
      openDB<LocalDbSchema>(name, LOCAL_DB_VERSION, {
        upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
        blocked: () => tell({ kind: "blocked" }),
        blocking: () => {
          // A newer version of the app (another tab) is waiting to upgrade. Holding on would block it forever; our
          // connection closes, and this tab, whose code expects the old schema, must reload.
          void opening.then((db) => db.close());
          if (dbPromise === opening) dbPromise = undefined;
          tell({ kind: "reload-required" });
        },
        terminated: () => {
          // Reopen on the next access instead of failing every later read with InvalidStateError.
          if (dbPromise === opening) dbPromise = undefined;
          tell({ kind: "terminated" });
        },
      }),
    )
      .then((db) => {
        tell({ kind: "open" });
        return db;
      })
      .catch((error: unknown) => {
        // Forget the failure so that a later call can try again (e.g. after the user frees storage).
        if (dbPromise === opening) dbPromise = undefined;
        throw error;
      });
    return opening;
  };
  return {
    name,
    db: () => (dbPromise ??= open()),
    close: () => {
      const closing = dbPromise;
      dbPromise = undefined;
      void closing?.then((db) => db.close(), () => undefined);
    },
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
  return (pageStore ??= openLocalStore({ announce: true }));
}

/** The page's local database connection (kept for callers that need the raw connection). */
export function getLocalDb(): Promise<IDBPDatabase<LocalDbSchema>> {
  return browserLocalStore().db();
}

type UpgradeTx = IDBPTransaction<LocalDbSchema, StoreNames<LocalDbSchema>[], "versionchange">;

async function upgrade(db: IDBPDatabase<LocalDbSchema>, oldVersion: number, tx: UpgradeTx): Promise<void> {
  if (oldVersion < 1) {
    const checkIns = db.createObjectStore("check_ins", { keyPath: "id" });
    checkIns.createIndex("user_date", ["user_id", "checkin_date"]);
    const predictions = db.createObjectStore("predictions", { keyPath: "id" });
    predictions.createIndex("user_type_created", ["user_id", "prediction_type", "created_at"]);
    predictions.createIndex("checkin", "checkin_id");
    db.createObjectStore("meta");
  }
  if (oldVersion < 2) {
    const queue = db.createObjectStore("sync_queue", { keyPath: "checkin_id" });
    queue.createIndex("user_queued", ["user_id", "queued_at"]);
    if (oldVersion >= 1) await moveV1Outbox(db, tx);
  }
  if (oldVersion < 3) {
    tx.objectStore("check_ins").createIndex("user_date_id", ["user_id", "checkin_date", "id"]);
  }
}

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
  lastEvent = null;
}

/** For tests: delete the whole database. */
export async function deleteLocalDbForTests(): Promise<void> {
  await resetLocalDbForTests();
  await deleteDB(LOCAL_DB_NAME);
}
