import type { LocalStore } from "@/lib/data/local/local-db";
import { deleteMeta, getMeta, setMeta } from "@/lib/data/local/local-meta";

/**
 * Supabase mode: who is signed in on this device, as the app sees it. Kept in the local store and set from Supabase
 * Auth's events, not from `getSession()`: with the access token expired and no network, `getSession()` tries to
 * refresh, fails, and answers "no session" — yet the person is still signed in on this device and must be able to keep
 * checking in. Authorization happens later, at push time, online, after a refresh.
 *
 * `needs-sign-in`: Auth ended the session by itself (the refresh token was revoked or expired). The person stays the
 * current user of this device, their queue is kept, and they are asked to sign in again.
 *
 * Only the sync engine (lib/data/sync/sync-engine.ts) and the account switch (lib/data/sync/switch-account.ts) write it.
 */
export type Account = { userId: string; email: string | null; status: "active" | "needs-sign-in" };

export const ACCOUNT_KEY = "account";

function isAccount(value: unknown): value is Account {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.userId === "string" && (v.email === null || typeof v.email === "string") && (v.status === "active" || v.status === "needs-sign-in");
}

export function getAccount(store: LocalStore): Promise<Account | null> {
  return getMeta(store, ACCOUNT_KEY, isAccount).then((a) => a ?? null);
}

export function setAccount(store: LocalStore, account: Account): Promise<void> {
  return setMeta(store, ACCOUNT_KEY, account);
}

export function clearAccount(store: LocalStore): Promise<void> {
  return deleteMeta(store, ACCOUNT_KEY);
}
