/**
 * The virtual clock: server time in ms, and every timer of every device. Time moves only when the scheduler finds
 * nothing else to do (`advanceTo`). Timers are keyed by their owner (a tab, or a device for code that calls the
 * global setTimeout) so a killed tab's timers never fire.
 */
export type Timer = { id: number; due: number; owner: string; fn: () => void };

export const START_TIME = Date.UTC(2026, 5, 1, 12, 0, 0);

export class VirtualClock {
  now = START_TIME;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  add(owner: string, fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.now + Math.max(0, Number.isFinite(ms) ? ms : 0), owner, fn });
    return id;
  }

  clear(id: number): void {
    this.timers.delete(id);
  }

  take(id: number): Timer | undefined {
    const timer = this.timers.get(id);
    this.timers.delete(id);
    return timer;
  }

  /** Timers due now, in the order they were set (a stable order for the scheduler to pick from). */
  due(): Timer[] {
    return [...this.timers.values()].filter((t) => t.due <= this.now);
  }

  nextDue(): number | null {
    let next: number | null = null;
    for (const t of this.timers.values()) if (next === null || t.due < next) next = t.due;
    return next;
  }

  dropOwner(owner: string): void {
    for (const [id, t] of this.timers) if (t.owner === owner) this.timers.delete(id);
  }

  advanceTo(time: number): void {
    if (time > this.now) this.now = time;
  }
}
