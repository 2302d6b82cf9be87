import { describe, expect, it } from "vitest";
import { clientWithFetch } from "@/tests/db/support/supabase-client";
import { CHECK_IN_COLUMNS, CheckInHistoryError, fetchCheckInHistory } from "./history";

// Mocked PostgREST: no server; a custom fetch records the requests supabase-js makes and answers with canned rows.
// tests/db/queries.test.ts runs the same requests as SQL on real PostgreSQL.
function mockedPostgrest(responses: unknown[][]) {
  const urls: URL[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    urls.push(url);
    expect(init?.method ?? "GET").toBe("GET");
    const body = responses.shift() ?? [];
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  };
  const client = clientWithFetch(fetch);
  return { client, urls };
}

const USER = "11111111-1111-4111-8111-111111111111";
const row = (n: number, date: string) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  user_id: USER,
  checkin_date: date,
  mood: 5,
  energy: 5,
  stress: 5,
  sleep_hours: 7.5,
  activity_minutes: 30,
  notes: null,
  created_at: date,
});

describe("fetchCheckInHistory (mocked PostgREST)", () => {
  it("asks for one page plus one row, newest first, filtered by user and keyset cursor", async () => {
    const { client, urls } = mockedPostgrest([[row(1, "2026-11-02T10:00:00+00:00")]]);
    const cursor = "2026-11-03T08:30:00.123456+00:00";
    const page = await fetchCheckInHistory(client, { userId: USER, cursor, pageSize: 20 });
    expect(urls).toHaveLength(1);
    const url = urls[0]!;
    expect(url.pathname).toBe("/rest/v1/check_ins");
    expect(url.searchParams.get("select")).toBe(CHECK_IN_COLUMNS);
    expect(url.searchParams.get("user_id")).toBe(`eq.${USER}`);
    // The "+" of the offset must arrive as %2B, or PostgREST would read a space and reject the timestamp.
    expect(url.search).toContain("checkin_date=lt.2026-11-03T08%3A30%3A00.123456%2B00%3A00");
    expect(url.searchParams.get("checkin_date")).toBe(`lt.${cursor}`);
    expect(url.searchParams.get("order")).toBe("checkin_date.desc");
    expect(url.searchParams.get("limit")).toBe("21");
    expect(url.searchParams.has("offset")).toBe(false);
    expect(page).toEqual({ items: [row(1, "2026-11-02T10:00:00+00:00")], nextCursor: null });
  });

  it("has no cursor filter on the first page, and returns the last item's date as the next cursor", async () => {
    const rows = [3, 2, 1].map((d) => row(d, `2026-11-0${d}T10:00:00+00:00`));
    const { client, urls } = mockedPostgrest([rows]);
    const page = await fetchCheckInHistory(client, { userId: USER, cursor: null, pageSize: 2 });
    expect(urls[0]!.searchParams.has("checkin_date")).toBe(false);
    expect(urls[0]!.searchParams.get("limit")).toBe("3");
    expect(page.items.map((i) => i.id)).toEqual([rows[0]!.id, rows[1]!.id]);
    expect(page.nextCursor).toBe("2026-11-02T10:00:00+00:00");
  });

  it("extends a page that would end inside a group of equal timestamps with the whole group", async () => {
    const tie = "2026-11-02T10:00:00+00:00";
    const first = [row(9, "2026-11-03T10:00:00+00:00"), row(1, tie), row(2, tie)];
    const group = [row(2, tie), row(3, tie), row(1, tie)];
    const { client, urls } = mockedPostgrest([first, group]);
    const page = await fetchCheckInHistory(client, { userId: USER, cursor: null, pageSize: 2 });
    expect(urls).toHaveLength(2);
    expect(urls[1]!.searchParams.get("checkin_date")).toBe(`eq.${tie}`);
    expect(urls[1]!.searchParams.get("user_id")).toBe(`eq.${USER}`);
    // Newest first; inside the tie by id, descending.
    expect(page.items.map((i) => i.id)).toEqual([row(9, "").id, row(3, "").id, row(2, "").id, row(1, "").id]);
    expect(page.nextCursor).toBe(tie);
  });

  it("rejects a bad page size or cursor before any request", async () => {
    const { client, urls } = mockedPostgrest([]);
    await expect(fetchCheckInHistory(client, { userId: USER, cursor: null, pageSize: 0 })).rejects.toThrow(CheckInHistoryError);
    await expect(fetchCheckInHistory(client, { userId: USER, cursor: "yesterday", pageSize: 10 })).rejects.toThrow(
      /cursor must be the checkin_date/,
    );
    expect(urls).toHaveLength(0);
  });

  it("turns a PostgREST error into a CheckInHistoryError that keeps the cause", async () => {
    const fetch = async () =>
      new Response(JSON.stringify({ code: "42501", message: "permission denied for table check_ins", details: null, hint: null }), {
        status: 401,
        headers: { "content-type": "application/json" },
      });
    const client = clientWithFetch(fetch);
    const error = await fetchCheckInHistory(client, { userId: USER, cursor: null, pageSize: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckInHistoryError);
    expect((error as Error).message).toMatch(/42501: permission denied/);
    expect((error as Error).cause).toMatchObject({ code: "42501" });
  });

  it("passes the abort signal to the request", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen = init?.signal ?? undefined;
      return new Response("[]", { status: 200, headers: { "content-type": "application/json" } });
    };
    const client = clientWithFetch(fetch);
    await fetchCheckInHistory(client, { userId: USER, cursor: null, pageSize: 10, signal: controller.signal });
    controller.abort();
    expect(seen?.aborted).toBe(true);
  });
});
