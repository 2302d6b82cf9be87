import { IDBObjectStore as FakeObjectStore } from "fake-indexeddb";

/**
 * IndexedDB faults on fake-indexeddb. Quota: a chosen write aborts its transaction with QuotaExceededError, as a
 * browser does when storage is full (the whole transaction rolls back; `tx.error.name` says why). Tab death: every
 * unfinished transaction of that tab's connection aborts, as when a page is killed mid-write.
 */
type FakeTx = { _state: string; _abort(name: string | null): void; db: { name: string } };

let quotaHook: ((dbName: string) => boolean) | null = null;
let patched = false;

/** `failWrite(dbName)` is asked before each put/add/delete: true makes that write fail with QuotaExceededError. */
export function installQuotaFaults(failWrite: (dbName: string) => boolean): void {
  quotaHook = failWrite;
  if (patched) return;
  patched = true;
  const proto = FakeObjectStore.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ["put", "add"]) {
    const original = proto[method]!;
    proto[method] = function (this: { transaction: FakeTx }, ...args: unknown[]) {
      const request = original.apply(this, args);
      const tx = this.transaction;
      if (quotaHook?.(tx.db.name) && tx._state === "active") tx._abort("QuotaExceededError");
      return request;
    };
  }
}

/** Aborts every unfinished transaction of one connection, then closes it. */
export function killConnection(connection: IDBDatabase): void {
  const raw = (connection as unknown as { _rawDatabase: { transactions: (FakeTx & { db: unknown })[] } })._rawDatabase;
  for (const tx of raw.transactions) {
    if (tx.db !== connection || tx._state === "finished") continue;
    tx._state = "active";
    tx._abort("AbortError");
  }
  connection.close();
}
