import type { Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { applyFeedPage, applyRemoteDelete, type FeedState, getFeedState } from "@/lib/data/local/local-feed";
import type { RestTransport } from "@/lib/data/sync/rest";
import { fetchCheckInFeed, fetchPredictionFeed, fetchTombstoneFeed, readSyncState } from "@/lib/data/sync/server-api";

/** How far a pull is through the changes it reads (change numbers, not rows); `first`: the device's first pull. */
export type PullProgress = { done: number; total: number; first: boolean };
/** `changed`: rows new, different or removed here (what the pages must show); `epochChanged`: data deleted elsewhere. */
export type PullResult = { changed: number; epochChanged: boolean; state: FeedState };

type PullParams = {
  store: LocalStore;
  transport: RestTransport;
  token: string;
  userId: string;
  generation: Generation;
  signal?: AbortSignal;
  onProgress?: (p: PullProgress) => void;
};

/**
 * Brings a user's changes from the server's change feed (migration 013) into the local store: the feed's end L is read
 * first (`sync_state.last_change`); every row the server changed since this device's cursor C, up to L, is read by
 * keyset (`change_seq > C and change_seq <= L`, an Index Scan each); then the cursor becomes L. Exact: the server
 * commits one user's changes in change_seq order, so nothing at or below L can appear later. No counts, no look-back,
 * and a full read only on a device's first pull. When the server's epoch moved (Delete my data on another device), the
 * synced rows here go first (lib/data/local/local-feed.ts applyRemoteDelete).
 */
export async function pullChanges(p: PullParams): Promise<PullResult> {
  const { store, transport, token, userId, generation, signal } = p;
  const local = await getFeedState(store, userId);
  const server = await readSyncState(transport, token, userId, signal);
  let changed = 0;
  let epochChanged = false;
  let from = local?.cursor ?? 0;
  if (local && local.epoch !== server.epoch) {
    epochChanged = true;
    changed += await applyRemoteDelete(store, generation, userId, { epoch: server.epoch, cursor: 0 }, new Date().toISOString());
    from = 0;
  }
  const state: FeedState = { epoch: server.epoch, cursor: server.last_change };
  if (from >= server.last_change) {
    if (!local || local.epoch !== state.epoch || local.cursor !== state.cursor) await applyFeedPage(store, generation, userId, { checkIns: [], predictions: [], tombstones: [] }, state);
    return { changed, epochChanged, state };
  }
  const total = server.last_change - from;
  const first = from === 0;
  // Check-ins are read first (all of them are numbered below L), then predictions: progress follows the last number
  // read in each phase, the check-ins' half first.
  const progress = (at: number, phase: 0 | 1) => p.onProgress?.({ done: Math.min(total, Math.round((at - from) / 2 + (phase * total) / 2)), total, first });
  const range = { userId, upTo: server.last_change, signal };

  // Check-ins first, then predictions (their foreign key: a check-in's change_seq is below its predictions'), then
  // deletions; the cursor is written with the last page, so an interrupted pull starts again from C (idempotent).
  // A check-in written again after its deletion (same id, a later change_seq) must survive the deletion's tombstone.
  const writtenAt = new Map<string, number>();
  for (let after = from; ; ) {
    const page = await fetchCheckInFeed(transport, token, { ...range, after });
    if (page.last === null) break;
    page.rows.forEach((row, i) => writtenAt.set(row.id, page.seqs[i]!));
    changed += await applyFeedPage(store, generation, userId, { checkIns: page.rows, predictions: [], tombstones: [] }, null);
    progress(page.last, 0);
    after = page.last;
  }
  for (let after = from; ; ) {
    const page = await fetchPredictionFeed(transport, token, { ...range, after });
    if (page.last === null) break;
    changed += await applyFeedPage(store, generation, userId, { checkIns: [], predictions: page.rows, tombstones: [] }, null);
    progress(page.last, 1);
    after = page.last;
  }
  for (let after = from; ; ) {
    const page = await fetchTombstoneFeed(transport, token, { ...range, after });
    if (page.last === null) break;
    const tombstones = page.rows.filter((id, i) => (writtenAt.get(id) ?? -1) < page.seqs[i]!);
    changed += await applyFeedPage(store, generation, userId, { checkIns: [], predictions: [], tombstones }, null);
    after = page.last;
  }
  await applyFeedPage(store, generation, userId, { checkIns: [], predictions: [], tombstones: [] }, state);
  return { changed, epochChanged, state };
}
