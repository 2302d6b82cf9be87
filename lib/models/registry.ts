import type { PredictionType } from "@/lib/domain/prediction";
import { errorMessage, isAbortError, ModelNotFoundError, StorageUnavailableError } from "./errors";
import { IdbModelCache } from "./idb-model-cache";
import { fetchManifest } from "./manifest-client";
import { readSavedManifest, saveManifest } from "./saved-manifest";
import type { Manifest, ModelEntry } from "./manifest-schema";
import { loadVerifiedBytes, type BytesContext, type VerifiedBytes } from "./model-bytes";
import { cacheKey, MemoryModelCache, type ModelCache } from "./model-cache";
import type { ModelOutput } from "./model-output";
import { createOrtSession, type ModelSession, type SessionFactory } from "./ort-session";
import { clearRuntimeWasm } from "./runtime-cache";
import { SingleFlight } from "./single-flight";
import { LocalUsageStore, MemoryUsageStore, mostUsed, type UsageStore } from "./usage-store";

export type { ModelOutput } from "./model-output";

export type ModelPhase =
  | "not-loaded"
  | "downloading"
  | "reading-cache"
  | "verifying"
  | "cached"
  | "creating-session"
  | "ready"
  | "error";

export type ModelStatus = {
  name: string;
  phase: ModelPhase;
  loadedBytes: number;
  totalBytes: number;
  cachedBytes: number;
  /** The model's bytes are in persistent storage (IndexedDB) and survive a reload. */
  persisted: boolean;
  error?: string;
  /** Not an error: e.g. "kept in memory only" after a quota failure, or storage unavailable. */
  notice?: string;
};

export interface LoadedModel {
  readonly entry: ModelEntry;
  run(features: Float32Array): Promise<ModelOutput>;
}

export type StorageInfo = {
  /** False when IndexedDB is unavailable and models live in memory for this visit only. */
  available: boolean;
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
};

export type RegistryOptions = {
  /** Prefix of the manifest and model URLs. Default "/models/". */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Default: IndexedDB, falling back to memory when it is unavailable. */
  cache?: () => Promise<ModelCache>;
  sessionFactory?: SessionFactory;
  usage?: UsageStore;
  /** Bytes of loaded models kept as live sessions; least recently used ones are released beyond it. */
  memoryBudgetBytes?: number;
  /** "usage" (default): when idle after start, cache the most used models. "all": load every model (eager mode, for comparison). */
  preload?: "none" | "usage" | "all";
  preloadLimit?: number;
  /** Manifest revalidation period (also on window focus). 0 turns both off. */
  revalidateIntervalMs?: number;
  /** Download `.onnx.gz` variants when listed. Default true. */
  compressed?: boolean;
  now?: () => number;
};

type Live = { key: string; entry: ModelEntry; session: ModelSession; handle: LoadedModelHandle; lastUsed: number };

class LoadedModelHandle implements LoadedModel {
  released = false;
  constructor(
    readonly entry: ModelEntry,
    private readonly session: ModelSession,
    private readonly registry: ModelRegistry,
  ) {}

  async run(features: Float32Array): Promise<ModelOutput> {
    // Released by the memory budget or a new version: get the current session (loading it again if needed).
    if (this.released) return (await this.registry.get(this.entry.name)).run(features);
    return this.session.run(features);
  }
}

const DEFAULT_BUDGET = 64 * 1024 * 1024;

/**
 * Lazy, single-flight, cached, verified loading of the models listed in the manifest. Framework-independent; the
 * React hooks in use-model.ts subscribe to it. See docs/performance.md ("Model registry") for the measured behaviour.
 */
