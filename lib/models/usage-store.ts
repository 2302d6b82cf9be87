/** Per-model use counts that survive reloads, for usage-based preloading. */
export interface UsageStore {
  counts(): Record<string, number>;
  increment(name: string): void;
}

const STORAGE_KEY = "checkin-models:usage";

/**
 * Counts in memory, written to localStorage at most once per `flushMs`: `get()` is on the hot path and must stay in
 * microseconds. Storage blocked (private windows) → counts live for this visit only.
 */
export class LocalUsageStore implements UsageStore {
  private readonly data: Record<string, number>;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly flushMs = 1000) {
    this.data = LocalUsageStore.read();
  }

  private static read(): Record<string, number> {
    try {
      const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      if (!parsed || typeof parsed !== "object") return {};
      return Object.fromEntries(Object.entries(parsed).filter((kv): kv is [string, number] => typeof kv[1] === "number"));
    } catch {
      return {};
    }
  }

  counts(): Record<string, number> {
    return { ...this.data };
  }

  increment(name: string): void {
    this.data[name] = (this.data[name] ?? 0) + 1;
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      try {
        globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(this.data));
      } catch {
        // Storage full or blocked: preloading just has less to go on.
      }
    }, this.flushMs);
  }
}

export class MemoryUsageStore implements UsageStore {
  private readonly data: Record<string, number> = {};
  constructor(initial: Record<string, number> = {}) {
    Object.assign(this.data, initial);
  }
  counts() {
    return { ...this.data };
  }
  increment(name: string) {
    this.data[name] = (this.data[name] ?? 0) + 1;
  }
}

/** True when this browser has used a model before (a returning user): cheap, reads localStorage only. */
export function hasUsageHistory(): boolean {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    return Boolean(raw && raw !== "{}");
  } catch {
    return false;
  }
}

/** Names with at least one use, most used first. */
export function mostUsed(counts: Record<string, number>, limit: number): string[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name]) => name);
}
