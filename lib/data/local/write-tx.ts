import type { IDBPTransaction, StoreNames } from "idb";
import { assertGenerationInTx, type Generation } from "@/lib/data/local/generation";
import type { LocalDbSchema, LocalStore } from "@/lib/data/local/local-db";

type Names = StoreNames<LocalDbSchema>;
export type WriteTx<S extends Names[]> = IDBPTransaction<LocalDbSchema, [...S, "meta"], "readwrite">;

/**
 * One readwrite transaction over `stores` (and `meta`) that first checks the store's generation (lib/data/local/
 * generation.ts) when one is given, then runs `fn`. Any error aborts the whole transaction: nothing of it is written.
 */
export async function writeTx<S extends Names[], T>(
  store: LocalStore,
  stores: S,
  generation: Generation | null,
  fn: (tx: WriteTx<S>) => Promise<T>,
): Promise<T> {
  const db = await store.db();
  const names = [...new Set<Names>([...stores, "meta"])] as [...S, "meta"];
  const tx = db.transaction(names, "readwrite") as unknown as WriteTx<S>;
  try {
    if (generation !== null) await assertGenerationInTx(tx.objectStore("meta"), generation);
    const result = await fn(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted by the browser (quota): the error below is the one that matters.
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
}
