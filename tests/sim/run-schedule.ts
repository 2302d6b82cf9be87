import { createHash } from "node:crypto";
import { IDBFactory } from "fake-indexeddb";
import { mulberry32, type Random } from "@/tests/chaos/prng";
import { openTab, readDevice, type DeviceSnapshot, type SimTab } from "@/tests/sim/app-adapter";
import { START_TIME, VirtualClock } from "@/tests/sim/clock";
import type { StackResponse } from "@/tests/stack/http";
import { SimBroadcastHub, SimLockManager, SimStorage } from "@/tests/sim/device-fakes";
import { newHistory, type History } from "@/tests/sim/history";
import { installQuotaFaults } from "@/tests/sim/idb-faults";
import { acknowledgedCheckIns, boundedWork, busyBound, converged, localLeaks, notStuck, requestLeak } from "@/tests/sim/invariants";
import { actorOf, type Fate, HANG_MS, type PendingRequest, SimNetwork } from "@/tests/sim/network";
import type { RecordedSequence } from "@/tests/sim/server/recorded-sequence";
import { describeOp, type Op, type Schedule } from "@/tests/sim/schedule";
import { AuthModel } from "@/tests/sim/server/auth-model";
import { recordRequest, type RecordedRequest } from "@/tests/sim/server/recorded-sequence";
import { ModelUnsupportedError } from "@/tests/sim/server/pg-error";
import { type ModelRequest, RestModel } from "@/tests/sim/server/rest-model";
import { STACK_JWT_SECRET } from "@/tests/stack/jwt";
import { drain, installSimGlobals, setSimHooks } from "@/tests/sim/sim-globals";

/**
 * Runs one schedule: the world of `schedule`, its operations, a quiet period, then the invariants. Every choice of
 * what happens next is drawn from the seed, and everything the code under test reads as time or randomness comes
 * from here, so a (schedule, seed) pair replays to the same trace.
 */
export type RunResult = { seed: number; violations: string[]; traceHash: string; trace: string[]; steps: number; recording: RecordedSequence | null };
export type RunOptions = { verbose?: boolean; record?: boolean };

/**
 * Task turns one scheduler step may take before it counts as a busy loop. A turn runs every task queued before it,
 * so this bounds chains of IndexedDB transactions, not their number; a 1,000-entry queue's saves chain far longer.
 */
const MAX_DRAIN_TURNS = 5_000;
const MAX_DRAIN_TURNS_BULK = 500_000;
const MAX_STEPS = 60_000;
const QUIET_HORIZON_MS = 30 * 60_000;
const MAX_QUIET_MS = 2 * 3_600_000;
const PASSWORD = "sim-password";
const AUTH_FATES: Fate[] = ["drop", "lost", "hang", "503", "429"];
const REST_FATES: Fate[] = ["drop", "lost", "hang", "503", "429", "401", "403", "409"];

type Tab = { key: string; device: number; app: SimTab | null; dead: boolean; opening: Promise<SimTab> };
type Device = {
  index: number;
  factory: IDBFactory;
  dbName: string;
  storage: SimStorage;
  locks: SimLockManager | null;
  hub: SimBroadcastHub | null;
  skewMs: number;
  online: boolean;
  quotaFailures: number;
  tabs: Tab[];
  nextTab: number;
  signedIn: string | null;
  savedBy: string[];
};
type Choice = { label: string; device: number | null; run: () => Promise<string | void> | string | void };

export async function runSchedule(schedule: Schedule, options: RunOptions = {}): Promise<RunResult> {
  installSimGlobals();
  const sim = new Simulation(schedule, options);
  setSimHooks(sim.hooks);
  const unhandled = (reason: unknown) => sim.unhandled(reason);
  process.on("unhandledRejection", unhandled);
  try {
    return await sim.run();
  } finally {
    // What a dead tab or a closed connection still had queued runs now, under this schedule's clock, not the next's.
    await drain(MAX_DRAIN_TURNS);
    setSimHooks(null);
    process.off("unhandledRejection", unhandled);
  }
}

