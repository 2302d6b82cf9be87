import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import type { CheckIn } from "@/lib/domain/check-in";
import { flushOutbox } from "@/lib/data/outbox/flush-outbox";
import { countPendingCheckIns, enqueueOutbox, listOutbox } from "@/lib/data/outbox/outbox-store";
import type { Prediction } from "@/lib/domain/prediction";
import { resetLocalDbForTests } from "@/lib/data/local/local-db";
import { mockedSupabaseClient } from "@/lib/data/testing/mocked-supabase";

// Supabase's hosted API is the one thing mocked here (mocked PostgREST): real supabase-js, real outbox in (fake) IndexedDB.
type Recorded = { method: string; url: URL; headers: Headers; body: unknown };

function mockedPostgrest(state: { online: boolean; calls: Recorded[] }) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (!state.online) throw new TypeError("Failed to fetch");
    const text = await request.text();
    state.calls.push({ method: request.method, url: new URL(request.url), headers: request.headers, body: text ? JSON.parse(text) : null });
    return new Response(null, { status: 201 });
  };
}

const checkIn: CheckIn = {
  id: "3f1c2a57-2f0a-4d9e-9a52-6b1b6d1f2a01", user_id: "b7c9a3e0-1111-4222-8333-944455556666",
  checkin_date: "2026-11-29T08:00:00.000Z", created_at: "2026-11-29T08:00:00.000Z",
  mood: 6, energy: 5, stress: 4, sleep_hours: 7.5, activity_minutes: 20, notes: "offline",
};
const prediction: Prediction = {
  id: "0c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f", user_id: checkIn.user_id, checkin_id: checkIn.id,
  prediction_type: "mood_tomorrow", model_name: "lgbm_multiclass_v1", model_version: "1",
  label: "steady", score: 0.62, probabilities: [0.18, 0.62, 0.2], created_at: "2026-11-29T08:00:01.000Z",
};

beforeEach(async () => {
  await resetLocalDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe("offline outbox (mocked PostgREST)", () => {
  it("keeps check-ins made offline across a reload and sends them, in order, once back online", async () => {
    const state = { online: false, calls: [] as Recorded[] };
    const client = mockedSupabaseClient(mockedPostgrest(state));

    await enqueueOutbox({ kind: "check_in", checkIn, queuedAt: new Date().toISOString() });
    await enqueueOutbox({ kind: "predictions", predictions: [prediction], queuedAt: new Date().toISOString() });
    const offline = await flushOutbox(client);
    expect(offline).toMatchObject({ sent: 0, remaining: 2 });
    expect(offline.error).toMatch(/Failed to fetch/);

    // A reload: the page's connection to IndexedDB is gone, the queue is not.
    await resetLocalDbForTests();
    expect(await countPendingCheckIns()).toBe(1);

    state.online = true;
    const online = await flushOutbox(client);
    expect(online).toEqual({ sent: 2, remaining: 0 });
    expect(await listOutbox()).toEqual([]);

    const [first, second] = state.calls;
    expect(first?.method).toBe("POST");
    expect(first?.url.pathname).toBe("/rest/v1/check_ins");
    expect(first?.url.searchParams.get("on_conflict")).toBe("id");
    // Ids are made in the browser: a resend after a lost response must not create a second row.
    expect(first?.headers.get("prefer")).toContain("resolution=ignore-duplicates");
    expect(first?.body).toMatchObject({ id: checkIn.id, user_id: checkIn.user_id, mood: 6, notes: "offline" });
    expect(second?.url.pathname).toBe("/rest/v1/predictions");
    expect(second?.body).toEqual([expect.objectContaining({ checkin_id: checkIn.id, model_name: "lgbm_multiclass_v1", model_version: "1" })]);
  });

  it("stops at a rejected write and keeps it (with the reason) instead of dropping it", async () => {
    const client = mockedSupabaseClient(
      async () =>
          new Response(JSON.stringify({ code: "42501", message: "new row violates row-level security policy" }), {
            status: 403,
            headers: { "content-type": "application/json" },
          }),
    );
    await enqueueOutbox({ kind: "check_in", checkIn, queuedAt: new Date().toISOString() });
    const result = await flushOutbox(client);
    expect(result).toMatchObject({ sent: 0, remaining: 1 });
    const [item] = await listOutbox();
    expect(item?.lastError).toMatch(/row-level security/);
  });
});
