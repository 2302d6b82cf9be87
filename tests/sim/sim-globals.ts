import nodeCrypto from "node:crypto";
import * as fakeIdb from "fake-indexeddb";
import { syncBuiltinESMExports } from "node:module";

/**
 * The simulation's process-wide sources of time, randomness and timers. The real app code, auth-js and the server
 * models read `Date.now()`, `new Date()`, `Math.random()`, `crypto.randomUUID()` and `setTimeout` directly; in a
 * simulation worker these all answer from the schedule being run, so a seed replays exactly.
 *
 * Installed once per worker thread (never in a process that does anything else: it replaces globals). Each schedule
 * then points `simHooks` at its own clock and random streams.
 *
 * setImmediate is kept real (fake-indexeddb runs its tasks on it) but counted, so the scheduler knows when the
 * process is quiet: see `drain`.
 */
export type SimHooks = {
  /** Wall time (ms) as the code now running sees it: server time, plus the skew of the device whose code runs. */
  now(): number;
  /** A float in [0, 1) from the schedule's app stream. */
  random(): number;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
};

const RealDate = Date;
const realSetImmediate = globalThis.setImmediate;
const realClearImmediate = globalThis.clearImmediate;

let hooks: SimHooks | null = null;
/** Immediates scheduled and not yet run or cleared. */
const liveImmediates = new Set<NodeJS.Immediate>();
let installed = false;

export function setSimHooks(next: SimHooks | null): void {
  hooks = next;
}

function active(): SimHooks {
  if (hooks === null) throw new Error("simulation globals used outside a schedule (setSimHooks was not called)");
  return hooks;
}

/** Draws bytes from the schedule's random stream (tokens, salts, ids: deterministic per seed). */
function randomBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(active().random() * 256);
  return bytes;
}

function randomUUID(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function installSimGlobals(): void {
  if (installed) return;
  installed = true;

  class SimDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(active().now());
      else super(...(args as [string]));
    }
    static override now(): number {
      return active().now();
    }
  }
  globalThis.Date = SimDate as DateConstructor;
  Math.random = () => active().random();

  globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    active().setTimer(() => fn(...args), ms ?? 0)) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((id: unknown) => {
    if (typeof id === "number") active().clearTimer(id);
  }) as typeof clearTimeout;
  globalThis.setInterval = (() => {
    // Nothing the simulation runs needs an interval (auth-js's auto refresh is off); one would tick forever.
    throw new Error("setInterval is not available in the simulation");
  }) as unknown as typeof setInterval;

  globalThis.setImmediate = ((fn: (...a: unknown[]) => void, ...args: unknown[]) => {
    const handle = realSetImmediate(() => {
      liveImmediates.delete(handle);
      fn(...args);
    });
    liveImmediates.add(handle);
    return handle;
  }) as typeof setImmediate;
  globalThis.clearImmediate = ((handle: NodeJS.Immediate) => {
    liveImmediates.delete(handle);
    realClearImmediate(handle);
  }) as typeof clearImmediate;

  // idb checks `instanceof IDBRequest` etc.: the classes are global, as in a browser. `indexedDB` itself is not:
  // each device gets its own factory, and code that reached for the global one would share a database across devices.
  for (const name of ["IDBCursor", "IDBCursorWithValue", "IDBDatabase", "IDBFactory", "IDBIndex", "IDBKeyRange", "IDBObjectStore", "IDBOpenDBRequest", "IDBRequest", "IDBTransaction", "IDBVersionChangeEvent"] as const) {
    (globalThis as Record<string, unknown>)[name] = fakeIdb[name];
  }

  const webCrypto = globalThis.crypto;
  Object.defineProperty(webCrypto, "randomUUID", { value: randomUUID, configurable: true });
  Object.defineProperty(webCrypto, "getRandomValues", {
    value: <T extends ArrayBufferView | null>(array: T): T => {
      if (array) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(randomBytes(array.byteLength));
      return array;
    },
    configurable: true,
  });
  // The Auth imitation's store (tests/stack/auth-store.ts) hashes passwords with scrypt (~100 ms each) and draws
  // session ids and tokens from node:crypto: a cheap hash and the schedule's stream keep it fast and replayable.
  const patched = nodeCrypto as unknown as Record<string, unknown>;
  patched.randomUUID = randomUUID;
  patched.randomBytes = randomBytes;
  patched.scryptSync = (password: string, salt: Buffer, length: number) =>
    nodeCrypto.createHash("sha256").update(salt).update(password).digest().subarray(0, length);
  syncBuiltinESMExports();
}

/**
 * Waits until no task is left: every microtask, and every setImmediate (fake-indexeddb's tasks) with what they
 * schedule in turn. Timers are virtual and never run here. Returns false if the bound was hit (a busy loop).
 */
export async function drain(maxTurns: number): Promise<boolean> {
  for (let turn = 0; turn < maxTurns; turn++) {
    // One real immediate: every microtask queued before it, and every immediate queued before it, has run.
    await new Promise<void>((resolve) => realSetImmediate(resolve));
    if (liveImmediates.size === 0) return true;
  }
  return false;
}
