import { getLocalDb } from "@/lib/data/local/local-db";

/** Small named values of the app (the local user id, the signed-in account, each user's pull position). */
export async function getMeta<T>(key: string, isValid: (value: unknown) => value is T): Promise<T | undefined> {
  const db = await getLocalDb();
  const value = await db.get("meta", key);
  // A value of an unexpected shape (an older app version, a hand edit) reads as absent rather than crashing a page.
  return isValid(value) ? value : undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  const db = await getLocalDb();
  await db.put("meta", value, key);
}

export async function deleteMeta(key: string): Promise<void> {
  const db = await getLocalDb();
  await db.delete("meta", key);
}