class Simulation {
  private readonly clock = new VirtualClock();
  private readonly choices: Random;
  private readonly appRandom: Random;
  private readonly history: History;
  private readonly trace: string[] = [];
  private readonly devices: Device[];
  private readonly auth: AuthModel;
  private readonly rest = new RestModel();
  private readonly network: SimNetwork;
  private readonly messages: { to: string; device: number; label: string; deliver: () => void }[] = [];
  private readonly userIds: string[] = [];
  private readonly unfinished = new Map<number, string>();
  private readonly recording: RecordedRequest[] = [];
  private current: number | null = null;
  private step = 0;
  private nextOp = 0;
  private opReadyAt: number;
  private quiet = false;
  private lastActivity = 0;
  private opSeq = 0;
  /** Set when a busy loop is certain: the scheduler stops and the invariants are read as they stand. */
  private halted = false;
  private readonly drainTurns: number;

  readonly hooks = {
    now: () => this.clock.now + (this.current === null ? 0 : this.devices[this.current]!.skewMs),
    random: () => this.appRandom.next(),
    setTimer: (fn: () => void, ms: number) => this.clock.add(this.current === null ? "server" : `d${this.current}`, fn, ms),
    clearTimer: (id: number) => this.clock.clear(id),
  };

  constructor(
    private readonly schedule: Schedule,
    private readonly options: RunOptions,
  ) {
    this.choices = mulberry32(schedule.seed);
    this.appRandom = mulberry32(schedule.seed ^ 0x9e3779b9);
    this.history = newHistory(schedule.devices.length);
    this.drainTurns = schedule.ops.some((op) => op.kind === "bulk-save") ? MAX_DRAIN_TURNS_BULK : MAX_DRAIN_TURNS;
    this.opReadyAt = this.clock.now;
    this.auth = new AuthModel(schedule.tokenTtlSeconds);
    this.network = new SimNetwork(
      {
        auth: (method, path, query, headers, body) => this.auth.handle(method, path, query, headers, body),
        rest: (request) => this.serveRest(request),
      },
      {
        onSend: (request) => this.onSend(request),
        enterServer: () => (this.current = null),
        leaveServer: (device) => (this.current = device),
        onApplied: (request, response, fate) => this.onApplied(request, response.status, fate, response.body),
        onInjected: (request, status) => {
          if (status === 401) this.history.counters[request.device]!.unauthorized++;
        },
        hangTimer: (request, fire) => this.clock.add(request.owner, fire, HANG_MS),
        clearTimer: (id) => this.clock.clear(id),
      },
    );
    this.devices = schedule.devices.map((spec, index) => {
      const device: Device = {
        index, factory: new IDBFactory(), dbName: `sim-device-${index}`, storage: new SimStorage(),
        locks: spec.locks ? new SimLockManager() : null, hub: null, skewMs: spec.skewMs, online: true, quotaFailures: 0,
        tabs: [], nextTab: 0, signedIn: null, savedBy: [],
      };
      if (spec.broadcast) device.hub = new SimBroadcastHub((m, deliver) => this.messages.push({ to: m.to, device: index, label: `message ${m.name} ${m.from}→${m.to}`, deliver }));
      return device;
    });
    installQuotaFaults((dbName) => {
      const device = this.devices.find((d) => d.dbName === dbName);
      if (!device || device.quotaFailures === 0) return false;
      device.quotaFailures--;
      this.log(`quota: a write on device ${device.index} fails`);
      return true;
    });
  }

  async run(): Promise<RunResult> {
    for (let u = 0; u < this.schedule.users; u++) this.userIds.push(await this.auth.createUser(`person${u}@sim.test`, PASSWORD));
    for (const id of this.userIds) this.rest.addUser(id);
    for (const device of this.devices) for (let t = 0; t < this.schedule.devices[device.index]!.tabs; t++) this.openTab(device);
    await this.loop(false);
    await this.quietPeriod();
    const traceHash = createHash("sha256").update(this.trace.join("\n")).digest("hex");
    const recording = this.options.record ? { name: `sim-seed-${this.schedule.seed}`, users: [...this.userIds], requests: this.recording } : null;
    return { seed: this.schedule.seed, violations: [...new Set(this.history.violations)], traceHash, trace: this.trace, steps: this.step, recording };
  }

