import type { DeviceSnapshot } from "@/tests/sim/app-adapter";
import type { Ack, DeviceCounters, History } from "@/tests/sim/history";
import { actorOf, type PendingRequest } from "@/tests/sim/network";

/**
 * The simulation's invariants, as functions over what the run recorded and over snapshots. Each returns the list of
 * breaches (empty = holds), each breach a sentence that names the invariant first.
 */

type Ref = { id: string; userId: string };

/**
 * Never silently gone: an acknowledged check-in is on the server, or under Needs attention, or still queued on some
 * device, unless its person legitimately removed it: Delete my data applied after the save (or, on the device that
 * deleted, a save started before the delete finished), or "Sign out and delete unsent" on that device after it.
 */
export function acknowledgedCheckIns(history: History, serverIds: (userId: string) => Set<string>, devices: DeviceSnapshot[]): string[] {
  const held = (list: (d: DeviceSnapshot) => Ref[]) => new Set(devices.flatMap((d) => list(d).map((r) => r.id)));
  const queued = held((d) => d.queued);
  const attention = held((d) => d.attention);
  const out: string[] = [];
  for (const ack of history.acks) {
    if (serverIds(ack.userId).has(ack.id) || queued.has(ack.id) || attention.has(ack.id) || removedOnPurpose(history, ack)) continue;
    out.push(`lost: check-in ${ack.id} of ${ack.userId}, acknowledged at step ${ack.ackStep} on device ${ack.device}, is not on the server, not queued and not under Needs attention`);
  }
  return out;
}

function removedOnPurpose(history: History, ack: Ack): boolean {
  // Deleted by the person's Delete my data: acknowledged before it reached the server, or already stored on the
  // server before it did (a save whose check-in was sent while its predictions were still being made), or a save on
  // the deleting device that began before the Delete ended.
  const storedAt = history.storedAt.get(ack.id) ?? Infinity;
  const byDelete = history.deletes.some(
    (d) =>
      d.userId === ack.userId &&
      ((d.appliedStep !== null && (ack.ackStep < d.appliedStep || storedAt < d.appliedStep)) || (d.device === ack.device && ack.startStep < (d.endStep ?? Infinity))),
  );
  const byDrop = history.unsentDrops.some((s) => s.userId === ack.userId && s.device === ack.device && ack.startStep < (s.endStep ?? Infinity));
  return byDelete || byDrop;
}

/** Nothing of one person is sent under another: the rows and filters of a request are its token's person's. */
export function requestLeak(request: PendingRequest): string | null {
  if (!request.url.pathname.startsWith("/rest/v1")) return null;
  const actor = actorOf(request);
  const where = `${request.method} ${request.url.pathname} from ${request.owner}`;
  for (const [key, value] of request.url.searchParams) {
    if (key === "user_id" && value !== `eq.${actor}`) return `leak: ${where} filters ${value} with the token of ${String(actor)}`;
  }
  const body = request.body as { p_check_ins?: { user_id?: string }[]; p_predictions?: { user_id?: string }[] };
  for (const row of [...(body.p_check_ins ?? []), ...(body.p_predictions ?? [])]) {
    if (row.user_id !== actor) return `leak: ${where} carries a row of ${String(row.user_id)} with the token of ${String(actor)}`;
  }
  return null;
}

/**
 * Nothing of one person is readable under another: with `userId` signed in, the app's queries show only their rows,
 * and no synced row of anyone else is left in the store (unsent ones may wait, hidden, for their person).
 */
export async function localLeaks(device: number, userId: string, snapshot: DeviceSnapshot): Promise<string[]> {
  const out: string[] = [];
  for (const row of await snapshot.visibleTo(userId)) {
    if (row.userId !== userId) out.push(`leak: device ${device} shows ${userId} the check-in ${row.id} of ${row.userId}`);
  }
  const waiting = new Set([...snapshot.queued, ...snapshot.attention].map((r) => r.id));
  for (const row of snapshot.checkIns) {
    if (row.userId !== userId && !waiting.has(row.id)) out.push(`leak: device ${device} keeps synced check-in ${row.id} of ${row.userId} while ${userId} is signed in`);
  }
  return out;
}

/** After the quiet period a device signed in as a person holds exactly the server's rows, plus what it has not sent. */
export function converged(device: number, userId: string, server: Set<string>, snapshot: DeviceSnapshot): string[] {
  const local = new Set(snapshot.checkIns.filter((r) => r.userId === userId).map((r) => r.id));
  const waiting = new Set([...snapshot.queued, ...snapshot.attention].filter((r) => r.userId === userId).map((r) => r.id));
  const out: string[] = [];
  for (const id of server) if (!local.has(id)) out.push(`diverged: device ${device} lacks ${userId}'s server check-in ${id}`);
  for (const id of local) if (!server.has(id) && !waiting.has(id)) out.push(`diverged: device ${device} holds ${userId}'s check-in ${id}, which the server no longer has and which is not waiting to be sent`);
  return out;
}

/**
 * Bounded work: at most one token refresh per access-token lifetime per tab (each tab keeps its own token; a tab's
 * first load of the session may refresh too, and with lifetimes under auth-js's 90 s margin every load does), plus one
 * per 401 and one per sign-in; and no busy loop of requests within a virtual minute.
 */
export function boundedWork(history: History, ttlSeconds: number, endTime: number): string[] {
  const out: string[] = [];
  history.counters.forEach((c, device) => {
    const activeMs = c.firstSignInAt === null ? 0 : endTime - c.firstSignInAt;
    // A change of the device's clock is judged by auth-js in every tab (a token that looked valid looks expired): one
    // refresh per tab for each, as for a new lifetime.
    const allowed = (Math.floor(activeMs / (ttlSeconds * 1000)) + 1 + c.clockChanges) * Math.max(1, c.tabs) + c.unauthorized + c.signIns;
    if (c.refreshes > allowed) out.push(`refreshes: device ${device} refreshed its token ${c.refreshes} times; the bound is ${allowed} (${Math.round(activeMs / 1000)} s at ${ttlSeconds} s per token, ${c.tabs} tabs, ${c.clockChanges} clock changes, ${c.unauthorized} 401s, ${c.signIns} sign-ins)`);
    const perMinute = busyBound(c);
    for (const [minute, count] of c.requestsPerMinute) {
      if (count > perMinute) out.push(`busy: device ${device} sent ${count} requests in virtual minute ${minute} (bound ${perMinute})`);
    }
  });
  return out;
}

/** Requests a device may send in one virtual minute: generous for real work (a 1,000-entry queue is 20 batches). */
export function busyBound(counters: DeviceCounters): number {
  return counters.bulk ? 600 : 300;
}

/** Never stuck: once the world is quiet, no tab says "syncing" and every operation has finished. */
export function notStuck(phases: { tab: string; phase: string }[], unfinished: string[]): string[] {
  return [
    ...phases.filter((p) => p.phase === "syncing").map((p) => `stuck: tab ${p.tab} still says "syncing" after the quiet period`),
    ...unfinished.map((op) => `stuck: ${op} never finished`),
  ];
}
