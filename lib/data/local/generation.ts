import type { LocalStore } from "@/lib/data/local/local-db";

/**
 * The store's generation: a number that sign-out, an account switch and Delete my data raise in the same transaction
 * as their wipe. Every write of synced state (a save, its predictions, a pull's page, a push's completion) reads the
 * generation it started under and checks it again inside its own transaction: a write that began before a wipe is
 * dropped instead of landing after it. IndexedDB transactions on overlapping stores run one at a time, so the check and
 * the write cannot be split by a wipe, in this tab or another.
 */
export const GENERATION_KEY = "generation";

export type Generation = number;

/** Something that must not be written any more: the person signed out, switched account or deleted their data. */
export class StaleGenerationError extends Error {
  override name = "StaleGenerationError";
  constructor() {
    super("Nothing was stored: you signed out, switched account or deleted your data while this was being saved.");
  }
}

const asGeneration = (value: unknown): Generation => (typeof value === "number" && Number.isSafeInteger(value) ? value : 0);

export async function currentGeneration(store: LocalStore): Promise<Generation> {
  const db = await store.db();
  return asGeneration(await db.get("meta", GENERATION_KEY));
}

type MetaStore = { get(key: string): Promise<unknown>; put(value: unknown, key: string): Promise<unknown> };

/** Inside a transaction that includes `meta`: throws (and so aborts the transaction) unless the generation is `expected`. */
export async function assertGenerationInTx(meta: MetaStore, expected: Generation): Promise<void> {
  if (asGeneration(await meta.get(GENERATION_KEY)) !== expected) throw new StaleGenerationError();
}

/** Inside the wipe's transaction: every write that started before it is now stale. */
export async function bumpGenerationInTx(meta: MetaStore): Promise<Generation> {
  const next = asGeneration(await meta.get(GENERATION_KEY)) + 1;
  await meta.put(next, GENERATION_KEY);
  return next;
}
