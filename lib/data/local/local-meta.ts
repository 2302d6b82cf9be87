import type { LocalStore } from "@/lib/data/local/local-db";

/** Small named values of the app (the local user id, the signed-in account, each user's feed position, the generation). */
export async function getMeta<T>(store: LocalStore, key: string, isValid: (value: unknown) => value is T): Promise<T | undefined> {
  const db = await store.db();
  const value = await db.get("meta", key);
  // A value of an unexpected shape (an older app version, a hand edit) reads as absent rather than crashing a page.
  return isValid(value) ? value : undefined;
}

export async function setMeta(store: LocalStore, key: string, value: unknown): Promise<void> {
  const db = await store.db();
  await db.put("meta", value, key);
}

export async function deleteMeta(store: LocalStore, key: string): Promise<void> {
  const db = await store.db();
  await db.delete("meta", key);
}