  // ---- the scheduler ------------------------------------------------------------------------------------------

  /**
   * Runs the scheduler. Not settling: until every operation has started (what is in flight then carries on into the
   * quiet period). Settling: until nothing is in flight and no timer is due within the horizon.
   */
  private async loop(settling: boolean): Promise<void> {
    const settleStart = this.clock.now;
    for (;;) {
      if (this.halted) return;
      if (!settling && this.nextOp >= this.schedule.ops.length) return;
      if (!(await drain(this.drainTurns))) return this.busy(`busy: more than ${this.drainTurns} tasks without a pause (a loop that never yields to the scheduler)`);
      if (this.step >= MAX_STEPS) return this.violation(`stuck: no quiet after ${MAX_STEPS} scheduler steps`);
      const choices = this.ready();
      if (choices.length > 0) {
        const choice = choices.length === 1 ? choices[0]! : this.choices.pick(choices);
        await this.perform(choice);
        continue;
      }
      const next = this.nextTime(settling);
      if (next === null) return;
      if (settling && next - settleStart > MAX_QUIET_MS) return this.violation(`stuck: still busy ${MAX_QUIET_MS / 3_600_000} virtual hours into the quiet period`);
      this.clock.advanceTo(next);
    }
  }

  private ready(): Choice[] {
    const out: Choice[] = [];
    const op = this.schedule.ops[this.nextOp];
    if (op && !this.quiet && op.wait + this.opReadyAt <= this.clock.now) out.push({ label: `op ${describeOp(op)}`, device: op.device, run: () => this.startOp(op) });
    for (const request of this.network.deliverable()) {
      out.push({ label: `#${request.id} ${request.owner}`, device: request.device, run: () => this.network.deliver(request, this.fateOf(request)) });
    }
    for (const message of this.messages) {
      out.push({ label: message.label, device: message.device, run: () => void (this.messages.splice(this.messages.indexOf(message), 1), message.deliver()) });
    }
    for (const timer of this.clock.due()) {
      const device = timer.owner === "server" ? null : Number(/^d(\d+)/.exec(timer.owner)![1]);
      out.push({ label: `timer ${timer.owner}`, device, run: () => void this.clock.take(timer.id)?.fn() });
    }
    return out;
  }

  private nextTime(settling: boolean): number | null {
    const times: number[] = [];
    const op = this.schedule.ops[this.nextOp];
    if (op && !this.quiet) times.push(this.opReadyAt + op.wait);
    const timer = this.clock.nextDue();
    if (timer !== null && (!settling || timer - this.lastActivity <= QUIET_HORIZON_MS || this.network.pending.length > 0)) times.push(timer);
    return times.length === 0 ? null : Math.max(this.clock.now, Math.min(...times));
  }

  private async perform(choice: Choice): Promise<void> {
    this.step++;
    this.current = choice.device;
    try {
      const detail = await choice.run();
      this.log(`${choice.label}${detail ? `: ${detail}` : ""}`);
      if (!(await drain(this.drainTurns))) this.busy(`busy: more than ${this.drainTurns} tasks without a pause after ${choice.label}`);
    } finally {
      this.current = null;
    }
  }

  private fateOf(request: PendingRequest): Fate {
    if (!this.devices[request.device]!.online) return "drop";
    if (this.quiet || this.schedule.faultRate === 0 || !this.choices.chance(this.schedule.faultRate)) return "ok";
    return this.choices.pick(request.url.pathname.startsWith("/auth/") ? AUTH_FATES : REST_FATES);
  }

  private log(line: string): void {
    const entry = `${this.step} t+${this.clock.now - START_TIME} ${line}`;
    this.trace.push(entry);
    if (this.options.verbose) console.log(entry);
  }

  /** A promise the app let reject with no one to hear it: a run that ends invisibly (issue 18, defect 10). */
  unhandled(reason: unknown): void {
    // An IndexedDB or fetch abort (a killed tab, a quota-aborted transaction, a cancelled run) that nobody awaited is
    // noise in a console, not a lost run; any other rejection nobody handles is a run that ended unseen.
    if (reason instanceof DOMException && reason.name === "AbortError") return this.log("unhandled AbortError (ignored)");
    this.violation(`unhandled: a rejection nobody handled: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`);
  }

