import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import { countPendingCheckIns } from "@/lib/data/outbox/outbox-store";
import { createSupabaseDataSource } from "@/lib/data/source/supabase-data-source";
import { mockedSupabaseClient } from "@/lib/data/testing/mocked-supabase";
import { resetLocalDbForTests } from "@/lib/data/local/local-db";

// The requests the app makes in Supabase mode, with Supabase's hosted API mocked (mocked PostgREST).
const USER = "b7c9a3e0-1111-4222-8333-944455556666";

const row = (day: number): CheckIn => {
  const d = new Date(Date.UTC(2026, 10, day, 8)).toISOString();
  return { id: crypto.randomUUID(), user_id: USER, checkin_date: d, created_at: d, mood: 5, energy: 5, stress: 5, sleep_hours: 7, activity_minutes: 10, notes: null };
};

function recordingFetch(state: { online: boolean; requests: Request[]; rows: unknown[] }) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (!state.online) throw new TypeError("Failed to fetch");
    state.requests.push(request);
    if (request.method === "GET") {
      return new Response(JSON.stringify(state.rows), { status: 200, headers: { "content-type": "application/json" } });
    }
    return new Response(null, { status: 201 });
  };
}

beforeEach(async () => {
  await resetLocalDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe("Supabase data source (mocked PostgREST)", () => {
  it("asks for one user's history newest first, a page at a time, below the cursor", async () => {
    const state = { online: true, requests: [] as Request[], rows: [row(29), row(28)] as unknown[] };
    const source = createSupabaseDataSource(mockedSupabaseClient(recordingFetch(state)));

    const first = await source.checkInHistory({ userId: USER, cursor: null, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    const url1 = new URL(state.requests[0]!.url);
    expect(url1.pathname).toBe("/rest/v1/check_ins");
    expect(url1.searchParams.get("user_id")).toBe(`eq.${USER}`);
    expect(url1.searchParams.get("order")).toMatch(/^checkin_date\.desc/);
    // Keyset pagination may ask for one extra row to know whether another page follows.
    expect(Number(url1.searchParams.get("limit"))).toBeGreaterThanOrEqual(2);
    expect(Number(url1.searchParams.get("limit"))).toBeLessThanOrEqual(3);
    expect(url1.searchParams.has("checkin_date")).toBe(false);

    const cursor = "2026-11-28T08:00:00.000Z";
    await source.checkInHistory({ userId: USER, cursor, pageSize: 2 });
    const url2 = new URL(state.requests[1]!.url);
    expect(url2.searchParams.getAll("checkin_date").join(",")).toContain(`lt.${cursor}`);
  });

  it("asks for predictions of one type, newest first, limited", async () => {
    const prediction = {
      id: crypto.randomUUID(), user_id: USER, checkin_id: crypto.randomUUID(), prediction_type: "burnout_risk",
      model_name: "lgbm_burnout_v1", model_version: "1", label: "no", score: "0.81", probabilities: [0.81, 0.19],
      created_at: "2026-11-29T08:00:00.000Z",
    };
    const state = { online: true, requests: [] as Request[], rows: [prediction] as unknown[] };
    const source = createSupabaseDataSource(mockedSupabaseClient(recordingFetch(state)));
    const rows = await source.predictionsByType({ userId: USER, type: "burnout_risk", limit: 50 });
    // numeric comes back from PostgREST as a string; the app gets a number.
    expect(rows[0]).toMatchObject({ prediction_type: "burnout_risk", score: 0.81, probabilities: [0.81, 0.19] });
    const url = new URL(state.requests[0]!.url);
    expect(url.pathname).toBe("/rest/v1/predictions");
    expect(url.searchParams.get("user_id")).toBe(`eq.${USER}`);
    expect(url.searchParams.get("prediction_type")).toBe("eq.burnout_risk");
    expect(url.searchParams.get("order")).toMatch(/^created_at\.desc/);
    expect(url.searchParams.get("limit")).toBe("50");
  });

  it("queues a check-in made offline and reports it as waiting; sends it when saved again online", async () => {
    const state = { online: false, requests: [] as Request[], rows: [] as unknown[] };
    const source = createSupabaseDataSource(mockedSupabaseClient(recordingFetch(state)));
    expect(await source.saveCheckIn(row(29))).toEqual({ queued: true });
    expect(await countPendingCheckIns()).toBe(1);
    state.online = true;
    expect(await source.saveCheckIn(row(30))).toEqual({ queued: false });
    expect(await countPendingCheckIns()).toBe(0);
    expect(state.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "POST /rest/v1/check_ins",
      "POST /rest/v1/check_ins",
    ]);
  });
});
