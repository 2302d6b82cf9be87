import type { LocalStore } from "@/lib/data/local/local-db";
import type { ChangeBus } from "@/lib/data/local/data-changes";
import { wipeOtherUsers } from "@/lib/data/local/local-wipe";
import { ACCOUNT_KEY, type Account, getAccount, setAccount } from "@/lib/data/session/account";

/**
 * Someone signed in on this device. The same person: their account is active again. Another person (or the first
 * sign-in): in one transaction, every other person's synced rows leave the device, the generation rises (nothing in
 * flight for the previous person lands afterwards) and the new account is written. The previous person's unsent
 * check-ins stay queued under their own id — never shown or sent under the new account — for their next sign-in.
 * Returns whether the account changed hands.
 */
export async function switchAccount(store: LocalStore, bus: ChangeBus, next: { userId: string; email: string | null }): Promise<boolean> {
  const account = await getAccount(store);
  const active: Account = { userId: next.userId, email: next.email, status: "active" };
  if (account?.userId === next.userId) {
    if (account.status !== "active" || account.email !== next.email) {
      await setAccount(store, active);
      bus.notify("account");
    }
    return false;
  }
  await wipeOtherUsers(store, next.userId, { [ACCOUNT_KEY]: active });
  bus.notify("account");
  return true;
}
