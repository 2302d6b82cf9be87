import type { Browser } from "@playwright/test";
import type { ControlClient } from "../../tests/stack/control-client";
import { CLOSING_SAVE_SEQ, type DeviceId, DEVICES, deviceOf, describeOp, type Op, type Schedule, type TabId, type UserId, valuesOf } from "../../tests/chaos/schedule";
import { setClockSkew } from "../fixtures/skewed-clock";
import { announceOnline, ensureHome, fillAndClickSave, signedInEmail, signIn, signOutKeeping, waitForAcknowledgement, readHistory } from "./app-actions";
import { Devices } from "./devices";
import { expireAccessToken } from "./expire-token";
import { fatesOf } from "./fates";
import { checkAcknowledged, checkDevice, checkRefreshes, checkServer, checkWire } from "./invariants";
import { Ledger, parseNotes } from "./ledger";
import { deleteDuringPush, type SessionOpDeps, signOutAfterSave } from "./session-ops";
import { WireRecorder } from "./wire";

/** Longer than any operation's own limits add up to (a sign-in's four tries, a first save's model download). */
const OP_DEADLINE_MS = 420_000;

class DeadlineError extends Error {
  override name = "DeadlineError";
}

/** `work`, or a DeadlineError (after `onLate`) when it has not settled in `ms`; the work itself cannot be stopped. */
async function withDeadline<T>(work: Promise<T>, ms: number, onLate: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onLate();
      reject(new DeadlineError(`no answer in ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export type RunUsers = Record<UserId, { id: string; email: string }>;
export type RunOutcome = { failures: string[]; log: string[]; ms: number };

/**
 * One run of a schedule: fresh users and fresh devices, every operation in order (none waits for the sync to finish:
 * that is the chaos), then everything back online, every device signed in as each person who saved on it and let
 * settle, and the invariants checked against PostgreSQL, the wire and each device's History.
 */
export async function runSchedule(browser: Browser, control: ControlClient, schedule: Schedule, ops: readonly Op[], runTag: string): Promise<RunOutcome> {
  const started = Date.now();
  const run = new ChaosRun(browser, control, schedule, runTag);
  try {
    await run.setUp();
    for (const op of ops) await run.execute(op);
    await run.settleEverything();
    return { failures: await run.check(), log: run.log, ms: Date.now() - started };
  } catch (error) {
    return { failures: [`the run stopped: ${(error as Error).stack ?? String(error)}`], log: run.log, ms: Date.now() - started };
  } finally {
    await control.clearFault().catch(() => undefined);
    await run.devices.closeAll();
  }
}

class ChaosRun {
  readonly wire = new WireRecorder();
  readonly devices: Devices;
  readonly ledger: Ledger;
  readonly log: string[] = [];
  /** Failures seen during the run (a row shown to the wrong person); the rest are found at the end. */
  private readonly seen: string[] = [];
  private users!: RunUsers;
  private startedAt = "";

  constructor(
    browser: Browser,
    private readonly control: ControlClient,
    private readonly schedule: Schedule,
    runTag: string,
  ) {
    this.devices = new Devices(browser, this.wire);
    this.ledger = new Ledger(runTag);
  }

  private note(line: string): void {
    this.log.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  }

  async setUp(): Promise<void> {
    this.startedAt = new Date().toISOString();
    const made = async (u: UserId) => {
      const email = `chaos-${this.ledger.runTag}-${u.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
      return { id: (await this.control.createUser(email, "correct horse battery")).id, email };
    };
    this.users = { A: await made("A"), B: await made("B") };
    for (const device of DEVICES) {
      await this.devices.open(device);
      const page = await this.devices.openTab(device === "d1" ? "d1t1" : "d2t1", "/sign-in");
      if (!(await signIn(page, this.users[this.schedule.devices[device]].email))) throw new Error(`could not sign ${device} in`);
      // The service worker must have the app before a device goes offline, as after any first visit.
      await page.evaluate(async () => {
        const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the service worker did not take the page in 60 s")), 60_000));
        await Promise.race([navigator.serviceWorker.ready, timeout]);
        if (!navigator.serviceWorker.controller) {
          const controlled = new Promise<void>((resolve) => navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }));
          await Promise.race([controlled, timeout]);
        }
      });
      await page.goto("/history");
      await page.goto("/");
    }
    await this.devices.openTab("d1t2");
    this.note(`set up: A=${this.users.A.id} B=${this.users.B.id}; d1 as ${this.schedule.devices.d1}, d2 as ${this.schedule.devices.d2}`);
  }

  private userOfEmail(email: string | null): UserId | null {
    if (email === this.users.A.email) return "A";
    if (email === this.users.B.email) return "B";
    return null;
  }

  private get sessionDeps(): SessionOpDeps {
    return {
      devices: this.devices,
      control: this.control,
      ledger: this.ledger,
      users: this.users,
      userOf: async (page) => this.userOfEmail(await signedInEmail(page)),
    };
  }

  async execute(op: Op): Promise<void> {
    const line = describeOp(op);
    const outcome = await withDeadline(this.perform(op), OP_DEADLINE_MS, () => {
      // Every step inside has its own limit, so an operation this long is a hang in the app or in this harness.
      this.seen.push(`${line} did not finish in ${OP_DEADLINE_MS / 1000} s (the log says what came before)`);
    }).catch((error: unknown) => `did not complete: ${(error as Error).message.split("\n")[0]}`);
    this.note(`${line}${outcome ? ` → ${outcome}` : ""}`);
    // CHAOS_VERBOSE=1 (set by npm run test:chaos): each operation as it happens, for long runs watched live.
    if (process.env.CHAOS_VERBOSE === "1") console.log(`[chaos] ${this.log.at(-1)}`);
    // A moment for the sync to start before the next blow lands.
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  private async perform(op: Op): Promise<string | void> {
    switch (op.kind) {
      case "save":
      case "close-mid-save":
        return this.save(op);
      case "open-tab":
        if (this.devices.tab(op.tab)) return "already open";
        await this.devices.openTab(op.tab);
        return;
      case "reload": {
        const page = this.devices.tab(op.tab);
        if (!page) return "tab closed";
        await page.reload({ timeout: 30_000 });
        return;
      }
      case "view-history":
        return this.viewHistory(op.tab);
      case "offline":
      case "online":
        await this.devices.setOnline(op.device, op.kind === "online");
        return;
      case "switch-user":
        return this.switchUser(op.device);
      case "sign-in":
        return this.signInOp(op.device, op.user);
      case "fault":
        await this.control.setFault({
          ...(op.mode === "503" ? { target: op.target, mode: "error", status: 503 } : { target: op.target, mode: "delay", delayMs: op.delayMs }),
          count: op.count,
          ...(op.path === null ? {} : { pathPrefix: op.path }),
        });
        return;
      case "expire-token":
        return (await expireAccessToken(this.devices.context(op.device))) ? undefined : "no session on the device";
      case "revoke":
        return `${(await this.control.revoke(this.users[op.user].id)).sessionsEnded} sessions ended`;
      case "sign-out-after-save":
        return signOutAfterSave(this.sessionDeps, op);
      case "delete-during-push":
        return deleteDuringPush(this.sessionDeps, op);
      case "skew-clock":
        await setClockSkew(this.devices.context(op.device), op.skewMs);
        return;
    }
  }

  private async save(op: Extract<Op, { kind: "save" | "close-mid-save" }> | { seq: number; kind: "closing-save"; tab: TabId }): Promise<string | void> {
    const page = this.devices.tab(op.tab);
    if (!page) return "tab closed";
    if (!(await ensureHome(page))) return "app not reachable";
    // The person is who the header says: that is who the UI is saving for.
    const user = this.userOfEmail(await signedInEmail(page));
    if (!user) return "signed out";
    const refused = op.kind !== "closing-save" && op.refused;
    const notes = this.ledger.notesFor(op.seq, user, refused);
    const sleep = op.kind === "save" ? op.sleep : null;
    const activity = op.kind === "save" ? op.activity : null;
    await fillAndClickSave(page, { ...valuesOf(op.seq), sleep, activity, notes });
    const device = deviceOf(op.tab);
    if (op.kind === "close-mid-save") {
      await page.waitForTimeout(op.afterMs);
      await this.devices.closeTab(op.tab);
      this.ledger.record({ seq: op.seq, notes, user, device, refused, acknowledged: false, predictions: 0 });
      return `as ${user}, tab closed`;
    }
    const ack = await waitForAcknowledgement(page);
    const acknowledged = "predictions" in ack;
    this.ledger.record({ seq: op.seq, notes, user, device, refused, acknowledged, predictions: acknowledged ? ack.predictions : 0 });
    return acknowledged ? `as ${user}, acknowledged with ${ack.predictions} predictions` : `as ${user}, NOT acknowledged (${ack.unacknowledged})`;
  }

  private async viewHistory(tab: TabId): Promise<string | void> {
    const page = this.devices.tab(tab);
    if (!page) return "tab closed";
    const user = this.userOfEmail(await signedInEmail(page));
    if (!user) return "signed out";
    const { rows } = await readHistory(page);
    // Read the header again: a sign-in in the device's other tab may have changed the person meanwhile.
    const after = this.userOfEmail(await signedInEmail(page));
    const others = rows.map((r) => parseNotes(r.notes)).filter((p) => p !== null && p.user !== user);
    if (after === user && others.length > 0) {
      this.seen.push(`History on ${tab} signed in as ${user} showed the other user's rows: ${others.map((o) => `#${o!.seq}`).join(", ")}`);
    }
    return `${rows.length} rows`;
  }

  private async switchUser(device: DeviceId): Promise<string> {
    const page = await this.devices.anyTab(device);
    const current = this.userOfEmail(await signedInEmail(page));
    if (current && !(await signOutKeeping(page))) return "sign-out did not complete";
    const next: UserId = current === "A" ? "B" : "A";
    if (!this.devices.isOnline(device)) return `signed out of ${current ?? "nobody"}; offline, no sign-in`;
    return (await signIn(page, this.users[next].email)) ? `now ${next}` : `sign-in as ${next} did not complete`;
  }

  private async signInOp(device: DeviceId, user: UserId): Promise<string> {
    if (!this.devices.isOnline(device)) return "offline";
    const page = await this.devices.anyTab(device);
    const current = this.userOfEmail(await signedInEmail(page));
    if (current === null) return (await signIn(page, this.users[user].email)) ? `now ${user}` : "sign-in did not complete";
    if (await page.getByTestId("sign-in-again-badge").isVisible()) {
      return (await signIn(page, this.users[current].email)) ? `signed in again as ${current}` : "sign-in did not complete";
    }
    return `already ${current}`;
  }

  /** Signs the device in as `user` (out of anyone else first) and waits for its tabs to settle. */
  private async become(device: DeviceId, user: UserId): Promise<void> {
    const page = await this.devices.anyTab(device);
    await ensureHome(page);
    const current = this.userOfEmail(await signedInEmail(page));
    const needsAgain = current === user && (await page.getByTestId("sign-in-again-badge").isVisible());
    if (current !== user || needsAgain) {
      if (current !== null && current !== user && !(await signOutKeeping(page))) throw new Error(`${device}: could not sign out of ${current}`);
      if (!(await signIn(page, this.users[user].email))) throw new Error(`${device}: could not sign in as ${user}`);
    }
    await this.settle(device);
  }

  /** Until no tab of the device has anything waiting to sync and no pull is running, twice in a row. */
  private async settle(device: DeviceId): Promise<void> {
    const deadline = Date.now() + 120_000;
    let quiet = 0;
    let round = 0;
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error(`${device} did not settle in 120 s`);
      // An `online` event makes the engine retry at once instead of after its backoff.
      if (round % 5 === 0) for (const page of this.devices.openTabsOf(device)) await announceOnline(page);
      round += 1;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      let busy = false;
      for (const page of this.devices.openTabsOf(device)) {
        busy ||= (await page.getByTestId("pending-badge").count()) > 0 || (await page.getByTestId("pull-progress").count()) > 0;
      }
      quiet = busy ? 0 : quiet + 1;
    }
  }

  async settleEverything(): Promise<void> {
    await this.control.clearFault();
    for (const device of DEVICES) {
      await this.devices.setOnline(device, true);
      await this.devices.anyTab(device);
    }
    this.note("settling: every device online, faults cleared");
    // First every person's rows off every device, then (below, in check) each device's view of each person.
    for (const device of DEVICES) for (const user of await this.peopleOf(device)) await this.become(device, user);
    await this.closingSaves();
  }

  /**
   * A person with no acknowledged save gets one now, after the chaos, on device 1: invariant 6 then says whether the
   * app can still save for them (a run where every save failed used to pass every other invariant).
   */
  private async closingSaves(): Promise<void> {
    for (const user of ["A", "B"] as const) {
      if (this.ledger.saves.some((s) => s.user === user && s.acknowledged)) continue;
      await this.become("d1", user);
      const page = await this.devices.anyTab("d1");
      const tab = (["d1t1", "d1t2"] as const).find((t) => this.devices.tab(t) === page) ?? "d1t1";
      const outcome = await this.save({ seq: CLOSING_SAVE_SEQ[user], kind: "closing-save", tab });
      this.note(`closing save of ${user} → ${outcome ?? ""}`);
      await this.settle("d1");
    }
  }

  /** Who saved on the device, the person signed in there now first (no needless sign-out). */
  private async peopleOf(device: DeviceId): Promise<UserId[]> {
    const current = this.userOfEmail(await signedInEmail(await this.devices.anyTab(device)));
    const people = new Set<UserId>([...(current ? [current] : []), ...this.ledger.usersOn(device)]);
    return [...people];
  }

  async check(): Promise<string[]> {
    const failures = [...this.seen];
    const wire = await withDeadline(this.wire.settled(), 60_000, () => failures.push("requests to PostgREST still unanswered 60 s after the run settled")).catch(
      () => this.wire.rows,
    );
    const fates = fatesOf(this.ledger, this.wire.storedNotes());
    for (const device of DEVICES) {
      for (const user of await this.peopleOf(device)) {
        await this.become(device, user);
        failures.push(...(await checkDevice(await this.devices.anyTab(device), this.control, this.ledger, this.users, fates, device, user)));
      }
    }
    failures.push(...(await checkServer(this.control, this.ledger, this.users, fates)));
    failures.push(...(await checkWire(this.control, wire, this.users, this.startedAt)));
    failures.push(...checkAcknowledged(this.ledger));
    failures.push(...(await checkRefreshes(this.control, this.startedAt)));
    this.note(`checked: ${this.ledger.saves.filter((s) => s.acknowledged).length} acknowledged saves, ${this.ledger.saves.length} attempted`);
    return failures;
  }
}
