import { GoTrueClient } from "@supabase/auth-js";
import { unwrap } from "idb";
import { saveCheckIn } from "@/lib/data/check-ins/save-check-in";
import { ChangeBus } from "@/lib/data/local/data-changes";
import { listLocalCheckIns } from "@/lib/data/local/local-check-ins";
import { openLocalStore } from "@/lib/data/local/local-db";
import { getAccount } from "@/lib/data/session/account";
import { SyncEngine } from "@/lib/data/sync/sync-engine";
import type { CheckIn, CheckInInput } from "@/lib/domain/check-in";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";
import type { PredictionOutcome } from "@/lib/predictions/run-predictions";
import type { SimStorage } from "@/tests/sim/device-fakes";
import { killConnection } from "@/tests/sim/idb-faults";
import { SERVER_URL } from "@/tests/sim/network";
import { ANON_KEY } from "@/tests/stack/jwt";

/**
 * The ONLY file of the simulation that knows the app's sync API (docs/sync-design.md section 4). The harness drives
 * tabs through `SimTab` and reads devices through `readDevice`; everything here is the app's own code, wired the way
 * the page wires it (lib/data/sync/start-sync.ts, the sign-in form, the header's Sign out, Your data's Delete).
 */
export type TabEnv = {
  key: string;
  factory: IDBFactory;
  dbName: string;
  fetch: typeof fetch;
  storage: SimStorage;
  locks: LockManager | null;
  channel: ((name: string) => BroadcastChannel) | null;
  clock: { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  random: () => number;
  isOnline: () => boolean;
};

export type SimTab = {
  /** Signs in on this tab (the sign-in form); resolves with the user id. */
  signIn(email: string, password: string): Promise<string>;
  /** Saves a check-in (the form's Save); resolves with its id when the person sees it saved. */
  /** Resolves with the check-in's id and the person it was stored under (the account at that moment, whoever the
   * schedule last signed in on this tab: another tab may have switched the device's account meanwhile). */
  save(variant: number, predictMs: number, wait: (ms: number) => Promise<void>): Promise<{ id: string; userId: string }>;
  /** The header's Sign out: asks only when something is unsent, then keeps or deletes it as the person chose. */
  /** Resolves with the person signed out: the device's account at that moment (another tab may have switched it). */
  signOut(keepUnsent: boolean): Promise<string>;
  deleteMyData(userId: string): Promise<void>;
  /** Focus, visibility, `online`: what makes the page ask for a run. */
  nudge(pull: "always" | "throttled"): void;
  phase(): string;
  close(): void;
  kill(): void;
};

export type Ref = { id: string; userId: string };
export type DeviceSnapshot = {
  /** Every check-in row in the store, synced or not. */
  checkIns: Ref[];
  queued: Ref[];
  attention: Ref[];
  /** What the app's own History query shows this person. */
  visibleTo(userId: string): Promise<Ref[]>;
};

const AUTH_STORAGE_KEY = "sb-sim-auth-token";
const DATA_CHANNEL = "checkin-data-changes";

function simAuth(env: TabEnv): GoTrueClient {
  const auth = new GoTrueClient({
    url: `${SERVER_URL}/auth/v1`, headers: { apikey: ANON_KEY }, storage: env.storage, storageKey: AUTH_STORAGE_KEY,
    autoRefreshToken: false, persistSession: true, detectSessionInUrl: false, fetch: env.fetch,
  });
  // auth-js tells a browser's other tabs of its events on a BroadcastChannel when it runs in a browser; Node is not
  // one, so wire the same channel (when the device has BroadcastChannel) the way auth-js does.
  if (env.channel) {
    const channel = env.channel(`${AUTH_STORAGE_KEY}`);
    const internal = auth as unknown as { broadcastChannel: BroadcastChannel | null; _notifyAllSubscribers(event: string, session: unknown, broadcast: boolean): Promise<void> };
    internal.broadcastChannel = channel;
    channel.addEventListener("message", (event: MessageEvent) => {
      const data = event.data as { event: string; session: unknown };
      void internal._notifyAllSubscribers(data.event, data.session, false).catch(() => undefined);
    });
  }
  return auth;
}

/** Five predictions that take `ms` of virtual time: the models' run, as long as the schedule says. */
function fakePredict(wait: (ms: number) => Promise<void>, ms: number) {
  return async (checkIn: CheckIn): Promise<PredictionOutcome[]> => {
    await wait(ms);
    return PREDICTION_TYPES.map((type) => ({
      type, ok: true as const,
      prediction: { id: crypto.randomUUID(), user_id: checkIn.user_id, checkin_id: checkIn.id, prediction_type: type, model_name: `sim-${type}`, model_version: "1", label: null, score: 0.5, probabilities: null, created_at: checkIn.created_at },
    }));
  };
}

export async function openTab(env: TabEnv): Promise<SimTab> {
  const store = openLocalStore({ factory: () => env.factory, name: env.dbName });
  const bus = new ChangeBus(env.channel ? env.channel(DATA_CHANNEL) : null);
  const auth = simAuth(env);
  const engine = new SyncEngine({
    store, bus, auth, locks: env.locks, clock: env.clock, random: env.random, isOnline: env.isOnline,
    rest: { url: SERVER_URL, anonKey: ANON_KEY, fetch: env.fetch },
  });
  // As lib/data/sync/start-sync.ts wires the page's engine.
  engine.watchAuth();
  const stopChanges = bus.subscribe((change, origin) => {
    if (change === "queue") void engine.request("never");
    if (change === "account" && origin === "other-tab") void engine.request("always");
  });
  void engine.request("always");

  return {
    async signIn(email, password) {
      const { data, error } = await auth.signInWithPassword({ email, password });
      if (error) throw error;
      await engine.adoptSession(data.session);
      return data.user.id;
    },
    async save(variant, predictMs, wait) {
      const input: CheckInInput = { mood: (variant % 10) + 1, energy: ((variant * 3) % 10) + 1, stress: ((variant * 7) % 10) + 1, sleep_hours: 7.5, activity_minutes: variant % 90, notes: variant % 4 === 0 ? `note ${variant}` : null };
      const result = await saveCheckIn(
        {
          store, bus, queue: true, now: env.clock.now, timeZone: "UTC",
          getUser: async () => {
            const account = await getAccount(store);
            return account && { userId: account.userId, email: account.email, status: account.status };
          },
          serverOffsetMs: () => engine.tokens.serverOffsetMs(),
          predict: fakePredict(wait, predictMs),
        },
        input,
      );
      return { id: result.checkIn.id, userId: result.checkIn.user_id };
    },
    async signOut(keepUnsent) {
      const account = await getAccount(store);
      if (!account) throw new Error("nobody is signed in on this tab");
      // As the header does: the count at the click; a sign-out that would now delete more than was seen refuses.
      const unsent = await engine.unsentCount(account.userId);
      await engine.signOut({ keepUnsent: unsent > 0 ? keepUnsent : false, unsentSeen: unsent });
      return account.userId;
    },
    deleteMyData: (userId) => engine.deleteMyData(userId),
    nudge: (pull) => void engine.request(pull),
    phase: () => engine.getStatus().phase,
    close() {
      engine.stop();
      stopChanges();
      bus.close();
      store.close();
    },
    kill() {
      // A killed page runs no more code of its own: what it had in IndexedDB's hands is aborted mid-transaction.
      void store.db().then((db) => killConnection(unwrap(db)), () => undefined);
    },
  };
}

export async function readDevice(factory: IDBFactory, dbName: string): Promise<DeviceSnapshot> {
  const open = () => openLocalStore({ factory: () => factory, name: dbName });
  const store = open();
  const db = await store.db();
  const rows = await db.getAll("check_ins");
  const queue = await db.getAll("sync_queue");
  store.close();
  const pick = (status: "pending" | "rejected") => queue.filter((e) => e.status === status).map((e) => ({ id: e.checkin_id, userId: e.user_id }));
  return {
    checkIns: rows.map((r) => ({ id: r.id, userId: r.user_id })),
    queued: pick("pending"),
    attention: pick("rejected"),
    visibleTo: async (userId) => {
      const store = open();
      try {
        const page = await listLocalCheckIns(store, { userId, cursor: null, pageSize: 10_000 });
        return page.items.map((r) => ({ id: r.id, userId: r.user_id }));
      } finally {
        store.close();
      }
    },
  };
}