  private busy(message: string): void {
    this.violation(message);
    this.halted = true;
  }

  private violation(message: string): void {
    this.history.violations.push(message);
    this.log(`VIOLATION ${message}`);
  }

  // ---- the network's observers ---------------------------------------------------------------------------------

  private onSend(request: PendingRequest): void {
    this.lastActivity = this.clock.now;
    const counters = this.history.counters[request.device]!;
    const minute = Math.floor((this.clock.now - START_TIME) / 60_000);
    const count = (counters.requestsPerMinute.get(minute) ?? 0) + 1;
    counters.requestsPerMinute.set(minute, count);
    // A busy loop is plain long before the end: stop the schedule (boundedWork reports it) instead of spinning on.
    if (count > 4 * busyBound(counters)) this.busy(`busy: device ${request.device} sent ${count} requests in virtual minute ${minute}`);
    const leak = requestLeak(request);
    if (leak) this.violation(leak);
  }

  private onApplied(request: PendingRequest, status: number, fate: Fate, body: unknown): void {
    const counters = this.history.counters[request.device]!;
    const path = request.url.pathname;
    if (path === "/rest/v1/rpc/push_changes" && status === 200) {
      // The model answers with PostgREST's own text; parse it for the ids.
      const answer = (typeof body === "string" ? JSON.parse(body) : body) as { check_ins?: { id: string }[] } | null;
      for (const { id } of answer?.check_ins ?? []) {
        if (!this.history.storedAt.has(id)) this.history.storedAt.set(id, this.step);
      }
    }
    if (fate === "ok" && path === "/auth/v1/token" && request.url.searchParams.get("grant_type") === "refresh_token" && status === 200) counters.refreshes++;
    if (fate === "ok" && status === 401) counters.unauthorized++;
    const actor = actorOf(request);
    if (path === "/rest/v1/rpc/delete_my_data" && status === 200 && actor) {
      const pending = this.history.deletes.find((d) => d.userId === actor && d.device === request.device && d.appliedStep === null);
      if (pending) pending.appliedStep = this.step;
      else this.history.deletes.push({ device: request.device, userId: actor, appliedStep: this.step, endStep: this.step });
    }
  }

  private modelRequest(request: PendingRequest): ModelRequest {
    return { method: request.method, url: `${request.url.pathname}${request.url.search}`, headers: request.headers, body: request.bodyText };
  }

  /** The REST model answers as PostgREST would; what it does not imitate is a finding, not a crash. */
  private serveRest(request: PendingRequest): StackResponse {
    const modelRequest = this.modelRequest(request);
    if (this.options.record) this.recording.push(recordRequest(modelRequest, STACK_JWT_SECRET, this.clock.now));
    try {
      const response = this.rest.handle(modelRequest, this.clock.now);
      return { status: response.status, headers: response.headers, body: response.body };
    } catch (error) {
      if (!(error instanceof ModelUnsupportedError)) throw error;
      this.violation(`model: the REST model does not imitate ${request.method} ${request.url.pathname}${request.url.search}: ${error.message}`);
      return { status: 501, body: { message: "not imitated by the model" } };
    }
  }

  /** The server's check-ins of a person, from the model's snapshot (row_to_json text per row). */
  private serverCheckIns(userId: string): Set<string> {
    const rows = this.rest.snapshot().check_ins.map((text) => JSON.parse(text) as { id: string; user_id: string });
    return new Set(rows.filter((r) => r.user_id === userId).map((r) => r.id));
  }

  // ---- tabs and operations -------------------------------------------------------------------------------------

  private openTab(device: Device): Tab {
    const key = `d${device.index}t${device.nextTab++}`;
    const tab: Tab = { key, device: device.index, app: null, dead: false, opening: null as unknown as Promise<SimTab> };
    this.history.counters[device.index]!.tabs++;
    const now = () => this.clock.now + device.skewMs;
    tab.opening = openTab({
      key, factory: device.factory, dbName: device.dbName, storage: device.storage,
      fetch: this.network.fetchFor(device.index, key, () => tab.dead),
      locks: device.locks?.forTab(key) ?? null,
      channel: device.hub ? (name) => device.hub!.channel(key, name) : null,
      clock: { now, setTimeout: (fn, ms) => (tab.dead ? -1 : this.clock.add(key, fn, ms)), clearTimeout: (h) => this.clock.clear(h as number) },
      random: () => this.appRandom.next(),
      isOnline: () => device.online,
    }).then((app) => (tab.app = app));
    device.tabs.push(tab);
    return tab;
  }

