import { mulberry32, type Random } from "@/tests/chaos/prng";

/**
 * A schedule as data: the world (people, devices, tabs, clocks, faults) and the operations people do, each becoming
 * ready `wait` virtual ms after the previous one. Which ready thing happens next (an operation, a response, a timer)
 * is the scheduler's choice, drawn from `seed`; so (schedule, seed) replays exactly, and shrinking drops operations.
 */
/**
 * Access-token lifetimes a schedule picks. Not below auth-js's own refresh margin (90 s, EXPIRY_MARGIN_MS): with a
 * shorter lifetime auth-js refreshes on every read of the session by design, in every tab, which no code of ours can
 * (or should) prevent; Supabase's default is 3,600 s. Short enough that a schedule sees several refreshes.
 */
const TOKEN_LIFETIMES_S = [120, 180, 300, 900];

export type DeviceSpec = {
  tabs: number;
  /** Device clock minus server clock, ms. */
  skewMs: number;
  locks: boolean;
  broadcast: boolean;
};

export type Op =
  | { kind: "save"; device: number; tab: number; predictMs: number; wait: number }
  | { kind: "bulk-save"; device: number; tab: number; count: number; wait: number }
  | { kind: "sign-in"; device: number; tab: number; user: number; wait: number }
  | { kind: "sign-out"; device: number; tab: number; keepUnsent: boolean; wait: number }
  | { kind: "delete-my-data"; device: number; tab: number; wait: number }
  | { kind: "focus"; device: number; tab: number; wait: number }
  | { kind: "open-tab"; device: number; wait: number }
  | { kind: "close-tab"; device: number; tab: number; wait: number }
  | { kind: "kill-tab"; device: number; tab: number; wait: number }
  | { kind: "offline"; device: number; wait: number }
  | { kind: "online"; device: number; wait: number }
  | { kind: "skew"; device: number; skewMs: number; wait: number }
  | { kind: "quota"; device: number; writes: number; wait: number };

export type Schedule = {
  seed: number;
  users: number;
  devices: DeviceSpec[];
  /** Access-token lifetime the Auth model grants, s: small, so refreshes happen within a schedule. */
  tokenTtlSeconds: number;
  /** Chance that a delivered request meets a fault (before the quiet period). */
  faultRate: number;
  ops: Op[];
};

const HOUR = 3_600_000;
const SKEWS = [0, 0, 0, 2 * HOUR, -2 * HOUR, 48 * HOUR, -48 * HOUR, 1_000, -1_000];

export function generateSchedule(seed: number): Schedule {
  const rng = mulberry32(seed ^ 0x5eed5eed);
  const users = rng.int(1, 3);
  const devices: DeviceSpec[] = Array.from({ length: rng.int(1, 2) }, () => ({
    tabs: rng.int(1, 3),
    skewMs: rng.pick(SKEWS),
    locks: !rng.chance(0.15),
    broadcast: !rng.chance(0.15),
  }));
  const long = rng.chance(0.0005);
  const opCount = rng.int(5, 25);
  const ops: Op[] = [];
  // Every device starts by signing someone in; the rest is drawn.
  devices.forEach((_, device) => ops.push({ kind: "sign-in", device, tab: 0, user: rng.int(0, users - 1), wait: 0 }));
  let skewChanged = false;
  while (ops.length < opCount) ops.push(drawOp(rng, users, devices, () => (skewChanged ? false : (skewChanged = true))));
  if (long) ops.splice(devices.length, 0, { kind: "bulk-save", device: 0, tab: 0, count: 1000, wait: 0 });
  return { seed, users, devices, tokenTtlSeconds: rng.pick(TOKEN_LIFETIMES_S), faultRate: rng.pick([0, 0.05, 0.15, 0.3]), ops };
}

function drawOp(rng: Random, users: number, devices: DeviceSpec[], mayChangeSkew: () => boolean): Op {
  const device = rng.int(0, devices.length - 1);
  const tab = rng.int(0, 2);
  const wait = rng.pick([0, 0, 0, 1, 50, 500, 5_000, 60_000, 600_000]);
  const roll = rng.next();
  if (roll < 0.4) return { kind: "save", device, tab, predictMs: rng.pick([0, 5, 200, 3_000]), wait };
  if (roll < 0.5) return { kind: "sign-in", device, tab, user: rng.int(0, users - 1), wait };
  if (roll < 0.58) return { kind: "sign-out", device, tab, keepUnsent: rng.chance(0.7), wait };
  if (roll < 0.63) return { kind: "delete-my-data", device, tab, wait };
  if (roll < 0.7) return { kind: "focus", device, tab, wait };
  if (roll < 0.74) return { kind: "open-tab", device, wait };
  if (roll < 0.77) return { kind: "close-tab", device, tab, wait };
  if (roll < 0.8) return { kind: "kill-tab", device, tab, wait };
  if (roll < 0.86) return { kind: "offline", device, wait };
  if (roll < 0.92) return { kind: "online", device, wait };
  if (roll < 0.95 && mayChangeSkew()) return { kind: "skew", device, skewMs: rng.pick(SKEWS), wait };
  return { kind: "quota", device, writes: rng.int(1, 3), wait };
}

export function describeOp(op: Op): string {
  const { kind, wait, ...rest } = op;
  const args = Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`).join(" ");
  return `+${wait}ms ${kind} ${args}`;
}
