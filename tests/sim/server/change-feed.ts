import { foreignKeyViolation, notNull } from "./pg-error";
import type { ServerTables } from "./tables";

/**
 * Migration 013's per-user change counter and epoch, written only through these functions (as only 013's security
 * definer functions write sync_state). Each is called on a transaction's copy of the tables.
 */

/** public.next_change(p_user): the user's sync_state.last_change + 1 (the row is created at 1), returned. */
export function nextChange(tables: ServerTables, user: string | null): number {
  const row = lockSyncState(tables, user);
  const next = { ...row, last_change: row.last_change + 1 };
  tables.syncState.set(next.user_id, next);
  return next.last_change;
}

/**
 * The row 013 locks before a push or a delete, created (epoch 0, last_change 0) if missing. Its insert checks
 * sync_state's foreign key to auth.users: a user_id no account has fails here, with the key in the details (auth.users
 * has no RLS to hide it).
 */
export function lockSyncState(tables: ServerTables, user: string | null) {
  if (user === null) throw notNull("user_id", "sync_state");
  const existing = tables.syncState.get(user);
  if (existing !== undefined) return existing;
  if (!tables.users.has(user)) {
    throw foreignKeyViolation("sync_state", "sync_state_user_id_fkey", "users", { columns: "user_id", values: user });
  }
  const row = { user_id: user, last_change: 0, epoch: 0 };
  tables.syncState.set(user, row);
  return row;
}
