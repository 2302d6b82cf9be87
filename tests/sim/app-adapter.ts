import { GoTrueClient } from "@supabase/auth-js";
import { type IDBPDatabase, wrap } from "idb";
import type { SimStorage } from "@/tests/sim/device-fakes";
import { killConnection } from "@/tests/sim/idb-faults";
import { SERVER_URL } from "@/tests/sim/network";
import { ANON_KEY } from "@/tests/stack/jwt";

/**
 * The ONLY file of the simulation that knows the app's sync API. The harness drives tabs through `SimTab` and reads
 * devices through `readDevice`; everything here maps that onto the app's own code.
 *
 * PLACEHOLDER: until the engine of docs/sync-design.md section 4 lands on main, this is a toy app (auth-js + a
 * fake-indexeddb store + a naive push/pull) so the harness can run end to end. It is replaced by the real engine.
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
  /** Signs in on this tab (the person typed their password here); resolves with the user id. */
  signIn(email: string, password: string): Promise<string>;
  /** Another tab of this device signed in or out (the browser's storage event). */
  authChanged(): Promise<void>;
  /** Saves a check-in; resolves with its id when the person sees it saved. `predictMs`: the models' run time. */
  save(userId: string, variant: number, predictMs: number, wait: (ms: number) => Promise<void>): Promise<string>;
  signOut(keepUnsent: boolean): Promise<void>;
  deleteMyData(): Promise<void>;
  /** Focus, visibility, `online`: what makes the app ask for a run. */
  nudge(pull: "always" | "throttled"): void;
  phase(): string;
  close(): void;
  kill(): void;
};

export type DeviceSnapshot = {
  /** Every check-in row in the store, synced or not. */
  checkIns: { id: string; userId: string }[];
  queued: { id: string; userId: string }[];
  attention: { id: string; userId: string }[];
  /** What the app's own queries show this person (History). */
  visibleTo(userId: string): Promise<{ id: string; userId: string }[]>;
};

type Row = { id: string; user_id: string; checkin_date: string; mood: number; energy: number; stress: number; sleep_hours: number | null; activity_minutes: number | null; notes: string | null; created_at: string };
type QueueEntry = { id: string; user_id: string; state: "queued" | "attention" };

async function openStore(factory: IDBFactory, name: string): Promise<IDBPDatabase> {
  const request = factory.open(name, 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    db.createObjectStore("check_ins", { keyPath: "id" });
    db.createObjectStore("queue", { keyPath: "id" });
    db.createObjectStore("meta");
  };
  return wrap(request) as unknown as Promise<IDBPDatabase>;
}

