/**
 * What happened in one schedule, as the invariants need it. Steps are the scheduler's decision numbers: a total
 * order over everything that happened, so "before" and "after" are exact.
 */
export type Ack = { id: string; userId: string; device: number; startStep: number; ackStep: number };
/** A sign-out that deleted unsent check-ins ("Sign out and delete"); endStep null if it never finished. */
export type UnsentDrop = { device: number; userId: string; endStep: number | null };
/** Delete my data: when the server applied it, and when the device's op finished (null if never). */
export type DataDelete = { device: number; userId: string; appliedStep: number | null; endStep: number | null };

export type DeviceCounters = {
  signIns: number;
  refreshes: number;
  unauthorized: number;
  requestsPerMinute: Map<number, number>;
  bulk: boolean;
  firstSignInAt: number | null;
  /** Tabs that ever ran on the device: each keeps its own token (lib/data/sync/token-source.ts). */
  tabs: number;
  /** Times the device's clock was changed: auth-js in each tab judges its token anew by it. */
  clockChanges: number;
};

export type History = {
  acks: Ack[];
  unsentDrops: UnsentDrop[];
  deletes: DataDelete[];
  counters: DeviceCounters[];
  /** Invariant breaches seen while running (leaks on the wire, busy loops); the rest are found at the end. */
  violations: string[];
  /** The step at which the server first stored each check-in (a push_changes that inserted it). */
  storedAt: Map<string, number>;
};

export function newHistory(devices: number): History {
  return {
    acks: [],
    storedAt: new Map(),
    unsentDrops: [],
    deletes: [],
    counters: Array.from({ length: devices }, () => ({ signIns: 0, refreshes: 0, unauthorized: 0, requestsPerMinute: new Map(), bulk: false, firstSignInAt: null, tabs: 0, clockChanges: 0 })),
    violations: [],
  };
}

/** The kind of a violation ("lost", "leak", …): its first word. Shrinking keeps a candidate that fails the same way. */
export const kindOf = (violation: string) => violation.slice(0, violation.indexOf(":"));
