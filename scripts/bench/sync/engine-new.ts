// idb checks values against the global IDBRequest and friends: fake-indexeddb/auto provides them (each device still
// opens its own factory).
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { ChangeBus } from "@/lib/data/local/data-changes";
import { countLocalCheckIns, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { type LocalStore, openLocalStore } from "@/lib/data/local/local-db";
import { putLocalPredictions } from "@/lib/data/local/local-predictions";
import { countQueue } from "@/lib/data/local/local-sync-queue";
import { setAccount } from "@/lib/data/session/account";
import { SyncEngine } from "@/lib/data/sync/sync-engine";
import type { Prediction } from "@/lib/domain/prediction";
import { stackClient } from "../../../tests/db/support/supabase-client";
import { type BenchEngine, type BenchEngineContext, BenchEngineError } from "./bench-engine";
import type { BenchRows } from "./rows";

type Device = { store: LocalStore; engine: SyncEngine };

/**
 * Issue 18's SyncEngine as the app runs it (docs/sync-design.md §4): a device is its own local store on its own
 * fake-indexeddb factory, the person signed in through real auth-js against the stack's Auth, and the engine's
 * requests going through the gateway by plain fetch. Push = `request("never")` on the device that saved; pull = a new
 * device's first `request("always")`.
 */
export async function newEngine(ctx: BenchEngineContext): Promise<BenchEngine> {
  const devices: Device[] = [];
  const network = { ms: 0, calls: 0 };
  const timedFetch: typeof fetch = async (input, init) => {
    const started = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      network.ms += performance.now() - started;
      network.calls += 1;
    }
  };
  const device = async (name: string): Promise<Device> => {
    const factory = new IDBFactory();
    const store = openLocalStore({ factory: () => factory, name });
    const client = stackClient(ctx.url, ctx.anonKey);
    const { error } = await client.auth.signInWithPassword({ email: ctx.email, password: ctx.password });
    if (error) throw new BenchEngineError(`sign-in for the benchmark failed: ${error.message}`);
    await setAccount(store, { userId: ctx.userId, email: ctx.email, status: "active" });
    const engine = new SyncEngine({
      store,
      bus: new ChangeBus(null),
      rest: { url: ctx.url, anonKey: ctx.anonKey, fetch: timedFetch },
      auth: client.auth,
      locks: null,
      clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      random: Math.random,
      isOnline: () => true,
    });
    const made = { store, engine };
    devices.push(made);
    return made;
  };
  const saver = await device("bench-saver");
  const settled = (d: Device, what: string) => {
    const status = d.engine.getStatus();
    if (status.phase !== "idle") throw new BenchEngineError(`${what} ended "${status.phase}": ${status.message ?? "no message"}`);
  };
  return {
    name: "issue 18 SyncEngine (push_changes batches, change-feed pull)",
    network,
    async seedQueue(rows: BenchRows) {
      const byCheckIn = new Map<string, Prediction[]>();
      for (const p of rows.predictions) byCheckIn.set(p.checkin_id, [...(byCheckIn.get(p.checkin_id) ?? []), p]);
      for (const checkIn of rows.checkIns) {
        await putLocalCheckIn(saver.store, checkIn, { queue: true });
        await putLocalPredictions(saver.store, byCheckIn.get(checkIn.id) ?? [], { queue: true });
      }
    },
    async push() {
      await saver.engine.request("never");
      settled(saver, "the push");
      const left = await countQueue(saver.store, ctx.userId);
      if (left.pending + left.rejected > 0) throw new BenchEngineError(`${left.pending} pending and ${left.rejected} refused entries left after the push`);
    },
    async pullFresh() {
      const fresh = await device(`bench-puller-${devices.length}`);
      await fresh.engine.request("always");
      settled(fresh, "the pull");
      return countLocalCheckIns(fresh.store, ctx.userId);
    },
    async close() {
      for (const d of devices) {
        d.engine.stop();
        d.store.close();
      }
    },
  };
}