export class ModelRegistry {
  private readonly options: Required<Omit<RegistryOptions, "cache" | "usage" | "fetch">> & { fetch: typeof fetch };
  private readonly openCache: () => Promise<ModelCache>;
  private readonly usage: UsageStore;
  private current: { manifest: Manifest; text: string; byName: Map<string, ModelEntry> } | null = null;
  private manifestFlight: Promise<Manifest> | null = null;
  private revalidateFlight: Promise<boolean> | null = null;
  private cachePromise: Promise<ModelCache> | null = null;
  private storageNotice: string | undefined;
  private persistAsked = false;
  private readonly live = new Map<string, Live>();
  // null: the flight loaded a version the manifest no longer lists; its caller starts over outside it.
  private readonly sessionFlights = new SingleFlight<LoadedModel | null>();
  private readonly bytesFlights = new SingleFlight<VerifiedBytes>();
  private readonly statusMap = new Map<string, ModelStatus>();
  private snapshot: ModelStatus[] = [];
  private readonly listeners = new Set<() => void>();
  private timers: (() => void)[] = [];
  private started = false;

  constructor(options: RegistryOptions = {}) {
    this.options = {
      baseUrl: options.baseUrl ?? "/models/",
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      sessionFactory: options.sessionFactory ?? createOrtSession,
      memoryBudgetBytes: options.memoryBudgetBytes ?? DEFAULT_BUDGET,
      preload: options.preload ?? "usage",
      preloadLimit: options.preloadLimit ?? 3,
      revalidateIntervalMs: options.revalidateIntervalMs ?? 5 * 60_000,
      compressed: options.compressed ?? true,
      now: options.now ?? Date.now,
    };
    this.openCache = options.cache ?? (() => IdbModelCache.open());
    this.usage = options.usage ?? (typeof localStorage === "undefined" ? new MemoryUsageStore() : new LocalUsageStore());
  }

  // ---------------------------------------------------------------- manifest

  /** Fetches and validates the manifest (once; later calls return it). Fetches no model bytes. */
  manifest(): Promise<Manifest> {
    if (this.current) return Promise.resolve(this.current.manifest);
    this.manifestFlight ??= fetchManifest(`${this.options.baseUrl}manifest.json`, this.options.fetch)
      .then(
        (fetched) => {
          saveManifest(fetched);
          return fetched;
        },
        (error: unknown) => {
          // Offline (or the server is down): start from the last manifest that validated, if any.
          const saved = readSavedManifest();
          if (!saved) throw error;
          return saved;
        },
      )
      .then((fetched) => {
        this.apply(fetched);
        this.start();
        return fetched.manifest;
      })
      .finally(() => {
        this.manifestFlight = null;
      });
    return this.manifestFlight;
  }

  /**
   * Checks the manifest for a new version now. Returns true when it changed. One check at a time: focus and
   * visibilitychange fire together, and two applies racing would each reset the statuses of the other.
   */
  revalidate(): Promise<boolean> {
    this.revalidateFlight ??= fetchManifest(`${this.options.baseUrl}manifest.json`, this.options.fetch)
      .then((fetched) => {
        if (this.current && fetched.text === this.current.text) return false;
        saveManifest(fetched);
        this.apply(fetched);
        return true;
      })
      .finally(() => {
        this.revalidateFlight = null;
      });
    return this.revalidateFlight;
  }

  private apply(fetched: { manifest: Manifest; text: string }): void {
    const byName = new Map(fetched.manifest.models.map((m) => [m.name, m]));
    const previous = this.current?.byName;
    this.current = { ...fetched, byName };
    for (const [name, live] of [...this.live]) {
      const next = byName.get(name);
      if (!next || cacheKey(next) !== live.key) this.unload(name);
    }
    for (const name of [...this.statusMap.keys()]) if (!byName.has(name)) this.statusMap.delete(name);
    for (const entry of fetched.manifest.models) {
      const before = previous?.get(entry.name);
      // Only a new or changed model starts over; a load in progress for an unchanged one keeps its status.
      if (!this.statusMap.has(entry.name) || !before || cacheKey(before) !== cacheKey(entry)) {
        this.statusMap.set(entry.name, { ...this.blankStatus(entry.name), totalBytes: entry.bytes });
      }
    }
    this.emit();
    void this.refreshCacheInfo(true);
  }

  private entry(name: string): ModelEntry {
    const entry = this.current?.byName.get(name);
    if (!entry) throw new ModelNotFoundError(name, [...(this.current?.byName.keys() ?? [])]);
    return entry;
  }

  // ---------------------------------------------------------------- loading

