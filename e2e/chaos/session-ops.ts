import type { Page } from "@playwright/test";
import type { ControlClient } from "../../tests/stack/control-client";
import { deviceOf, type Op, type UserId, valuesOf } from "../../tests/chaos/schedule";
import { deleteMyData, ensureHome, fillAndClickSave, signedInEmail, signIn, signOutAnswering, waitForAccepted, waitForAcknowledgement } from "./app-actions";
import type { Devices } from "./devices";
import type { Ledger } from "./ledger";

/**
 * Issue 18's operations on a person's session: sign out right after Save, and Delete my data while an upload is held.
 * Each says what happened, in the run's log; the ledger keeps what the invariants need (e2e/chaos/fates.ts).
 */
export type SessionOpDeps = {
  devices: Devices;
  control: ControlClient;
  ledger: Ledger;
  users: Record<UserId, { id: string; email: string }>;
  userOf: (page: Page) => Promise<UserId | null>;
};

export async function signOutAfterSave(deps: SessionOpDeps, op: Extract<Op, { kind: "sign-out-after-save" }>): Promise<string> {
  const page = deps.devices.tab(op.tab);
  if (!page) return "tab closed";
  if (!(await ensureHome(page))) return "app not reachable";
  const user = await deps.userOf(page);
  if (!user) return "signed out";
  const notes = deps.ledger.notesFor(op.seq, user, false);
  const clicked = Date.now();
  await fillAndClickSave(page, { ...valuesOf(op.seq), sleep: null, activity: null, notes });
  const accepted = await waitForAccepted(page);
  await page.waitForTimeout(Math.max(0, op.afterMs - (Date.now() - clicked)));
  // Acknowledged already (warm models, a short wait): the page said so before the sign-out.
  const acknowledged = accepted && (await page.getByTestId("prediction-results").isVisible());
  const predictions = acknowledged ? await acknowledgedPredictions(page) : 0;
  const outcome = await signOutAnswering(page, op.keep);
  const signOut = outcome instanceof Error ? undefined : outcome;
  const device = deviceOf(op.tab);
  deps.ledger.record({ seq: op.seq, notes, user, device, refused: false, acknowledged: acknowledged && predictions !== null, predictions: predictions ?? 0, accepted, signOut });
  if (signOut === "deleted") deps.ledger.droppingSignOuts.push({ seq: op.seq, user, device });
  const how = outcome instanceof Error ? `did not complete (${outcome.message.split("\n").slice(0, 3).join(" ")})` : outcome;
  const said = `as ${user}, ${accepted ? "taken" : "NOT taken"}${acknowledged ? " and acknowledged" : ""}; sign-out ${how}`;
  if (outcome instanceof Error || !deps.devices.isOnline(device)) return said;
  return `${said}; ${(await signIn(page, deps.users[op.then].email)) ? `now ${op.then}` : `sign-in as ${op.then} did not complete`}`;
}

/** The predictions the page shows as made (null when it shows them without the saved status yet). */
async function acknowledgedPredictions(page: Page): Promise<number | null> {
  const ack = await waitForAcknowledgement(page);
  return "predictions" in ack ? ack.predictions : null;
}

export async function deleteDuringPush(deps: SessionOpDeps, op: Extract<Op, { kind: "delete-during-push" }>): Promise<string> {
  const page = deps.devices.tab(op.tab);
  if (!page) return "tab closed";
  if (!(await ensureHome(page))) return "app not reachable";
  const user = await deps.userOf(page);
  if (!user) return "signed out";
  const device = deviceOf(op.tab);
  // The device's next upload, whatever it posts to (and from whichever of its tabs syncs), is held; pulls go through.
  await deps.control.setFault({ target: "rest", mode: "delay", delayMs: op.holdMs, count: 1, method: "POST" });
  const upload = deps.devices
    .context(device)
    .waitForEvent("request", { predicate: (r) => r.method() === "POST" && new URL(r.url()).pathname.startsWith("/rest/v1/"), timeout: 30_000 })
    .then(() => true, () => false);
  const notes = deps.ledger.notesFor(op.seq, user, false);
  await fillAndClickSave(page, { ...valuesOf(op.seq), sleep: null, activity: null, notes });
  const ack = await waitForAcknowledgement(page);
  const acknowledged = "predictions" in ack;
  deps.ledger.record({ seq: op.seq, notes, user, device, refused: false, acknowledged, predictions: acknowledged ? ack.predictions : 0 });
  const held = await upload;
  // Read the header again: the other tab may have switched the person meanwhile.
  if ((await signedInEmail(page)) !== deps.users[user].email) return `as ${user}, then someone else signed in: no Delete`;
  const before = await deps.control.rows<{ notes: string }>("select notes from public.check_ins where user_id = $1", [deps.users[user].id]);
  const outcome = await deleteMyData(page);
  if (outcome === "deleted") deps.ledger.deletions.push({ seq: op.seq, user, device, serverNotesBefore: before.map((r) => r.notes) });
  await ensureHome(page);
  return `as ${user}, ${acknowledged ? "acknowledged" : "NOT acknowledged"}, upload ${held ? "held" : "not seen"}; Delete: ${outcome ?? "no answer"}`;
}