export async function openTab(env: TabEnv): Promise<SimTab> {
  const auth = new GoTrueClient({
    url: `${SERVER_URL}/auth/v1`, headers: { apikey: ANON_KEY }, storage: env.storage, storageKey: "sb-sim-auth-token",
    autoRefreshToken: false, persistSession: true, detectSessionInUrl: false, fetch: env.fetch,
  });
  const db = await openStore(env.factory, env.dbName);
  let phase = "idle";
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  let retry: unknown = null;

  const rest = async (path: string, token: string, body?: unknown) => {
    const response = await env.fetch(`${SERVER_URL}/rest/v1${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { apikey: ANON_KEY, authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json().catch(() => null);
    return { status: response.status, json };
  };

  const runOnce = async () => {
    const { data } = await auth.getSession();
    const session = data.session;
    if (!session) return void (phase = "needs-sign-in");
    if (!env.isOnline()) return void (phase = "offline");
    const uid = session.user.id;
    const token = session.access_token;
    const epoch = Number((await db.get("meta", `epoch:${uid}`)) ?? 0);
    const queue = ((await db.getAll("queue")) as QueueEntry[]).filter((e) => e.user_id === uid && e.state === "queued");
    if (queue.length > 0) {
      const rows = await Promise.all(queue.map((e) => db.get("check_ins", e.id) as Promise<Row>));
      const pushed = await rest("/rpc/push_changes", token, { p_epoch: epoch, p_check_ins: rows.filter(Boolean), p_predictions: [] });
      if (pushed.status !== 200) throw new Error(`push ${pushed.status} ${JSON.stringify(pushed.json)}`);
      const tx = db.transaction("queue", "readwrite");
      for (const e of queue) void tx.store.delete(e.id);
      await tx.done;
    }
    const cursor = Number((await db.get("meta", `cursor:${uid}`)) ?? 0);
    const pulled = await rest(`/check_ins?select=id,user_id,checkin_date,mood,energy,stress,sleep_hours,activity_minutes,notes,created_at,change_seq&user_id=eq.${uid}&change_seq=gt.${cursor}&order=change_seq.asc`, token);
    if (pulled.status !== 200) throw new Error(`pull ${pulled.status}`);
    const rows = pulled.json as (Row & { change_seq: number })[];
    const tx = db.transaction(["check_ins", "meta"], "readwrite");
    for (const r of rows) void tx.objectStore("check_ins").put(r);
    if (rows.length > 0) void tx.objectStore("meta").put(rows[rows.length - 1]!.change_seq, `cursor:${uid}`);
    await tx.done;
    phase = "idle";
  };

  const loop = async (): Promise<void> => {
    do {
      again = false;
      phase = "syncing";
      try {
        await (env.locks ? env.locks.request("sync", () => runOnce()) : runOnce());
        failures = 0;
      } catch {
        failures++;
        phase = "waiting";
        retry = env.clock.setTimeout(() => request(), Math.min(300_000, 2_000 * 2 ** failures));
        return;
      }
    } while (again);
  };

  const request = () => {
    if (running) return void (again = true);
    if (retry !== null) env.clock.clearTimeout(retry);
    retry = null;
    running = loop().finally(() => (running = null));
  };

  const wipe = async (keep: (r: Row, queued: boolean) => boolean) => {
    const tx = db.transaction(["check_ins", "queue"], "readwrite");
    const queued = new Set(((await tx.objectStore("queue").getAll()) as QueueEntry[]).map((e) => e.id));
    for (const r of (await tx.objectStore("check_ins").getAll()) as Row[]) {
      if (keep(r, queued.has(r.id))) continue;
      void tx.objectStore("check_ins").delete(r.id);
      void tx.objectStore("queue").delete(r.id);
    }
    await tx.done;
  };

  request();
  return {
    async signIn(email, password) {
      const { data, error } = await auth.signInWithPassword({ email, password });
      if (error) throw error;
      const uid = data.user.id;
      await wipe((r, queued) => r.user_id === uid || queued);
      request();
      return uid;
    },
    async authChanged() {
      request();
    },
    async save(userId, variant, predictMs, wait) {
      const id = crypto.randomUUID();
      const row: Row = { id, user_id: userId, checkin_date: new Date(env.clock.now()).toISOString(), mood: (variant % 5) + 1, energy: 3, stress: 3, sleep_hours: 7, activity_minutes: 30, notes: null, created_at: new Date(env.clock.now()).toISOString() };
      const tx = db.transaction(["check_ins", "queue"], "readwrite");
      void tx.objectStore("check_ins").put(row);
      void tx.objectStore("queue").put({ id, user_id: userId, state: "queued" });
      await tx.done;
      await wait(predictMs);
      request();
      return id;
    },
    async signOut(keepUnsent) {
      const { data } = await auth.getSession();
      const uid = data.session?.user.id;
      await auth.signOut({ scope: "local" });
      if (uid) await wipe((r, queued) => r.user_id !== uid || (keepUnsent && queued));
    },
    async deleteMyData() {
      const { data } = await auth.getSession();
      if (!data.session) throw new Error("not signed in");
      const result = await rest("/rpc/delete_my_data", data.session.access_token, {});
      if (result.status !== 200) throw new Error(`delete ${result.status}`);
      const uid = data.session.user.id;
      await db.put("meta", Number(result.json), `epoch:${uid}`);
      await db.put("meta", 0, `cursor:${uid}`);
      await wipe((r) => r.user_id !== uid);
    },
    nudge: () => request(),
    phase: () => phase,
    close: () => db.close(),
    kill: () => killConnection(db as unknown as IDBDatabase),
  };
}

export async function readDevice(factory: IDBFactory, dbName: string): Promise<DeviceSnapshot> {
  const db = await openStore(factory, dbName);
  const rows = (await db.getAll("check_ins")) as Row[];
  const queue = (await db.getAll("queue")) as QueueEntry[];
  db.close();
  const pick = (state: QueueEntry["state"]) => queue.filter((e) => e.state === state).map((e) => ({ id: e.id, userId: e.user_id }));
  return {
    checkIns: rows.map((r) => ({ id: r.id, userId: r.user_id })),
    queued: pick("queued"),
    attention: pick("attention"),
    visibleTo: async (userId) => rows.filter((r) => r.user_id === userId).map((r) => ({ id: r.id, userId: r.user_id })),
  };
}
