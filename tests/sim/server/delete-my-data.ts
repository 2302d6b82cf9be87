import { lockSyncState } from "./change-feed";
import type { ServerTables } from "./tables";

/**
 * POST /rest/v1/rpc/delete_my_data {}: migration 013's function for user `uid` on a transaction's copy of the tables.
 * Locks (or creates) the user's sync_state row, bumps epoch and last_change by one, deletes the user's check-ins
 * (their predictions go by ON DELETE CASCADE) with no tombstones (app.sync_bulk_delete), then the user's tombstones,
 * and returns the new epoch.
 */
export function deleteMyData(tables: ServerTables, uid: string): number {
  const state = lockSyncState(tables, uid);
  const next = { ...state, epoch: state.epoch + 1, last_change: state.last_change + 1 };
  tables.syncState.set(uid, next);
  for (const [id, row] of tables.checkIns) if (row.user_id === uid) tables.checkIns.delete(id);
  for (const [id, row] of tables.predictions) if (row.user_id === uid) tables.predictions.delete(id);
  tables.tombstones = tables.tombstones.filter((row) => row.user_id !== uid);
  return next.epoch;
}
