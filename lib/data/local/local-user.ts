import type { LocalStore } from "@/lib/data/local/local-db";

const LOCAL_USER_KEY = "local_user_id";

/** The local-mode user id: created once per browser profile and kept in IndexedDB. */
export async function getLocalUserId(store: LocalStore): Promise<string> {
  const db = await store.db();
  const tx = db.transaction("meta", "readwrite");
  const existing = await tx.store.get(LOCAL_USER_KEY);
  if (typeof existing === "string") {
    await tx.done;
    return existing;
  }
  const id = crypto.randomUUID();
  // Same transaction as the read, so two tabs opening at once cannot create two different users.
  await tx.store.put(id, LOCAL_USER_KEY);
  await tx.done;
  return id;
}

/** The local-mode user id if this browser has one, without creating it (the service worker's reminder check). */
export async function findLocalUserId(store: LocalStore): Promise<string | undefined> {
  const db = await store.db();
  const existing = await db.get("meta", LOCAL_USER_KEY);
  return typeof existing === "string" ? existing : undefined;
}
