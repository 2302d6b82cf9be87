// End-to-end timing of the app's query functions through the test stack (supabase-js → gateway → real PostgREST 12.0.2
// → PostgreSQL), shared by the 1M study (scripts/db/bench-detail.ts) and the scale curve (scripts/db/scale.ts).
import { performance } from "node:perf_hooks";
import { fetchCheckInHistory } from "./server-queries/history";
import { fetchPredictionsByType } from "./server-queries/predictions-by-type";
import { stackClient } from "../../tests/db/support/supabase-client";
import { SERVICE_ROLE_KEY, signJwt } from "../../tests/stack/jwt";
import type { SupabaseStack } from "../../tests/stack/start-stack";
import { median } from "./load";

export const PAGE_SIZE = 20;

export const PREDICTION_TYPES = ["mood_tomorrow", "burnout_risk", "sleep_quality", "stress_forecast", "energy_dip"] as const;

export type Query = "history" | "predictions";

/** A picker of one of `users` at random. */
export const randomOf = (users: readonly string[]) => () => users[Math.floor(Math.random() * users.length)]!;

/**
 * Median time of one of the app's query functions for random users, through supabase-js, the gateway and the real
 * PostgREST (which runs it in a transaction with the role and JWT claims set, as a prepared statement). The time is
 * the whole HTTP round trip over localhost, so it includes PostgREST's own work, not only PostgreSQL's.
 */
export async function postgrestP50(
  stack: SupabaseStack,
  query: Query,
  options: { role: "authenticated" | "service_role"; pickUser: () => string; runs: number; randomType?: boolean },
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const user = options.pickUser();
    const token =
      options.role === "service_role" ? SERVICE_ROLE_KEY : signJwt({ role: "authenticated", aud: "authenticated", sub: user, exp: 4102444800 }, stack.jwtSecret);
    const client = stackClient(stack.url, stack.anonKey, { accessToken: token });
    const type = options.randomType ? PREDICTION_TYPES[user.charCodeAt(0) % 5]! : "stress_forecast";
    const start = performance.now();
    const count =
      query === "history"
        ? (await fetchCheckInHistory(client, { userId: user, cursor: null, pageSize: PAGE_SIZE })).items.length
        : (await fetchPredictionsByType(client, { userId: user, type, limit: PAGE_SIZE })).length;
    times.push(performance.now() - start);
    if (count === 0) throw new Error(`${query}: no rows for ${user}`);
  }
  return median(times);
}
