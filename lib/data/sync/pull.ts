import type { SupabaseClient } from "@supabase/supabase-js";
import { CheckInHistoryError, fetchCheckInHistory } from "@/lib/data/check-ins/supabase-history";
import { countLocalCheckIns, getLocalCheckIn, listAllLocalCheckIns, putPulledCheckIns } from "@/lib/data/local/local-check-ins";
import { getMeta, setMeta } from "@/lib/data/local/local-meta";
import { putPulledPredictions } from "@/lib/data/local/local-predictions";
import { deleteLocalCheckIn, pullStateKey } from "@/lib/data/local/local-wipe";
import { classifyFailure, SupabaseSyncError } from "@/lib/data/sync/classify-failure";
import { countRemoteCheckIns, fetchRemotePredictions } from "@/lib/data/sync/supabase-rows";
import { listQueue } from "@/lib/data/local/local-sync-queue";
import type { CheckIn, CheckInHistoryPage } from "@/lib/domain/check-in";
import type { Database } from "@/lib/supabase/database.types";

/** Rows per pull request: an Index Scan on idx_checkins_user_date each, and ≤ 500 predictions per follow-up request. */
export const PULL_PAGE_SIZE = 100;
/**
 * How far behind the newest pulled row an incremental pull looks again. Another device may push, later, a check-in it
 * made offline days ago; such a row is older than what we already have, so a pull of "newer than the newest" alone
 * would miss it. Anything older than this is caught by the count check (a full pull when the counts disagree).
 */
export const PULL_LOOKBACK_MS = 14 * 86_400_000;

type PullState = { newest: string | null; complete: boolean };

const isPullState = (v: unknown): v is PullState =>
  v !== null && typeof v === "object" && "complete" in v && typeof (v as PullState).complete === "boolean";

export type PullProgress = { done: number; total: number };
/** `changed`: rows new or different here (what the pages must show); `removed`: rows gone from the server. */
export type PullResult = { changed: number; removed: number; full: boolean };

/**
 * Brings a user's rows from Supabase into the local store: newest first, keyset on `checkin_date` (every page an Index
 * Scan on idx_checkins_user_date). A first pull on this device takes the whole history page by page, with progress;
 * later pulls take what is newer than the last pull (minus a look-back). When the number of rows on the server then
 * differs from the number of synced rows here, a full pull follows and rows deleted on another device are dropped
 * here too. Never touches rows still waiting in the queue.
 */
export async function pullRows(
  client: SupabaseClient<Database>,
  userId: string,
  accessToken: string,
  onProgress: (p: PullProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<PullResult> {
  const key = pullStateKey(userId);
  const state = await getMeta(key, isPullState);
  const total = await countRemoteCheckIns(client, accessToken, userId, signal);
  let changed = 0;
  let newest = state?.newest ?? null;

  if (state?.complete) {
    const since = state.newest === null ? undefined : new Date(Date.parse(state.newest) - PULL_LOOKBACK_MS).toISOString();
    const result = await pullPages({ client, userId, accessToken, newerThan: since, signal, onPage: () => {} });
    changed += result.changed;
    newest = maxDate(newest, result.newest);
    if ((await countSyncedLocal(userId)) === total) {
      await setMeta(key, { newest, complete: true } satisfies PullState);
      return { changed, removed: 0, full: false };
    }
  }

  // Full pull: a new device, an interrupted first pull, or counts that disagree.
  onProgress({ done: 0, total });
  const seen = new Set<string>();
  const result = await pullPages({
    client,
    userId,
    accessToken,
    signal,
    onPage: (rows) => {
      for (const r of rows) seen.add(r.id);
      onProgress({ done: seen.size, total: Math.max(total, seen.size) });
    },
  });
  changed += result.changed;
  newest = maxDate(newest, result.newest);
  const queued = new Set((await listQueue(userId)).map((e) => e.checkin_id));
  let removed = 0;
  for (const local of await listAllLocalCheckIns(userId)) {
    if (!seen.has(local.id) && !queued.has(local.id)) {
      await deleteLocalCheckIn(local.id);
      removed += 1;
    }
  }
  await setMeta(key, { newest, complete: true } satisfies PullState);
  return { changed, removed, full: true };
}

async function pullPages(params: {
  client: SupabaseClient<Database>;
  userId: string;
  accessToken: string;
  newerThan?: string;
  signal?: AbortSignal;
  onPage: (rows: CheckIn[]) => void;
}): Promise<{ changed: number; newest: string | null }> {
  const { client, userId, accessToken, newerThan, signal } = params;
  let cursor: string | null = null;
  let changed = 0;
  let newest: string | null = null;
  for (;;) {
    const page: CheckInHistoryPage = await fetchCheckInHistory(client, { userId, cursor, pageSize: PULL_PAGE_SIZE, signal, newerThan, accessToken }).catch(
      (error: unknown) => {
        if (error instanceof CheckInHistoryError) throw new SupabaseSyncError(classifyFailure(error.status, error), "Could not fetch your check-ins");
        throw error;
      },
    );
    if (page.items.length === 0) break;
    // Stored in the browser's own format (toISOString) so the local index sorts server rows and local rows together.
    const items = page.items.map(normalize);
    const predictions = await fetchRemotePredictions(client, accessToken, userId, items.map((c) => c.id), signal);
    changed += await putPulledCheckIns(items);
    changed += await putPulledPredictions(predictions.map((p) => ({ ...p, created_at: new Date(p.created_at).toISOString() })));
    newest = maxDate(newest, page.items[0]!.checkin_date);
    params.onPage(items);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return { changed, newest };
}

function normalize(c: CheckIn): CheckIn {
  return {
    ...c,
    checkin_date: new Date(c.checkin_date).toISOString(),
    created_at: new Date(c.created_at).toISOString(),
    sleep_hours: c.sleep_hours === null ? null : Number(c.sleep_hours),
  };
}

function maxDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Local rows of the user that are on the server: all of them but those still queued (pending or rejected). */
async function countSyncedLocal(userId: string): Promise<number> {
  const [rows, queue] = await Promise.all([countLocalCheckIns(userId), listQueue(userId)]);
  let queuedHere = 0;
  for (const entry of queue) if (await getLocalCheckIn(entry.checkin_id)) queuedHere += 1;
  return rows - queuedHere;
}
