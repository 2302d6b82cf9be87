import type { Page } from "@playwright/test";
import type { ControlClient } from "../../tests/stack/control-client";
import type { DeviceId, UserId } from "../../tests/chaos/schedule";
import { readHistory, type HistoryRow } from "./app-actions";
import type { Fate } from "./fates";
import { type Ledger, parseNotes } from "./ledger";
import type { WireRow } from "./wire";

/**
 * The promises of issues 14 and 18, each a list of what broke (empty: kept):
 * 1. every acknowledged check-in (and every one taken before a sign-out that kept it or did not ask) is in PostgreSQL
 *    exactly once, with its predictions, under the user who made it;
 * 2. every refused one is in that user's Needs attention on the device that made it, and nothing else is (but a row a
 *    Delete on another device overtook);
 * 3. no row went out with the other user's token, or was shown to them;
 * 4. History on each device lists exactly that user's rows, newest first;
 * 5. Delete my data removes that person's earlier rows from PostgreSQL and every device, for good (e2e/chaos/fates.ts);
 * 6. the run acknowledged at least one save per person (a run where nothing could be saved proves nothing);
 * 7. no token refresh storm: at most REFRESHES_PER_MINUTE refresh-token grants in any minute of the run.
 */
type Users = Record<UserId, { id: string; email: string }>;
type ServerRow = { id: string; user_id: string; notes: string | null; predictions: number; foreign: number };

async function serverRows(control: ControlClient, ledger: Ledger, users: Users): Promise<ServerRow[]> {
  return control.rows<ServerRow>(
    `select c.id::text as id, c.user_id::text as user_id, c.notes,
            count(p.id)::int as predictions, (count(p.id) filter (where p.user_id <> c.user_id))::int as foreign
       from public.check_ins c left join public.predictions p on p.checkin_id = c.id
      where c.user_id = any($1::uuid[]) or c.notes like $2
      group by c.id`,
    [[users.A.id, users.B.id], `chaos ${ledger.runTag} %`],
  );
}

const userOfId = (users: Users, id: string): UserId | null => (id === users.A.id ? "A" : id === users.B.id ? "B" : null);

export async function checkServer(control: ControlClient, ledger: Ledger, users: Users, fates: Map<string, Fate>): Promise<string[]> {
  const failures: string[] = [];
  const rows = await serverRows(control, ledger, users);
  const byNotes = new Map<string, ServerRow[]>();
  for (const row of rows) byNotes.set(row.notes ?? "", [...(byNotes.get(row.notes ?? "") ?? []), row]);

  for (const fate of fates.values()) {
    const { save } = fate;
    const found = byNotes.get(save.notes) ?? [];
    if (found.length > 1) failures.push(`[1] #${save.seq} is in PostgreSQL ${found.length} times`);
    if (save.refused && found.length > 0) failures.push(`[2] #${save.seq} carries the refused marker but is in PostgreSQL`);
    if (fate.deletedBy && found.length > 0) {
      failures.push(`[5] #${save.seq} of ${save.user} is in PostgreSQL after Delete my data at #${fate.deletedBy.seq} on ${fate.deletedBy.device} removed it`);
    }
    if (fate.mustBeStored && found.length === 0) failures.push(`[1] #${save.seq} (${save.user} on ${save.device}) ${fate.claim} but is not in PostgreSQL`);
    for (const row of found) {
      if (row.user_id !== users[save.user].id) failures.push(`[1] #${save.seq} was made by ${save.user} but is stored under ${userOfId(users, row.user_id) ?? row.user_id}`);
      if (save.acknowledged && !save.refused && row.predictions !== save.predictions) {
        failures.push(`[1] #${save.seq} has ${row.predictions} predictions in PostgreSQL; the page showed ${save.predictions}`);
      }
      if (row.predictions > 5) failures.push(`[1] #${save.seq} has ${row.predictions} predictions in PostgreSQL (five models)`);
      if (row.foreign > 0) failures.push(`[1] #${save.seq} has ${row.foreign} predictions under another user`);
    }
  }
  for (const row of rows) {
    const save = fates.get(row.notes ?? "")?.save;
    if (!save) failures.push(`[1] PostgreSQL has a row this run never saved: ${row.id} "${row.notes}"`);
    else if (userOfId(users, row.user_id) !== save.user) failures.push(`[3] #${save.seq} of ${save.user} is in PostgreSQL under the other user`);
  }
  return failures;
}

