/**
 * What a browser gives the tabs of one device and Node lacks: Web Locks and BroadcastChannel, in memory. Locks are
 * granted in request order (exclusive only; "shared" is treated as exclusive, which only serializes more); a killed
 * tab's locks are released. Broadcast messages are not delivered directly: each one is handed to `post`, so the
 * scheduler decides when it arrives (a delivery is an interleaving point).
 */
type Waiter = { owner: string; run: () => void; signal?: AbortSignal };

export class SimLockManager {
  private readonly held = new Map<string, string>(); // lock name → owner
  private readonly queues = new Map<string, Waiter[]>();

  /** A tab's view: every lock it takes is recorded as its own. */
  forTab(owner: string): LockManager {
    return {
      request: ((name: string, a: unknown, b?: unknown) => {
        const options = (typeof a === "function" ? {} : a) as LockOptions;
        const callback = (typeof a === "function" ? a : b) as (lock: Lock | null) => unknown;
        return this.request(owner, name, options, callback);
      }) as LockManager["request"],
      query: async () => ({ held: [...this.held.keys()].map((name) => ({ name, mode: "exclusive" as const })), pending: [] }),
    };
  }

  private request(owner: string, name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) return reject(options.signal.reason ?? new DOMException("aborted", "AbortError"));
      const grant = () => {
        this.held.set(name, owner);
        Promise.resolve()
          .then(() => callback({ name, mode: "exclusive" } as Lock))
          .then(
            (value) => (this.release(name, owner), resolve(value)),
            (error) => (this.release(name, owner), reject(error)),
          );
      };
      if (!this.held.has(name)) return grant();
      if (options.ifAvailable) {
        Promise.resolve().then(() => callback(null)).then(resolve, reject);
        return;
      }
      const waiter: Waiter = { owner, run: grant, signal: options.signal };
      const queue = this.queues.get(name) ?? [];
      queue.push(waiter);
      this.queues.set(name, queue);
      options.signal?.addEventListener("abort", () => {
        const q = this.queues.get(name);
        const at = q?.indexOf(waiter) ?? -1;
        if (q && at >= 0) {
          q.splice(at, 1);
          reject(options.signal?.reason ?? new DOMException("aborted", "AbortError"));
        }
      });
    });
  }

  private release(name: string, owner: string): void {
    if (this.held.get(name) !== owner) return;
    this.held.delete(name);
    const queue = this.queues.get(name);
    const next = queue?.shift();
    if (next) next.run();
  }

  /** A tab died: its locks go, and its queued requests never run. */
  dropOwner(owner: string): void {
    for (const [name, queue] of this.queues) this.queues.set(name, queue.filter((w) => w.owner !== owner));
    for (const [name, holder] of [...this.held]) if (holder === owner) this.release(name, owner);
  }
}

export type ChannelMessage = { from: string; to: string; name: string; data: unknown };

/** BroadcastChannel for the tabs of one device; `post` queues each message for the scheduler. */
export class SimBroadcastHub {
  private readonly members = new Map<string, Set<{ owner: string; listeners: Set<(event: MessageEvent) => void>; closed: boolean }>>();

  constructor(private readonly post: (message: ChannelMessage, deliver: () => void) => void) {}

  channel(owner: string, name: string): BroadcastChannel {
    const member = { owner, listeners: new Set<(event: MessageEvent) => void>(), closed: false };
    const group = this.members.get(name) ?? new Set();
    group.add(member);
    this.members.set(name, group);
    const channel = {
      name,
      onmessage: null as ((event: MessageEvent) => void) | null,
      postMessage: (data: unknown) => {
        if (member.closed) throw new DOMException("channel closed", "InvalidStateError");
        const copy = structuredClone(data);
        for (const other of group) {
          if (other === member || other.closed) continue;
          this.post({ from: owner, to: other.owner, name, data: copy }, () => {
            if (other.closed) return;
            const event = { data: copy } as MessageEvent;
            for (const listener of other.listeners) listener(event);
          });
        }
      },
      addEventListener: (_type: string, listener: (event: MessageEvent) => void) => member.listeners.add(listener),
      removeEventListener: (_type: string, listener: (event: MessageEvent) => void) => member.listeners.delete(listener),
      close: () => {
        member.closed = true;
        group.delete(member);
      },
    };
    member.listeners.add((event) => channel.onmessage?.(event));
    return channel as unknown as BroadcastChannel;
  }

  dropOwner(owner: string): void {
    for (const group of this.members.values()) for (const m of [...group]) {
        if (m.owner !== owner) continue;
        m.closed = true;
        group.delete(m);
      }
  }
}

/** A device's localStorage (auth-js keeps the session there; every tab of the device shares it). */
export class SimStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}