  /**
   * The loaded model, loading it on first use. Once loaded this returns at once (no I/O); concurrent first calls share
   * one load; a failed load is forgotten so that the next call retries. `signal` cancels this caller's wait (the load
   * itself stops when no caller is left).
   */
  get(name: string, opts: { signal?: AbortSignal } = {}): Promise<LoadedModel> {
    const live = this.live.get(name);
    if (live) {
      live.lastUsed = this.options.now();
      this.usage.increment(name);
      return Promise.resolve(live.handle);
    }
    return this.loadSession(name, opts.signal);
  }

  /** The model that serves a prediction type (the first one listed for it). */
  async getByType(type: PredictionType, opts: { signal?: AbortSignal } = {}): Promise<LoadedModel> {
    const manifest = await this.manifest();
    const entry = manifest.models.find((m) => m.prediction_type === type);
    if (!entry) throw new ModelNotFoundError(`(prediction type ${type})`, manifest.models.map((m) => m.name));
    return this.get(entry.name, opts);
  }

  /** Eager mode: loads every model in the manifest (for the lazy-vs-eager comparison). */
  async loadAll(opts: { signal?: AbortSignal } = {}): Promise<LoadedModel[]> {
    const manifest = await this.manifest();
    return Promise.all(manifest.models.map((m) => this.get(m.name, opts)));
  }

  /** Downloads a model into the cache without starting a session (preloading). */
  async ensureCached(name: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.manifest();
    await this.loadBytes(this.entry(name), opts.signal);
  }

  private async loadSession(name: string, signal?: AbortSignal): Promise<LoadedModel> {
    await this.manifest();
    const entry = this.entry(name);
    this.usage.increment(name);
    const key = cacheKey(entry);
    const loaded = await this.sessionFlights.run(
      key,
      async (sharedSignal): Promise<LoadedModel | null> => {
        try {
          // The runtime's JavaScript loads while the bytes come from the cache or the network.
          void this.options.sessionFactory.prepare?.().catch(() => undefined);
          const verified = await this.loadBytes(entry, sharedSignal);
          if (sharedSignal.aborted) throw sharedSignal.reason;
          this.setStatus(name, { phase: "creating-session", error: undefined });
          const session = await this.options.sessionFactory(verified.bytes, entry);
          // The manifest may have moved on while we loaded. Compared by content (the cache key), never by object: a
          // new manifest rebuilds every entry, also those of models that did not change, and those stay valid.
          const now = this.current?.byName.get(name);
          if (!now || cacheKey(now) !== key) {
            void session.release();
            // Not this.get() here: for an unchanged key it would join this very flight and wait on itself forever.
            return null;
          }
          const handle = new LoadedModelHandle(entry, session, this);
          this.live.set(name, { key, entry, session, handle, lastUsed: this.options.now() });
          this.setStatus(name, { phase: "ready", loadedBytes: entry.bytes, totalBytes: entry.bytes });
          this.enforceBudget(name);
          return handle;
        } catch (error) {
          this.setStatus(name, isAbortError(error) ? { phase: "not-loaded", error: undefined } : { phase: "error", error: errorMessage(error) });
          void this.refreshCacheInfo(false);
          throw error;
        }
      },
      signal,
    );
    // A stale version was loaded: start over, outside the finished flight, with whatever the manifest says now.
    return loaded ?? this.get(name, { signal });
  }

  private loadBytes(entry: ModelEntry, signal?: AbortSignal): Promise<VerifiedBytes> {
    const name = entry.name;
    return this.bytesFlights.run(
      cacheKey(entry),
      async (sharedSignal) => {
        const cache = await this.cache();
        const ctx: BytesContext = {
          cache,
          fetch: this.options.fetch,
          baseUrl: this.options.baseUrl,
          preferCompressed: this.options.compressed,
          now: this.options.now,
          onPhase: (phase, progress) =>
            this.setStatus(name, {
              phase,
              error: undefined,
              ...(progress ? { loadedBytes: progress.loaded, totalBytes: progress.total } : {}),
            }),
          beforeCacheWrite: () => this.askPersist(),
        };
        try {
          const verified = await loadVerifiedBytes(entry, ctx, sharedSignal);
          this.setStatus(name, {
            phase: this.live.has(name) ? "ready" : verified.cached ? "cached" : "not-loaded",
            cachedBytes: verified.cached ? verified.bytes.length : 0,
            persisted: verified.cached,
            notice: verified.notice ?? this.storageNotice,
            loadedBytes: entry.bytes,
            totalBytes: entry.bytes,
          });
          return verified;
        } catch (error) {
          if (!isAbortError(error)) this.setStatus(name, { phase: "error", error: errorMessage(error) });
          throw error;
        }
      },
      signal,
    );
  }

