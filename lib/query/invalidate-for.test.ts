import { QueryClient, type QueryKey, QueryObserver } from "@tanstack/react-query";
import { beforeEach, describe, expect, it } from "vitest";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import { predictionKeys } from "@/lib/data/predictions/keys";
import { sessionKeys } from "@/lib/data/session/keys";
import { syncKeys } from "@/lib/data/sync/keys";
import { explainKeys } from "@/lib/explain/keys";
import { invalidateFor } from "./invalidate-for";

const A = "user-a";
const B = "user-b";

/** One cached query of each kind the app has, for two people; named so that a failure says which one. */
const QUERIES: Record<string, QueryKey> = {
  "A history": checkInKeys.history(A, 20),
  "A predictions": predictionKeys.byType(A, "mood_tomorrow", 30),
  "A track record": predictionKeys.trackRecord(A, null),
  "A queue": syncKeys.queue(A),
  "B history": checkInKeys.history(B, 20),
  "B predictions": predictionKeys.byType(B, "mood_tomorrow", 30),
  "B queue": syncKeys.queue(B),
  "current user": sessionKeys.currentUser(),
  explanation: explainKeys.prediction("p1", "sha"),
};

let queryClient: QueryClient;

beforeEach(() => {
  queryClient = new QueryClient();
  for (const key of Object.values(QUERIES)) queryClient.setQueryData(key, "cached");
});

const invalidated = () =>
  Object.entries(QUERIES)
    .filter(([, key]) => queryClient.getQueryState(key)?.isInvalidated)
    .map(([name]) => name);

describe("invalidateFor", () => {
  it("rows: that person's check-ins and predictions, nothing of anyone else", async () => {
    await invalidateFor(queryClient, "rows", A);
    expect(invalidated()).toEqual(["A history", "A predictions", "A track record"]);
  });

  it("queue: that person's queue and history (which marks what has not been sent)", async () => {
    await invalidateFor(queryClient, "queue", A);
    expect(invalidated()).toEqual(["A history", "A queue"]);
  });

  it("account: every query, whoever it belongs to", async () => {
    await invalidateFor(queryClient, "account", A);
    expect(invalidated()).toEqual(Object.keys(QUERIES));
  });

  it("a change whose person is not known: every query, as for an account change", async () => {
    await invalidateFor(queryClient, "rows", null);
    expect(invalidated()).toEqual(Object.keys(QUERIES));
  });

  it("resolves only once the active queries have refetched", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // An observer makes the query active, as a mounted page does; fresh forever, so only the invalidation refetches it.
    const key = checkInKeys.history(A, 20);
    const observer = new QueryObserver(queryClient, { queryKey: key, queryFn: () => gate.then(() => "fresh"), staleTime: Number.POSITIVE_INFINITY });
    const unsubscribe = observer.subscribe(() => undefined);
    const done = invalidateFor(queryClient, "rows", A).then(() => "resolved");
    // Every microtask has run by the next macrotask: a promise that did not wait for the refetch has settled by then.
    const afterMicrotasks = new Promise((resolve) => setImmediate(() => resolve("waiting")));
    expect(await Promise.race([done, afterMicrotasks])).toBe("waiting");
    release();
    expect(await done).toBe("resolved");
    expect(queryClient.getQueryData(key)).toBe("fresh");
    unsubscribe();
  });
});
