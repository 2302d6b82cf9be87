import { mulberry32, type Random } from "./prng";

/**
 * The chaos schedule: what happens, in which order, to two devices (two browser contexts; device 1 has two tab slots)
 * and two users. Drawn from a seed alone, so a failing run is replayed by its seed. Each operation keeps the index it
 * had in the full schedule (`seq`), so the rows it saves are named the same in a shrunk schedule.
 */
export type DeviceId = "d1" | "d2";
export type TabId = "d1t1" | "d1t2" | "d2t1";
export type UserId = "A" | "B";

export const TABS: readonly TabId[] = ["d1t1", "d1t2", "d2t1"];
export const DEVICES: readonly DeviceId[] = ["d1", "d2"];
export const deviceOf = (tab: TabId): DeviceId => (tab.startsWith("d1") ? "d1" : "d2");

export type Op =
  /** Save a check-in; `refused`: its notes carry the marker the database's CHECK refuses. */
  | { seq: number; kind: "save"; tab: TabId; refused: boolean; sleep: number | null; activity: number | null }
  /** Click Save, then close the tab `afterMs` later: the save may or may not have been stored. */
  | { seq: number; kind: "close-mid-save"; tab: TabId; refused: boolean; afterMs: number }
  | { seq: number; kind: "open-tab"; tab: TabId }
  | { seq: number; kind: "reload"; tab: TabId }
  /** Open History and check that it shows only the signed-in person's rows. */
  | { seq: number; kind: "view-history"; tab: TabId }
  | { seq: number; kind: "offline"; device: DeviceId }
  | { seq: number; kind: "online"; device: DeviceId }
  /** Sign out (keeping unsent check-ins), then sign in as the other user if the device is online. */
  | { seq: number; kind: "switch-user"; device: DeviceId }
  /** Sign in as `user` if the device is signed out, or again as its account if Auth dropped the session. */
  | { seq: number; kind: "sign-in"; device: DeviceId; user: UserId }
  /**
   * The next `count` matching requests answer 503, or are held `delayMs` first. `path`: only requests under it — a
   * fault on /rest/v1/predictions lets a check-in through and fails its predictions, so the entry is sent again and the
   * server already has the check-in (the duplicate every retry must take as success).
   */
  | { seq: number; kind: "fault"; mode: "503" | "hang"; target: "rest" | "auth" | "both"; count: number; delayMs: number; path: string | null }
  /** The device's access token expires while the device still believes it valid (the server answers 401). */
  | { seq: number; kind: "expire-token"; device: DeviceId }
  /** Auth ends every session of the user: the refresh token is refused from now on. */
  | { seq: number; kind: "revoke"; user: UserId }
  /**
   * Click Save, then Sign out `afterMs` after the click (the models may still be running); when the app asks about
   * unsent check-ins, keep them (`keep`) or delete them. Then, online, sign in as `then`.
   */
  | { seq: number; kind: "sign-out-after-save"; tab: TabId; afterMs: number; keep: boolean; then: UserId }
  /** The gateway holds the device's next upload (a POST to PostgREST) `holdMs`; save a check-in, then Delete my data meanwhile. */
  | { seq: number; kind: "delete-during-push"; tab: TabId; holdMs: number }
  /** The device's clock (its pages' Date) reads `skewMs` off the true time from now on: ±2 h, or right again (0). */
  | { seq: number; kind: "skew-clock"; device: DeviceId; skewMs: number };

export type OpKind = Op["kind"];