  // ---------------------------------------------------------------- memory

  private unload(name: string): void {
    const live = this.live.get(name);
    if (!live) return;
    this.live.delete(name);
    live.handle.released = true;
    // Queued behind the session's pending runs: released once unused.
    void live.session.release().catch(() => undefined);
    const status = this.statusMap.get(name);
    if (status) this.setStatus(name, { phase: status.cachedBytes > 0 ? "cached" : "not-loaded" });
  }

  private enforceBudget(keep: string): void {
    let total = [...this.live.values()].reduce((sum, l) => sum + l.entry.bytes, 0);
    const byAge = [...this.live.values()].filter((l) => l.entry.name !== keep).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const victim of byAge) {
      if (total <= this.options.memoryBudgetBytes) break;
      this.unload(victim.entry.name);
      total -= victim.entry.bytes;
    }
  }

  /** Names of the models that currently hold a live session (for tests and the /models page). */
  liveModels(): string[] {
    return [...this.live.keys()];
  }

  // ---------------------------------------------------------------- storage

  private cache(): Promise<ModelCache> {
    this.cachePromise ??= this.openCache().catch((error: unknown) => {
      // Private windows, blocked storage: carry on in memory (transformers.js does the same), never crash.
      this.storageNotice = (error instanceof StorageUnavailableError ? error : new StorageUnavailableError(errorMessage(error))).message;
      return new MemoryModelCache();
    });
    return this.cachePromise;
  }

  private async askPersist(): Promise<void> {
    if (this.persistAsked) return;
    this.persistAsked = true;
    try {
      await navigator.storage?.persist?.();
    } catch {
      // Denied or unsupported: the cache still works, the browser may just evict it under pressure.
    }
  }

  /** Storage usage and quota of this origin, and whether IndexedDB is available. */
  async storage(): Promise<StorageInfo> {
    const cache = await this.cache();
    let usage: number | null = null;
    let quota: number | null = null;
    let persisted: boolean | null = null;
    try {
      const estimate = await navigator.storage?.estimate?.();
      usage = estimate?.usage ?? null;
      quota = estimate?.quota ?? null;
      persisted = (await navigator.storage?.persisted?.()) ?? null;
    } catch {
      // Not supported: unknown.
    }
    return { available: cache.persistent, usage, quota, persisted };
  }

  /**
   * Deletes one model's cached bytes (every version) and releases its session; without a name, every model and the
   * stored onnxruntime runtime.
   */
  async clear(name?: string): Promise<void> {
    const cache = await this.cache();
    const names = name ? [name] : [...this.statusMap.keys()];
    for (const n of names) this.unload(n);
    if (name) {
      for (const info of await cache.list()) if (info.name === name) await cache.delete(info.key);
      const entry = this.current?.byName.get(name);
      if (entry) {
        await cache.deletePartial(`${this.options.baseUrl}${entry.file}`);
        if (entry.compressed) await cache.deletePartial(`${this.options.baseUrl}${entry.compressed.file}`);
      }
    } else {
      // "Clear all" means all: the onnxruntime wasm (14 MB) is this app's too.
      await Promise.all([cache.clear(), clearRuntimeWasm().catch(() => undefined)]);
    }
    for (const n of names) this.setStatus(n, { ...this.blankStatus(n), totalBytes: this.current?.byName.get(n)?.bytes ?? 0 });
    await this.refreshCacheInfo(true);
  }

  /** Re-reads which models are cached; with `pruneStale`, deletes entries of versions no longer in the manifest. */
  private async refreshCacheInfo(pruneStale: boolean): Promise<void> {
    if (!this.current) return;
    const cache = await this.cache();
    let infos: Awaited<ReturnType<ModelCache["list"]>>;
    try {
      infos = await cache.list();
    } catch {
      return;
    }
    const currentKeys = new Set(this.current.manifest.models.map(cacheKey));
    if (pruneStale) {
      for (const info of infos) if (!currentKeys.has(info.key)) await cache.delete(info.key).catch(() => undefined);
    }
    for (const entry of this.current.manifest.models) {
      const info = infos.find((i) => i.key === cacheKey(entry));
      const status = this.statusMap.get(entry.name);
      if (!status) continue;
      const idle = status.phase === "not-loaded" || status.phase === "cached";
      this.setStatus(entry.name, {
        cachedBytes: info?.size ?? 0,
        persisted: Boolean(info) && cache.persistent,
        notice: status.notice ?? this.storageNotice,
        ...(idle ? { phase: info ? "cached" : "not-loaded" } : {}),
      });
    }
  }

  // ---------------------------------------------------------------- background work

  private start(): void {
    if (this.started || typeof window === "undefined") return;
    this.started = true;
    const { revalidateIntervalMs, preload } = this.options;
    if (revalidateIntervalMs > 0) {
      const check = () => void this.revalidate().catch(() => undefined); // offline: keep the manifest we have
      const interval = setInterval(check, revalidateIntervalMs);
      const onVisible = () => document.visibilityState === "visible" && check();
      window.addEventListener("focus", check);
      document.addEventListener("visibilitychange", onVisible);
      this.timers.push(() => {
        clearInterval(interval);
        window.removeEventListener("focus", check);
        document.removeEventListener("visibilitychange", onVisible);
      });
    }
    if (preload === "all") void this.loadAll().catch(() => undefined);
    if (preload === "usage") this.schedulePreload();
  }

  private schedulePreload(): void {
    const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
    if (connection?.saveData) return; // the user asked for less data: fetch only what they use
    const run = () => void this.preloadByUsage();
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(run, { timeout: 10_000 });
      this.timers.push(() => cancelIdleCallback(id));
    } else {
      const id = setTimeout(run, 3000);
      this.timers.push(() => clearTimeout(id));
    }
  }

  /** Fetches the most used models into the cache, one after another (never in the way of a real load). */
  async preloadByUsage(): Promise<string[]> {
    const manifest = await this.manifest();
    const known = new Set(manifest.models.map((m) => m.name));
    const counts = Object.fromEntries(Object.entries(this.usage.counts()).filter(([n]) => known.has(n)));
    const names = mostUsed(counts, this.options.preloadLimit);
    const done: string[] = [];
    for (const name of names) {
      try {
        await this.ensureCached(name);
        done.push(name);
      } catch {
        // Preloading is best effort; the real get() reports errors.
      }
    }
    return done;
  }

  /** Stops timers and listeners (tests, hot module replacement). */
  dispose(): void {
    for (const stop of this.timers) stop();
    this.timers = [];
  }

  // ---------------------------------------------------------------- status

  private blankStatus(name: string): ModelStatus {
    return { name, phase: "not-loaded", loadedBytes: 0, totalBytes: 0, cachedBytes: 0, persisted: false };
  }

  status(name: string): ModelStatus {
    return this.statusMap.get(name) ?? this.blankStatus(name);
  }

  /** A stable array (same reference until something changes), as useSyncExternalStore needs. */
  statuses(): ModelStatus[] {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStatus(name: string, patch: Partial<ModelStatus>): void {
    const previous = this.statusMap.get(name) ?? this.blankStatus(name);
    this.statusMap.set(name, { ...previous, ...patch });
    this.emit();
  }

  private emit(): void {
    this.snapshot = [...this.statusMap.values()];
    for (const listener of this.listeners) listener();
  }
}

let instance: ModelRegistry | null = null;

/**
 * The browser's one registry. Call it from client code only (it fetches relative URLs and opens IndexedDB). It preloads
 * nothing by itself: the check-in form decides when (lib/predictions/load-registry.ts), so that History and Models,
 * which also use it, load no model bytes.
 */
export function getModelRegistry(): ModelRegistry {
  instance ??= new ModelRegistry({ preload: "none" });
  return instance;
}
