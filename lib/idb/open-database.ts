import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from "idb";

/**
 * The life cycle of one IndexedDB database, in one place for every database the app opens: open on first use and keep
 * the connection, upgrade step by step from whatever version the browser holds, let a newer version in another tab
 * upgrade, reopen after the browser closed the connection, and forget a failed open so that a later access can succeed.
 */

/** What a page may tell the person about a database's life cycle (see `ManagedDatabase.onEvent`). */
export type DatabaseEvent =
  /** An older tab of this app holds the database open, so the upgrade waits for it to close. */
  | { kind: "blocked" }
  /** A newer version of the app wants to upgrade the database: this tab closed its connection and must reload. */
  | { kind: "reload-required" }
  /**
   * The connection went away: the browser closed it (site data cleared, disk error), or another tab deleted the
   * database. The next access reopens it.
   */
  | { kind: "terminated" }
  /** The database is open (after a wait for an older tab, this clears the "blocked" notice). */
  | { kind: "open" };

export type UpgradeTransaction<S extends DBSchema | unknown> = IDBPTransaction<S, StoreNames<S>[], "versionchange">;

/**
 * Brings the database from one version to the next, inside the upgrade's transaction. May be async, awaiting only
 * requests of `tx` (anything else lets the transaction commit half done). `oldVersion` is the version the upgrade
 * started from (0 for a new database), for a step that moves data only when there was some.
 */
export type UpgradeStep<S extends DBSchema | unknown> = (db: IDBPDatabase<S>, tx: UpgradeTransaction<S>, oldVersion: number) => void | Promise<void>;

export type DatabaseOptions<S extends DBSchema | unknown> = {
  name: string;
  /**
   * `upgrades[i]` takes the database from version i to version i + 1; the database's version is `upgrades.length`.
   * Never edit a step that shipped: add one.
   */
  upgrades: readonly UpgradeStep<S>[];
};

export type ManagedDatabase<S extends DBSchema | unknown> = {
  readonly name: string;
  readonly version: number;
  /**
   * The open connection: opened (and upgraded) on first use and kept. After the browser closed it, or this tab let a
   * newer version upgrade, the next call opens again; a rejected open is not kept, so a later call tries again.
   * Rejects with IndexedDbUnavailableError where the browser has no IndexedDB, with the step's error when an upgrade
   * step fails (the database then stays at its old version), or with the browser's error (VersionError once a newer
   * version of the app upgraded the database, QuotaExceededError, SecurityError in some private modes).
   */
  connection(): Promise<IDBPDatabase<S>>;
  /** Closes the connection, if any, and forgets it: the next `connection()` opens again. */
  close(): Promise<void>;
  /**
   * Subscribes to the database's `DatabaseEvent`s; returns the unsubscribe function. A new listener first hears the
   * latest event, so a component that mounts after the upgrade was blocked still tells the person.
   */
  onEvent(listener: (event: DatabaseEvent) => void): () => void;
};

export class IndexedDbUnavailableError extends Error {
  override name = "IndexedDbUnavailableError";
  constructor(databaseName: string) {
    super(`This browser offers no IndexedDB (private window or storage disabled?), so "${databaseName}" cannot be opened. Allow site storage.`);
  }
}

/**
 * Runs the steps from `from` on; synchronous steps run synchronously (the transaction is only sure to be active in the
 * event that started the upgrade), and an async step's successors wait for it.
 */
function runSteps<S>(steps: readonly UpgradeStep<S>[], from: number, oldVersion: number, db: IDBPDatabase<S>, tx: UpgradeTransaction<S>): void | Promise<void> {
  for (let v = from; v < steps.length; v++) {
    const done = steps[v]!(db, tx, oldVersion);
    if (done instanceof Promise) return done.then(() => runSteps(steps, v + 1, oldVersion, db, tx));
  }
}

/** A database with its life cycle managed; nothing is opened until the first `connection()`. */
export function openDatabase<S extends DBSchema | unknown>({ name, upgrades }: DatabaseOptions<S>): ManagedDatabase<S> {
  const version = upgrades.length;
  const listeners = new Set<(event: DatabaseEvent) => void>();
  let lastEvent: DatabaseEvent | null = null;
  let current: Promise<IDBPDatabase<S>> | undefined;
  let attempt = 0;

  const emit = (event: DatabaseEvent) => {
    lastEvent = event;
    for (const listener of listeners) listener(event);
  };

  function open(): Promise<IDBPDatabase<S>> {
    const mine = ++attempt;
    // Only this attempt's connection is forgotten: a late event of an old connection must not drop a newer one.
    const forget = () => {
      if (attempt === mine) current = undefined;
    };
    let stepError: unknown;
    let opening: Promise<IDBPDatabase<S>>;
    try {
      if (typeof indexedDB === "undefined" || !indexedDB) throw new IndexedDbUnavailableError(name);
      opening = openDB<S>(name, version, {
        upgrade(db, oldVersion, _newVersion, tx) {
          const fail = (error: unknown) => {
            stepError = error;
            // Abort, so that the database stays at its old version instead of half upgraded. The open rejects with
            // the step's error; the transaction's own AbortError has nobody else to hear it.
            tx.done.catch(() => undefined);
            tx.abort();
          };
          try {
            const done = runSteps(upgrades, oldVersion, oldVersion, db, tx);
            if (done) done.catch(fail);
          } catch (error) {
            fail(error);
          }
        },
        blocked: () => emit({ kind: "blocked" }),
        blocking: (_currentVersion, blockedVersion, event) => {
          // Another tab wants to upgrade (or delete) this database. Holding on would block it forever: let go.
          (event.target as IDBDatabase).close();
          forget();
          // A newer schema than this tab's code knows: it must reload. A deletion: the next access recreates it.
          emit({ kind: blockedVersion === null ? "terminated" : "reload-required" });
        },
        terminated: () => {
          // Reopen on the next access instead of failing every later read with InvalidStateError.
          forget();
          emit({ kind: "terminated" });
        },
      });
    } catch (error) {
      // No IndexedDB at all, or indexedDB.open itself threw (SecurityError in some private modes).
      opening = Promise.reject(error);
    }
    return opening.then(
      (db) => {
        emit({ kind: "open" });
        return db;
      },
      (error: unknown) => {
        forget();
        throw stepError ?? error;
      },
    );
  }

  return {
    name,
    version,
    connection() {
      current ??= open();
      return current;
    },
    async close() {
      const connection = current;
      current = undefined;
      attempt++;
      (await connection?.catch(() => undefined))?.close();
    },
    onEvent(listener) {
      listeners.add(listener);
      if (lastEvent) listener(lastEvent);
      return () => listeners.delete(listener);
    },
  };
}
