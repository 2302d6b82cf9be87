import { describe, expect, it } from "vitest";
import type { PredictionType } from "@/lib/domain/prediction";
import { clientWithFetch } from "@/tests/db/support/supabase-client";
import { fetchPredictionsByType, PREDICTION_COLUMNS, PredictionsByTypeError } from "./predictions-by-type";

// Mocked PostgREST: a custom fetch records what supabase-js asks for; tests/db/queries.test.ts runs it on PostgreSQL.
describe("fetchPredictionsByType (mocked PostgREST)", () => {
  const USER = "11111111-1111-4111-8111-111111111111";
  const stored = {
    id: "22222222-2222-4222-8222-222222222222",
    user_id: USER,
    checkin_id: "33333333-3333-4333-8333-333333333333",
    prediction_type: "burnout_risk",
    model_name: "lgbm_burnout_v1",
    model_version: "1",
    label: "no",
    score: 0.82,
    probabilities: [0.82, 0.18],
    created_at: "2026-11-29T10:00:00.5+00:00",
  };

  it("filters by user and type, newest first, limited", async () => {
    const urls: URL[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      urls.push(new URL(input instanceof Request ? input.url : String(input)));
      return new Response(JSON.stringify([stored]), { status: 200, headers: { "content-type": "application/json" } });
    };
    const client = clientWithFetch(fetch);
    const rows = await fetchPredictionsByType(client, { userId: USER, type: "burnout_risk", limit: 7 });
    const url = urls[0]!;
    expect(url.pathname).toBe("/rest/v1/predictions");
    expect(url.searchParams.get("select")).toBe(PREDICTION_COLUMNS);
    expect(url.searchParams.get("user_id")).toBe(`eq.${USER}`);
    expect(url.searchParams.get("prediction_type")).toBe("eq.burnout_risk");
    expect(url.searchParams.get("order")).toBe("created_at.desc");
    expect(url.searchParams.get("limit")).toBe("7");
    expect(rows).toEqual([stored]);
  });

  it("rejects an unknown type or a bad limit before any request", async () => {
    let requests = 0;
    const fetch = async () => {
      requests++;
      return new Response("[]", { status: 200 });
    };
    const client = clientWithFetch(fetch);
    await expect(
      fetchPredictionsByType(client, { userId: USER, type: "weather" as PredictionType, limit: 5 }),
    ).rejects.toThrow(/Unknown prediction type "weather"/);
    await expect(fetchPredictionsByType(client, { userId: USER, type: "energy_dip", limit: 1000 })).rejects.toThrow(
      PredictionsByTypeError,
    );
    expect(requests).toBe(0);
  });
});
