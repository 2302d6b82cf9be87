import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { checkInKeys } from "@/lib/data/check-ins/keys";
import { ChangeBus } from "@/lib/data/local/data-changes";
import { sessionKeys } from "@/lib/data/session/keys";
import { keepInStepWithLocalStore } from "./get-query-client";

const isStale = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;

describe("the browser query client keeps itself in step with the local store", () => {
  // The home page saves without TanStack Query (issue 20): nothing there invalidates. A History page opened before the
  // save left its rows in the client's cache (staleTime 60 s); only the client's own listener can make them stale.
  it("a save announced on the bus makes the saving user's cached history stale, and not another user's", () => {
    const client = new QueryClient();
    const bus = new ChangeBus(null);
    client.setQueryData(sessionKeys.currentUser(), { userId: "u1", email: null, status: "local" });
    client.setQueryData(checkInKeys.history("u1", 30), []);
    client.setQueryData(checkInKeys.history("u2", 30), []);
    const stop = keepInStepWithLocalStore(client, (listener) => bus.subscribe((change) => listener(change)));

    bus.notify("rows");
    expect(isStale(client, checkInKeys.history("u1", 30))).toBe(true);
    expect(isStale(client, checkInKeys.history("u2", 30))).toBe(false);
    stop();
  });

  it("with no user in the cache yet, refreshes everything (someone may have signed in)", () => {
    const client = new QueryClient();
    const bus = new ChangeBus(null);
    client.setQueryData(checkInKeys.history("u2", 30), []);
    keepInStepWithLocalStore(client, (listener) => bus.subscribe((change) => listener(change)));
    bus.notify("queue");
    expect(isStale(client, checkInKeys.history("u2", 30))).toBe(true);
  });
});