/** Promise 6: a run that acknowledged no save of a person checked nothing about them. */
export function checkAcknowledged(ledger: Ledger): string[] {
  return (["A", "B"] as const)
    .filter((user) => !ledger.saves.some((s) => s.user === user && s.acknowledged))
    .map((user) => `[6] no save of ${user} was acknowledged in this run (${ledger.saves.filter((s) => s.user === user).length} tried)`);
}

/**
 * More than this many refresh-token grants in one minute is a loop, not sessions being kept alive: two people on two
 * devices, each refreshing at most once per token lifetime, plus one per expired or refused token the schedule makes.
 */
export const REFRESHES_PER_MINUTE = 24;

/**
 * Promise 7, from the gateway's log: refresh-token grants per minute of the run (a clock skew must not start a storm).
 * A grant carries the anon key and the refresh token, no user's access token: the log cannot say whose it was.
 */
export async function checkRefreshes(control: ControlClient, since: string): Promise<string[]> {
  const perMinute = new Map<string, number>();
  for (const r of await control.requests()) {
    if (r.at < since || r.method !== "POST" || r.path !== "/auth/v1/token" || !r.search.includes("grant_type=refresh_token")) continue;
    const minute = r.at.slice(11, 16);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  }
  return [...perMinute].filter(([, n]) => n > REFRESHES_PER_MINUTE).map(([minute, n]) => `[7] ${n} token refreshes at ${minute} (at most ${REFRESHES_PER_MINUTE} a minute)`);
}

/**
 * What this device shows this user, once settled: History (every page) and Needs attention. Read again for a while
 * when it does not match yet: a pull may still be bringing the other device's rows.
 */
export async function checkDevice(page: Page, control: ControlClient, ledger: Ledger, users: Users, fates: Map<string, Fate>, device: DeviceId, user: UserId): Promise<string[]> {
  const where = `${device} as ${user}`;
  const mine = [...fates.values()].filter((f) => f.save.user === user && f.save.device === device);
  let failures: string[] = [];
  for (let attempt = 0; attempt < 4; attempt += 1) {
    if (attempt > 0) await page.waitForTimeout(3_000);
    const server = new Set((await serverRows(control, ledger, users)).filter((r) => r.user_id === users[user].id).map((r) => r.notes ?? ""));
    const mustAttention = new Set(mine.filter((f) => f.mustNeedAttention).map((f) => f.save.seq));
    const mayAttention = new Set(mine.filter((f) => f.mayNeedAttention).map((f) => f.save.seq));
    // Set aside for a reason other than the CHECK: a Delete on another device overtook it.
    const anyReason = new Set(mine.filter((f) => f.deletedElsewhereMaybeUnsent).map((f) => f.save.seq));
    const required = new Set([...server, ...mine.filter((f) => f.mustNeedAttention).map((f) => f.save.notes)]);
    const optional = new Set(mine.filter((f) => f.mayNeedAttention).map((f) => f.save.notes));
    const { rows, attention } = await readHistory(page);
    failures = [
      ...historyFailures(where, rows, { required, optional, server, fates }, user),
      ...attentionFailures(where, attention, mustAttention, mayAttention, anyReason),
    ];
    if (failures.length === 0) return [];
  }
  return failures;
}

type Expected = { required: Set<string>; optional: Set<string>; server: Set<string>; fates: Map<string, Fate> };

