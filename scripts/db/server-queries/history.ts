import type { SupabaseClient } from "@supabase/supabase-js";
import type { CheckIn, CheckInHistoryPage } from "@/lib/domain/check-in";
import { CHECK_IN_SELECT } from "@/lib/domain/check-in-row";
import type { Database } from "@/lib/supabase/database.types";

/**
 * History read from the server, newest first, on 011's idx_checkins_user_date. The app itself reads History from its
 * local store (lib/data/local/local-check-ins.ts, the same order on [user_id, checkin_date, id]) and syncs by 013's
 * change feed, so it runs this query no more; it stays as the server-side shape 011 serves (dashboards, exports, the
 * benchmarks in scripts/db and the plan tests in tests/db/queries.test.ts).
 */
export type HistoryPage = CheckInHistoryPage;

/** The columns the app reads; every one is on CheckIn. */
export const CHECK_IN_COLUMNS = CHECK_IN_SELECT;

export const MAX_HISTORY_PAGE_SIZE = 100;

/** Below PostgREST's default max_rows (1000, supabase/config.toml), which would otherwise cut a response silently. */
export const MAX_TIED_CHECK_INS = 999;

export class CheckInHistoryError extends Error {
  override name = "CheckInHistoryError";
  /** The HTTP status of the failed request (0: no response), so callers can tell a network error from a refusal. */
  status = 0;
  /** PostgREST's or PostgreSQL's error code, when there was one. */
  code: string | null = null;
}

/**
 * One page of a user's check-ins, newest first, by keyset pagination: `cursor` is the `checkin_date` of the last item
 * of the previous page (null for the first page) and the next page is `checkin_date < cursor`. That keeps every page
 * an Index Scan on idx_checkins_user_date (user_id, checkin_date DESC), however deep the history — no OFFSET, no Sort.
 *
 * Equal timestamps: the cursor is the timestamp alone (the index has no id column to break ties with), so a page must
 * never end in the middle of a group of check-ins that share one `checkin_date`, or `< cursor` would skip the rest of
 * the group. We ask for one row more than the page; when that extra row has the same timestamp as the page's last row,
 * a second, equally indexed query (`checkin_date = that timestamp`) fetches the whole group and the page is extended
 * by it. Pages are therefore "pageSize, or a little more when timestamps tie" — every check-in appears exactly once.
 * Within a tie the order is by id, so it is stable.
 *
 * `nextCursor` is null when there is nothing older, so the caller needs no extra empty request at the end.
 */
export async function fetchCheckInHistory(
  client: SupabaseClient<Database>,
  params: {
    userId: string;
    cursor: string | null;
    pageSize: number;
    signal?: AbortSignal;
    /** Only rows with `checkin_date > newerThan` (the sync engine's pull). */
    newerThan?: string;
    /** Send this token instead of the client's current session (the sync engine pins the user it pulls for). */
    accessToken?: string;
  },
): Promise<HistoryPage> {
  const { userId, cursor, pageSize, signal, newerThan, accessToken } = params;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_HISTORY_PAGE_SIZE) {
    throw new CheckInHistoryError(`pageSize must be a whole number from 1 to ${MAX_HISTORY_PAGE_SIZE}; got ${pageSize}.`);
  }
  if (cursor !== null && Number.isNaN(Date.parse(cursor))) {
    throw new CheckInHistoryError(
      `cursor must be the checkin_date (an ISO 8601 timestamp) of the last check-in of the previous page; got "${cursor}".`,
    );
  }

  // No retries inside supabase-js: the sync engine that calls this has its own backoff, and must hear of a failure now.
  let query = client.from("check_ins").select(CHECK_IN_COLUMNS).eq("user_id", userId).retry(false);
  if (cursor !== null) query = query.lt("checkin_date", cursor);
  if (newerThan !== undefined) query = query.gt("checkin_date", newerThan);
  query = query.order("checkin_date", { ascending: false }).limit(pageSize + 1);
  if (signal) query = query.abortSignal(signal);
  if (accessToken !== undefined) query = query.setHeader("Authorization", `Bearer ${accessToken}`);
  const { data, error, status } = await query;
  if (error) throw historyError(error, status);

  const rows = data.map(toCheckIn);
  if (rows.length <= pageSize) return { items: sortTies(rows), nextCursor: null };

  const last = rows[pageSize - 1]!;
  const extra = rows[pageSize]!;
  if (!sameInstant(last.checkin_date, extra.checkin_date)) {
    return { items: sortTies(rows.slice(0, pageSize)), nextCursor: last.checkin_date };
  }

  // The page would end inside a group of equal timestamps: take the whole group (see above).
  let tie = client
    .from("check_ins")
    .select(CHECK_IN_COLUMNS)
    .eq("user_id", userId)
    .eq("checkin_date", last.checkin_date)
    .retry(false)
    .order("checkin_date", { ascending: false })
    .limit(MAX_TIED_CHECK_INS + 1);
  if (signal) tie = tie.abortSignal(signal);
  if (accessToken !== undefined) tie = tie.setHeader("Authorization", `Bearer ${accessToken}`);
  const tied = await tie;
  if (tied.error) throw historyError(tied.error, tied.status);
  if (tied.data.length > MAX_TIED_CHECK_INS) {
    throw new CheckInHistoryError(
      `More than ${MAX_TIED_CHECK_INS} check-ins share the timestamp ${last.checkin_date}, so history cannot page past them. ` +
        "Give imported check-ins distinct times.",
    );
  }
  const before = rows.filter((r) => !sameInstant(r.checkin_date, last.checkin_date));
  const items = sortTies([...before, ...tied.data.map(toCheckIn)]);
  // Is anything older than the group? The first query saw pageSize + 1 rows, all at or after the group's timestamp, so
  // only another query could tell; returning the cursor costs at most one empty page at the very end.
  return { items, nextCursor: last.checkin_date };
}

type Row = Pick<
  Database["public"]["Tables"]["check_ins"]["Row"],
  "id" | "user_id" | "checkin_date" | "mood" | "energy" | "stress" | "sleep_hours" | "activity_minutes" | "notes" | "created_at"
>;

function toCheckIn(row: Row): CheckIn {
  return {
    id: row.id,
    user_id: row.user_id,
    checkin_date: row.checkin_date,
    mood: row.mood,
    energy: row.energy,
    stress: row.stress,
    sleep_hours: row.sleep_hours,
    activity_minutes: row.activity_minutes,
    notes: row.notes,
    created_at: row.created_at,
  };
}

/** PostgREST formats every timestamptz the same way, with microseconds; Date.parse would round those to milliseconds. */
function sameInstant(a: string, b: string): boolean {
  return a === b;
}

/** Newest first; equal timestamps by id, so the order is stable however the database returned them. */
function sortTies(items: CheckIn[]): CheckIn[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      if (a.item.checkin_date === b.item.checkin_date) return a.item.id < b.item.id ? 1 : a.item.id > b.item.id ? -1 : 0;
      return a.index - b.index;
    })
    .map(({ item }) => item);
}

function historyError(error: { message: string; code?: string }, status: number): CheckInHistoryError {
  const e = new CheckInHistoryError(
    `Could not load check-in history (${error.code ?? "no code"}: ${error.message}). Check the connection and that you are signed in, then retry.`,
    { cause: error },
  );
  e.status = status;
  e.code = error.code ?? null;
  return e;
}
