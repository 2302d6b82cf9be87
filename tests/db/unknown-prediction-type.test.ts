import "fake-indexeddb/auto";
import { randomUUID } from "node:crypto";
import { IDBFactory } from "fake-indexeddb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeBus } from "@/lib/data/local/data-changes";
import { currentGeneration } from "@/lib/data/local/generation";
import { getFeedState } from "@/lib/data/local/local-feed";
import { listAllLocalCheckIns } from "@/lib/data/local/local-check-ins";
import { browserLocalStore, resetLocalDbForTests } from "@/lib/data/local/local-db";
import { listAllLocalPredictions } from "@/lib/data/local/local-predictions";
import { setAccount } from "@/lib/data/session/account";
import { pullChanges } from "@/lib/data/sync/pull";
import { SyncEngine } from "@/lib/data/sync/sync-engine";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";
import { buildTrackRecord } from "@/lib/predictions/track-record";
import { startSupabaseStack, type SupabaseStack } from "@/tests/stack/start-stack";
import { stackClient } from "./support/supabase-client";

/**
 * A newer app version adds a sixth prediction type (its migration widens predictions_prediction_type_known) and a
 * person's newer device stores rows of it. This older version, on their other device, must keep pulling: it skips
 * the rows it cannot word and takes everything else, through real PostgREST 12.0.2 and PostgreSQL.
 */
const PASSWORD = "correct horse battery";
const FUTURE_TYPE = "focus_tomorrow";
// A second unknown type: 014 allows one prediction per (check-in, type), and the engine's round below adds one more.
const LATER_FUTURE_TYPE = "social_battery";

describe("an older app meets a prediction type it does not know", () => {
  let stack: SupabaseStack;
  let alice: { id: string; email: string };

  beforeAll(async () => {
    stack = await startSupabaseStack();
    alice = { email: "alice@example.com", ...(await stack.control.createUser("alice@example.com", PASSWORD)) };
    // What the newer version's migration does.
    const known = [...PREDICTION_TYPES, FUTURE_TYPE, LATER_FUTURE_TYPE].map((t) => `'${t}'`).join(", ");
    await stack.control.rows(
      `alter table public.predictions drop constraint predictions_prediction_type_known,
         add constraint predictions_prediction_type_known check (prediction_type in (${known}))`,
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("pulls past the unknown rows, keeps the known ones, and scores them", async () => {
    await resetLocalDbForTests();
    globalThis.indexedDB = new IDBFactory();
    const store = browserLocalStore();
    const client = stackClient(stack.url, stack.anonKey);
    const { error } = await client.auth.signInWithPassword({ email: alice.email, password: PASSWORD });
    if (error) throw error;
    await setAccount(store, { userId: alice.id, email: alice.email, status: "active" });

    // Two days, each with a known and an unknown prediction; the unknown ones sit between known ones in the feed.
    const days = [randomUUID(), randomUUID()];
    for (const [i, id] of days.entries()) {
      await stack.control.rows(
        "insert into public.check_ins (id, user_id, checkin_date, mood, energy, stress, sleep_hours) values ($1, $2, $3, 6, 6, $4, 7)",
        [id, alice.id, `2026-03-0${i + 2} 20:00+00`, 4 + i],
      );
      for (const type of [FUTURE_TYPE, "stress_forecast"]) {
        await stack.control.rows(
          "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score) values ($1, $2, $3, 'm', '1', 5.5)",
          [alice.id, id, type],
        );
      }
    }
    const token = (await client.auth.getSession()).data.session!.access_token;
    const transport = { url: stack.url, anonKey: stack.anonKey, fetch: globalThis.fetch };
    const result = await pullChanges({ store, transport, token, userId: alice.id, generation: await currentGeneration(store) });

    const [state] = await stack.control.rows<{ last_change: string }>("select last_change from public.sync_state where user_id = $1", [alice.id]);
    const last_change = state!.last_change;
    // The cursor is past the unknown rows: they are not read again on every pull.
    expect(result.state.cursor).toBe(Number(last_change));
    expect((await getFeedState(store, alice.id))?.cursor).toBe(Number(last_change));
    expect((await listAllLocalCheckIns(store, alice.id)).map((c) => c.id).sort()).toEqual([...days].sort());
    const predictions = await listAllLocalPredictions(store, alice.id);
    expect(predictions.map((p) => p.prediction_type)).toEqual(["stress_forecast", "stress_forecast"]);

    const entries = buildTrackRecord({
      checkIns: await listAllLocalCheckIns(store, alice.id),
      predictions,
      timeZone: "UTC",
      now: Date.parse("2026-03-05T12:00:00Z"),
    });
    expect(entries.find((e) => e.result.kind === "error")?.result).toMatchObject({ kind: "error", predicted: 5.5, actual: 5 });

    // And the engine as the app runs it: a sync round ends in success, nothing set aside.
    const engine = new SyncEngine({
      store,
      bus: new ChangeBus(null),
      rest: transport,
      auth: client.auth,
      locks: null,
      clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      random: () => 0,
      isOnline: () => true,
    });
    await stack.control.rows(
      "insert into public.predictions (user_id, checkin_id, prediction_type, model_name, model_version, score) values ($1, $2, $3, 'm', '1', 0.5)",
      [alice.id, days[0], LATER_FUTURE_TYPE],
    );
    await engine.request("always");
    expect(engine.getStatus()).toMatchObject({ phase: "idle", message: null });
    expect((await listAllLocalPredictions(store, alice.id)).map((p) => p.prediction_type as string)).not.toContain(LATER_FUTURE_TYPE);
    expect((await getFeedState(store, alice.id))?.cursor).toBeGreaterThan(Number(last_change));
  });
});