function historyFailures(where: string, rows: HistoryRow[], { required, optional, server, fates }: Expected, user: UserId): string[] {
  const failures: string[] = [];
  const listed = rows.map((r) => r.notes ?? "");
  for (const notes of required) if (!listed.includes(notes)) failures.push(`[4] History on ${where} is missing #${parseNotes(notes)?.seq ?? notes}`);
  const seen = new Set<string>();
  for (const row of rows) {
    const notes = row.notes ?? "";
    const parsed = parseNotes(notes);
    const deletedBy = fates.get(notes)?.deletedBy;
    if (seen.has(notes)) failures.push(`[4] History on ${where} lists #${parsed?.seq ?? notes} twice`);
    seen.add(notes);
    if (parsed && parsed.user !== user) failures.push(`[3] History on ${where} shows #${parsed.seq}, a row of ${parsed.user}`);
    else if (deletedBy && !server.has(notes)) failures.push(`[5] History on ${where} still shows #${parsed?.seq ?? notes}, removed by Delete my data at #${deletedBy.seq}`);
    else if (!required.has(notes) && !optional.has(notes)) failures.push(`[4] History on ${where} lists a row that is not ${user}'s: "${notes}"`);
    // On the server: synced. Not there (refused, or overtaken by a Delete elsewhere): set aside.
    const expectedMark = server.has(notes) ? "Synced" : "Needs attention";
    if (row.mark !== expectedMark) failures.push(`[4] History on ${where} marks #${parsed?.seq ?? notes} "${row.mark}", expected "${expectedMark}"`);
  }
  const seqs = rows.map((r) => parseNotes(r.notes)?.seq ?? -1);
  const sorted = [...seqs].sort((a, b) => b - a);
  if (seqs.join() !== sorted.join()) failures.push(`[4] History on ${where} is not newest first: ${seqs.map((s) => `#${s}`).join(" ")}`);
  return failures;
}

function attentionFailures(where: string, attention: { seq: number | null; reason: string }[], must: Set<number>, may: Set<number>, anyReason: Set<number>): string[] {
  const failures: string[] = [];
  const listed = new Set(attention.map((a) => a.seq ?? -1));
  for (const seq of must) if (!listed.has(seq)) failures.push(`[2] #${seq} was refused but is not in Needs attention on ${where}`);
  for (const item of attention) {
    if (item.seq === null || (!must.has(item.seq) && !may.has(item.seq))) failures.push(`[2] Needs attention on ${where} lists #${item.seq ?? "?"}, which the server did not refuse: ${item.reason}`);
    else if (!anyReason.has(item.seq) && !item.reason.includes("23514")) failures.push(`[2] #${item.seq} in Needs attention on ${where} gives the reason "${item.reason}", not the CHECK's 23514`);
  }
  return failures;
}

/** Promise 3 on the wire: each row sent carried its own user's token (browser side, where bodies are readable). */
export async function checkWire(control: ControlClient, wire: WireRow[], users: Users, since: string): Promise<string[]> {
  const failures: string[] = [];
  for (const row of wire) {
    if (row.sub === null) failures.push(`[3] ${row.device} sent ${row.table} ${row.id} without a user's token`);
    else if (row.user_id !== row.sub) {
      failures.push(`[3] ${row.device} sent ${row.table} ${row.id} of ${userOfId(users, row.user_id ?? "") ?? row.user_id} with the token of ${userOfId(users, row.sub) ?? row.sub}`);
    }
  }
  // The gateway's side: every request with a token during the run was made as one of the run's two users.
  const ours = new Set([users.A.id, users.B.id]);
  for (const request of (await control.requests()).filter((r) => r.at >= since && r.sub !== null && !ours.has(r.sub))) {
    failures.push(`[3] the gateway saw ${request.method} ${request.path} with the token of ${request.sub}, not a user of this run`);
  }
  return failures;
}