/** Relative weights: saves dominate, so there is always something in flight when the chaos strikes. */
const WEIGHTS: readonly [OpKind, number][] = [
  ["save", 30],
  ["close-mid-save", 4],
  ["open-tab", 5],
  ["reload", 6],
  ["view-history", 4],
  ["offline", 7],
  ["online", 9],
  ["switch-user", 5],
  ["sign-in", 3],
  ["fault", 8],
  ["expire-token", 4],
  ["revoke", 2],
  ["sign-out-after-save", 4],
  ["delete-during-push", 2],
  ["skew-clock", 3],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

/**
 * Rows are told apart by (mood, energy, stress) on screens that show no notes: three digits, so at most 1000 numbers.
 * The last two are the run's closing saves (one per person who had no save acknowledged during the schedule).
 */
export const MAX_OPS = 998;
export const CLOSING_SAVE_SEQ: Record<UserId, number> = { A: 998, B: 999 };

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

export type Schedule = { seed: number; devices: Record<DeviceId, UserId>; ops: Op[] };

export function generateSchedule(seed: number, count: number): Schedule {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer; got ${seed}`);
  if (!Number.isInteger(count) || count < 1 || count > MAX_OPS) throw new RangeError(`ops must be 1..${MAX_OPS}; got ${count}`);
  const random = mulberry32(seed);
  const devices: Record<DeviceId, UserId> = { d1: "A", d2: random.pick(["A", "B"] as const) };
  const ops: Op[] = [];
  for (let seq = 0; seq < count; seq += 1) ops.push(drawOp(random, seq));
  return { seed, devices, ops };
}

function drawKind(random: Random): OpKind {
  let roll = random.next() * TOTAL_WEIGHT;
  for (const [kind, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return "save";
}

function drawOp(random: Random, seq: number): Op {
  const kind = drawKind(random);
  switch (kind) {
    case "save":
      return {
        seq,
        kind,
        tab: random.pick(TABS),
        refused: random.chance(0.2),
        sleep: random.chance(0.7) ? random.int(8, 20) / 2 : null,
        activity: random.chance(0.7) ? random.int(0, 120) : null,
      };
    case "close-mid-save":
      return { seq, kind, tab: random.pick(TABS), refused: random.chance(0.2), afterMs: random.int(0, 600) };
    case "open-tab":
    case "reload":
    case "view-history":
      return { seq, kind, tab: random.pick(TABS) };
    case "offline":
    case "online":
    case "switch-user":
    case "expire-token":
      return { seq, kind, device: random.pick(DEVICES) };
    case "sign-in":
      return { seq, kind, device: random.pick(DEVICES), user: random.pick(["A", "B"] as const) };
    case "fault": {
      const mode = random.pick(["503", "hang"] as const);
      const target = random.pick(["rest", "rest", "auth", "both"] as const);
      const path = target === "rest" && random.chance(0.5) ? "/rest/v1/predictions" : null;
      return { seq, kind, mode, target, count: random.int(1, 4), delayMs: mode === "hang" ? random.int(1_000, 6_000) : 0, path };
    }
    case "revoke":
      return { seq, kind, user: random.pick(["A", "B"] as const) };
    case "sign-out-after-save":
      return { seq, kind, tab: random.pick(TABS), afterMs: random.int(0, 1_500), keep: random.chance(0.6), then: random.pick(["A", "B"] as const) };
    case "delete-during-push":
      return { seq, kind, tab: random.pick(TABS), holdMs: random.int(2_000, 6_000) };
    case "skew-clock":
      return { seq, kind, device: random.pick(DEVICES), skewMs: random.pick([TWO_HOURS_MS, -TWO_HOURS_MS, 0] as const) };
  }
}

/** (mood, energy, stress) of the check-in saved by operation `seq`: its three digits, each + 1 (1..10). */
export function valuesOf(seq: number): { mood: number; energy: number; stress: number } {
  return { mood: Math.floor(seq / 100) + 1, energy: (Math.floor(seq / 10) % 10) + 1, stress: (seq % 10) + 1 };
}

export function seqOfValues(mood: number, energy: number, stress: number): number {
  return (mood - 1) * 100 + (energy - 1) * 10 + (stress - 1);
}

/** One line per operation, for the failure report. */
export function describeOp(op: Op): string {
  const { seq, kind, ...rest } = op;
  const args = Object.entries(rest)
    // A clock set right again (skewMs=0) is the point of its operation, unlike a 0 elsewhere (no delay, no wait).
    .filter(([k, v]) => v !== null && v !== false && !(typeof v === "number" && v === 0 && k !== "skewMs"))
    .map(([k, v]) => (v === true ? k : `${k}=${String(v)}`))
    .join(" ");
  return `#${seq} ${kind}${args ? ` ${args}` : ""}`;
}