  private liveTabs(device: Device): Tab[] {
    return device.tabs.filter((t) => !t.dead);
  }

  /** The op's tab (its index modulo the live tabs); a device with none opens one, as a person reopens the app. */
  private tabFor(device: Device, index: number): Tab {
    const live = this.liveTabs(device);
    return live.length === 0 ? this.openTab(device) : live[index % live.length]!;
  }

  private endTab(tab: Tab, kill: boolean): void {
    const device = this.devices[tab.device]!;
    tab.dead = true;
    if (tab.app && kill) tab.app.kill();
    else if (tab.app) tab.app.close();
    else void tab.opening.then((app) => (kill ? app.kill() : app.close()));
    this.clock.dropOwner(tab.key);
    this.network.dropOwner(tab.key);
    device.locks?.dropOwner(tab.key);
    device.hub?.dropOwner(tab.key);
    for (let i = this.messages.length - 1; i >= 0; i--) if (this.messages[i]!.to === tab.key) this.messages.splice(i, 1);
    for (const [seq, label] of this.unfinished) if (label.includes(`on ${tab.key}`)) this.unfinished.delete(seq);
  }

  /** Runs an op's work on a tab once it is open; tracks it until it finishes (an op that never does is "stuck"). */
  private track<T>(tab: Tab, label: string, work: (app: SimTab) => Promise<T>, done: (value: T) => void, failed: () => void = () => undefined): void {
    const seq = this.opSeq++;
    this.unfinished.set(seq, `${label} on ${tab.key}`);
    tab.opening.then(work).then(
      (value) => {
        this.unfinished.delete(seq);
        done(value);
      },
      (error: unknown) => {
        this.unfinished.delete(seq);
        this.log(`${label} on ${tab.key} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        failed();
      },
    );
  }

  private startOp(op: Op): string | void {
    this.nextOp++;
    this.opReadyAt = this.clock.now;
    const device = this.devices[op.device];
    if (!device) return "no such device";
    switch (op.kind) {
      case "open-tab":
        return this.openTab(device).key;
      case "close-tab":
      case "kill-tab": {
        const live = this.liveTabs(device);
        if (live.length === 0) return "no tab";
        const tab = live[op.tab % live.length]!;
        this.endTab(tab, op.kind === "kill-tab");
        return tab.key;
      }
      case "offline":
        device.online = false;
        return;
      case "online":
        device.online = true;
        for (const tab of this.liveTabs(device)) void tab.opening.then((app) => app.nudge("always"));
        return;
      case "skew":
        device.skewMs = op.skewMs;
        this.history.counters[device.index]!.clockChanges++;
        return;
      case "quota":
        device.quotaFailures += op.writes;
        return;
      case "focus": {
        const tab = this.tabFor(device, op.tab);
        void tab.opening.then((app) => app.nudge("throttled"));
        return tab.key;
      }
      case "sign-in":
        return this.signIn(device, this.tabFor(device, op.tab), op.user);
      case "save":
      case "bulk-save":
        return this.save(device, op.tab, op.kind === "save" ? 1 : op.count, op.kind === "save" ? op.predictMs : 0);
      case "sign-out": {
        const userId = device.signedIn;
        if (userId === null) return "nobody signed in";
        const tab = this.tabFor(device, op.tab);
        const drop = op.keepUnsent ? null : { device: device.index, userId, endStep: null as number | null };
        if (drop) this.history.unsentDrops.push(drop);
        this.track(tab, "sign-out", (app) => app.signOut(op.keepUnsent), (signedOut) => {
          // Whose unsent check-ins went: the account the app signed out, which another tab may have switched.
          if (drop) {
            drop.userId = signedOut;
            drop.endStep = this.step;
          }
          if (device.signedIn === userId) device.signedIn = null;
        }, () => {
          // Refused (a check-in saved meanwhile) or failed: nothing was dropped.
          if (drop) this.history.unsentDrops.splice(this.history.unsentDrops.indexOf(drop), 1);
        });
        return tab.key;
      }
      case "delete-my-data": {
        const userId = device.signedIn;
        if (userId === null) return "nobody signed in";
        const tab = this.tabFor(device, op.tab);
        const record = { device: device.index, userId, appliedStep: null as number | null, endStep: null as number | null };
        this.history.deletes.push(record);
        const end = () => void (record.endStep = this.step);
        this.track(tab, "delete-my-data", (app) => app.deleteMyData(userId), end, end);
        return tab.key;
      }
    }
  }

  private signIn(device: Device, tab: Tab, user: number): string {
    const userId = this.userIds[user % this.userIds.length]!;
    const counters = this.history.counters[device.index]!;
    counters.signIns++;
    counters.firstSignInAt ??= this.clock.now;
    this.track(tab, "sign-in", (app) => app.signIn(`person${user % this.userIds.length}@sim.test`, PASSWORD), () => {
      device.signedIn = userId;
    });
    return `${tab.key} as ${userId}`;
  }

  private save(device: Device, tabIndex: number, count: number, predictMs: number): string {
    const userId = device.signedIn;
    if (userId === null) return "nobody signed in";
    const tab = this.tabFor(device, tabIndex);
    if (!device.savedBy.includes(userId)) device.savedBy.push(userId);
    if (count > 1) this.history.counters[device.index]!.bulk = true;
    const wait = (ms: number) => (ms === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.clock.add(tab.key, resolve, ms)));
    const startStep = this.step;
    for (let i = 0; i < count; i++) {
      const variant = this.opSeq;
      this.track(tab, "save", (app) => app.save(variant, predictMs, wait), (saved) => {
        this.history.acks.push({ id: saved.id, userId: saved.userId, device: device.index, startStep, ackStep: this.step });
      });
    }
    return `${tab.key} as ${userId}${count > 1 ? ` ×${count}` : ""}`;
  }

  // ---- the quiet period and the invariants ---------------------------------------------------------------------

  private async quietPeriod(): Promise<void> {
    if (this.halted) return this.closeAll();
    this.quiet = true;
    this.log("quiet period: faults off, every device online");
    for (const device of this.devices) {
      device.online = true;
      device.quotaFailures = 0;
      for (const tab of this.liveTabs(device)) void tab.opening.then((app) => app.nudge("always"));
    }
    await this.loop(true);
    for (const device of this.devices) {
      for (const userId of this.halted ? [] : device.savedBy) {
        const user = this.userIds.indexOf(userId);
        this.log(`quiet period: device ${device.index} signs in as ${userId}`);
        this.current = device.index;
        this.signIn(device, this.tabFor(device, 0), user);
        this.current = null;
        await this.loop(true);
        const snapshot = await readDevice(device.factory, device.dbName);
        const server = this.serverCheckIns(userId);
        for (const v of converged(device.index, userId, server, snapshot)) this.violation(v);
        for (const v of await localLeaks(device.index, userId, snapshot)) this.violation(v);
      }
    }
    const snapshots: DeviceSnapshot[] = [];
    for (const device of this.devices) snapshots.push(await readDevice(device.factory, device.dbName));
    const serverIds = (userId: string) => this.serverCheckIns(userId);
    for (const v of acknowledgedCheckIns(this.history, serverIds, snapshots)) this.violation(v);
    for (const v of boundedWork(this.history, this.schedule.tokenTtlSeconds, this.clock.now)) this.violation(v);
    const phases = this.devices.flatMap((d) => this.liveTabs(d).filter((t) => t.app).map((t) => ({ tab: t.key, phase: t.app!.phase() })));
    for (const v of notStuck(phases, [...this.unfinished.values()])) this.violation(v);
    this.closeAll();
  }

  /** The schedule is over: every tab stops (its engine's timers and runs), so nothing of it runs into the next one. */
  private closeAll(): void {
    for (const device of this.devices) for (const tab of this.liveTabs(device)) this.endTab(tab, false);
  }
}
