import type { Manifest } from "./manifest-schema";
import { cacheKey } from "./model-cache";
import { mostUsed, type UsageStore } from "./usage-store";

export type PreloadDeps = {
  manifest: () => Promise<Manifest>;
  usage: UsageStore;
  cachedKeys: () => Promise<Set<string>>;
  ensureCached: (name: string) => Promise<void>;
  limit: number;
};

/**
 * Fetches the most used models into the cache, one after another (never in the way of a real load). Models already
 * listed in the cache are skipped without reading their bytes: reading and hashing 2.5 MB each on every start is what
 * made a returning user's idle preload cost main-thread time for nothing (a real load still verifies). Best effort:
 * the real get() reports errors.
 */
export async function preloadByUsage(deps: PreloadDeps): Promise<string[]> {
  const manifest = await deps.manifest();
  const byName = new Map(manifest.models.map((m) => [m.name, m]));
  const counts = Object.fromEntries(Object.entries(deps.usage.counts()).filter(([n]) => byName.has(n)));
  const cached = await deps.cachedKeys();
  const done: string[] = [];
  for (const name of mostUsed(counts, deps.limit)) {
    try {
      if (!cached.has(cacheKey(byName.get(name)!))) await deps.ensureCached(name);
      done.push(name);
    } catch {
      // Best effort, as preloading always is.
    }
  }
  return done;
}

/**
 * Runs `task` once the browser is idle (at most 10 s later), unless the person asked for less data (Save-Data).
 * Returns a cancel function.
 */
export function whenIdle(task: () => void): () => void {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return () => undefined;
  if (typeof requestIdleCallback === "function") {
    const id = requestIdleCallback(task, { timeout: 10_000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 3000);
  return () => clearTimeout(id);
}
