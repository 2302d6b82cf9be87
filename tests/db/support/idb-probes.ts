/**
 * Probes on fake-indexeddb's prototypes (tests only): count what a piece of code reads, run something at the instant a
 * given read is issued, or make a write fail as a full disk would. Each returns `restore()`; the tests restore in
 * `afterEach` so a probe never outlives its test.
 */
type Restore = () => void;

const READS = ["get", "getAll", "openCursor"] as const;

function storeOf(source: IDBObjectStore | IDBIndex): string {
  return "objectStore" in source ? source.objectStore.name : source.name;
}

/** Counts the records of `storeName` that reads deliver: each get hit, each getAll element, each cursor step. */
export function countReads(storeName: string): { count: () => number; restore: Restore } {
  let count = 0;
  const restores: Restore[] = [];
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as const) {
    for (const method of READS) {
      const original = (proto as unknown as Record<string, (...args: unknown[]) => IDBRequest>)[method]!;
      (proto as unknown as Record<string, unknown>)[method] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
        const request = original.apply(this, args);
        if (storeOf(this) === storeName) {
          request.addEventListener("success", () => {
            const result: unknown = request.result;
            if (Array.isArray(result)) count += result.length;
            else if (result !== undefined && result !== null) count += 1;
          });
        }
        return request;
      };
      restores.push(() => void ((proto as unknown as Record<string, unknown>)[method] = original));
    }
  }
  return { count: () => count, restore: () => restores.forEach((r) => r()) };
}

/**
 * Runs `action` once, synchronously after the first `getAll` over `indexName` of `storeName` is issued: anything
 * `action` writes commits after that read and before any transaction the reader opens afterwards (IndexedDB orders
 * overlapping transactions by creation).
 */
export function onNextIndexRead(storeName: string, indexName: string, action: () => void): Restore {
  const proto = IDBIndex.prototype;
  const original = proto.getAll;
  let fired = false;
  proto.getAll = function (this: IDBIndex, ...args: Parameters<IDBIndex["getAll"]>) {
    const request = original.apply(this, args);
    if (!fired && this.name === indexName && this.objectStore.name === storeName) {
      fired = true;
      action();
    }
    return request;
  };
  return () => void (proto.getAll = original);
}

/** The next `put` into `storeName` throws `error` (a QuotaExceededError by default): the disk is full. */
export function failNextPut(storeName: string, error: Error = new DOMException("The quota has been exceeded.", "QuotaExceededError")): Restore {
  const proto = IDBObjectStore.prototype;
  const original = proto.put;
  let fired = false;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
    if (!fired && this.name === storeName) {
      fired = true;
      throw error;
    }
    return original.apply(this, args);
  };
  return () => void (proto.put = original);
}
