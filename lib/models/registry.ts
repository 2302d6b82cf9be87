import type { PredictionType } from "@/lib/domain/prediction";
import { defaultEarlyEvaluator, type EarlyEvaluator } from "./early-evaluator";
import { EarlyModel } from "./early-model";
import { errorMessage, isAbortError, ModelIntegrityError, ModelNotFoundError, PersonalModelStaleError } from "./errors";
import { sha256Hex } from "./hash";
import { IdbModelCache } from "./idb-model-cache";
import { type FetchedManifest, ManifestSource } from "./manifest-source";
import type { Manifest, ModelEntry } from "./manifest-schema";
import { loadVerifiedBytes, type BytesContext, type VerifiedBytes } from "./model-bytes";
import { cacheKey, type ModelCache } from "./model-cache";
import { ModelStorage, type StorageInfo } from "./model-storage";
import { personalEntry, type PersonalModelSpec } from "./personal-entry";
import { createOrtSession, type SessionFactory } from "./ort-session";
import { clearRuntimeWasm } from "./runtime-cache";
import { type LoadedModel, SessionPool } from "./session-pool";
import { preloadByUsage, whenIdle } from "./preloader";
import { SingleFlight } from "./single-flight";
import { blankStatus, type ModelStatus, StatusStore } from "./status-store";
import { LocalUsageStore, MemoryUsageStore, type UsageStore } from "./usage-store";

export type { ModelOutput } from "./model-output";

export type { ModelPhase, ModelStatus } from "./status-store";
export type { LoadedModel } from "./session-pool";
export type { StorageInfo } from "./model-storage";
export type { PersonalModelSpec } from "./personal-entry";

export type RegistryOptions = {
  /** Prefix of the manifest and model URLs. Default "/models/". */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Default: IndexedDB, falling back to memory when it is unavailable. */
  cache?: () => Promise<ModelCache>;
  sessionFactory?: SessionFactory;
  usage?: UsageStore;
  /** "usage" (default): when idle after start, cache the most used models. "all": load every model (eager mode, for comparison). */
  preload?: "none" | "usage" | "all";
  preloadLimit?: number;
  /** Manifest revalidation period (also on window focus). 0 turns both off. */
  revalidateIntervalMs?: number;
  /** Download `.onnx.gz` variants when listed. Default true. */
  compressed?: boolean;
  now?: () => number;
  /** The exact TypeScript evaluator a Save uses while onnxruntime starts (getEarly). Default: in a worker. */
  earlyEvaluator?: () => EarlyEvaluator;
};

/**
 * Lazy, single-flight, cached, verified loading of the models listed in the manifest. Framework-independent; the
 * React hooks in use-model.ts subscribe to it. A façade over small parts: the manifest source (fetch, offline copy,
 * revalidation), the status store, the session pool (one live session per model), the byte loader
 * (model-bytes.ts: cache, download, verification), the storage (model-storage.ts) and the preloader (preloader.ts).
 * See docs/performance.md ("Model registry").
 */
export class ModelRegistry {
  private readonly options: Required<Omit<RegistryOptions, "cache" | "usage" | "fetch">> & { fetch: typeof fetch };
  private readonly storageArea: ModelStorage;
  private readonly usage: UsageStore;
  private readonly source: ManifestSource;
  private byName = new Map<string, ModelEntry>();
  private readonly statusStore = new StatusStore();
  private readonly pool: SessionPool;
  // null: the flight loaded a version the manifest no longer lists; its caller starts over outside it.
  private readonly sessionFlights = new SingleFlight<LoadedModel | null>();
  private readonly bytesFlights = new SingleFlight<VerifiedBytes>();
  private readonly personalFlights = new SingleFlight<LoadedModel>();
  /** Live personal sessions: their name → the cache key of the generic model they continue. */
  private readonly personalBase = new Map<string, string>();
  private timers: (() => void)[] = [];
  private pruning: Promise<void> = Promise.resolve();
  private started = false;
  private evaluator: EarlyEvaluator | null = null;
  private readonly earlyLoads = new Map<string, Promise<void>>();

  constructor(options: RegistryOptions = {}) {
    this.options = {
      baseUrl: options.baseUrl ?? "/models/",
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      sessionFactory: options.sessionFactory ?? createOrtSession,
      preload: options.preload ?? "usage",
      preloadLimit: options.preloadLimit ?? 3,
      revalidateIntervalMs: options.revalidateIntervalMs ?? 5 * 60_000,
      compressed: options.compressed ?? true,
      now: options.now ?? Date.now,
      earlyEvaluator: options.earlyEvaluator ?? defaultEarlyEvaluator,
    };
    this.storageArea = new ModelStorage(options.cache ?? (() => IdbModelCache.open()));
    this.usage = options.usage ?? (typeof localStorage === "undefined" ? new MemoryUsageStore() : new LocalUsageStore());
    this.source = new ManifestSource(`${this.options.baseUrl}manifest.json`, this.options.fetch, (fetched) => this.apply(fetched));
    this.pool = new SessionPool((name) => {
      // Personal models have no row on the Models page (no status): lib/personal shows them.
      if (this.personalBase.delete(name)) return;
      const status = this.statusStore.get(name);
      this.statusStore.set(name, { phase: status.cachedBytes > 0 ? "cached" : "not-loaded" });
    });
  }

  // ---------------------------------------------------------------- manifest

  /** Fetches and validates the manifest (once; later calls return it). Fetches no model bytes. */
  async manifest(): Promise<Manifest> {
    const { manifest } = await this.source.load();
    this.start();
    return manifest;
  }

  /**
   * Checks the manifest for a new version now. Returns true when it changed. One check at a time: focus and
   * visibilitychange fire together, and two applies racing would each reset the statuses of the other.
   */
  async revalidate(): Promise<boolean> {
    const changed = await this.source.revalidate();
    await this.pruning; // a new manifest's pruning of stale entries is done when this resolves
    return changed;
  }

  private apply(fetched: FetchedManifest): void {
    const previous = this.byName;
    this.byName = new Map(fetched.manifest.models.map((m) => [m.name, m]));
    for (const name of this.pool.names()) {
      const base = this.personalBase.get(name);
      if (base !== undefined) {
        // A personal model lives as long as the generic model it continues: a new generic version discards it.
        if (![...this.byName.values()].some((e) => cacheKey(e) === base)) this.releasePersonal(name);
        continue;
      }
      const next = this.byName.get(name);
      if (!next || cacheKey(next) !== this.pool.keyOf(name)) this.pool.release(name);
    }
    for (const name of this.statusStore.names()) if (!this.byName.has(name)) this.statusStore.delete(name);
    for (const entry of fetched.manifest.models) {
      const before = previous.get(entry.name);
      // Only a new or changed model starts over; a load in progress for an unchanged one keeps its status.
      if (!this.statusStore.has(entry.name) || !before || cacheKey(before) !== cacheKey(entry)) this.statusStore.reset(entry.name, entry.bytes);
    }
    this.statusStore.emit();
    this.pruning = this.refreshCacheInfo(true).catch(() => undefined);
  }

  private entry(name: string): ModelEntry {
    const entry = this.byName.get(name);
    if (!entry) throw new ModelNotFoundError(name, [...this.byName.keys()]);
    return entry;
  }

  // ---------------------------------------------------------------- loading

  /**
   * The loaded model, loading it on first use. Once loaded this returns at once (no I/O); concurrent first calls share
   * one load; a failed load is forgotten so that the next call retries. `signal` cancels this caller's wait (the load
   * itself stops when no caller is left).
   */
  get(name: string, opts: { signal?: AbortSignal } = {}): Promise<LoadedModel> {
    const live = this.pool.use(name, this.options.now());
    if (live) {
      this.usage.increment(name);
      return Promise.resolve(live);
    }
    return this.loadSession(name, opts.signal);
  }

  /**
   * The model that serves a prediction type (the first one listed for it). `early`: a Save's, which does not wait for
   * onnxruntime to start (getEarly).
   */
  async getByType(type: PredictionType, opts: { signal?: AbortSignal; early?: boolean } = {}): Promise<LoadedModel> {
    const manifest = await this.manifest();
    const entry = manifest.models.find((m) => m.prediction_type === type);
    if (!entry) throw new ModelNotFoundError(`(prediction type ${type})`, manifest.models.map((m) => m.name));
    return opts.early ? this.getEarly(entry.name, { signal: opts.signal }) : this.get(entry.name, { signal: opts.signal });
  }

  /**
   * For a Save: the live onnxruntime session when there is one; else whichever comes first of that session and the
   * early evaluator on the same verified bytes (early-model.ts: exact, off the main thread). onnxruntime keeps starting
   * either way: it checks the early outputs (EarlyModel.confirm) and serves every later call. A model the evaluator
   * cannot read, or a failure of the evaluator, leaves the caller waiting for onnxruntime, as before. (issue 20:
   * onnxruntime's start is 0.6-4 s, the evaluator's tens of milliseconds.)
   */
  async getEarly(name: string, opts: { signal?: AbortSignal } = {}): Promise<LoadedModel> {
    const live = this.pool.use(name, this.options.now());
    if (live) {
      this.usage.increment(name);
      return live;
    }
    await this.manifest();
    const entry = this.entry(name);
    const key = cacheKey(entry);
    // Not the caller's signal: onnxruntime goes on starting for the check and for later saves.
    const session = this.get(name);
    session.catch(() => undefined);
    const evaluator = this.earlyEvaluator();
    const early = this.loadEarly(entry).then(() => new EarlyModel(entry, key, evaluator, session) as LoadedModel);
    // The signal cancels this caller's wait only: both loads go on for the next Save.
    const first = firstFulfilled(session, early);
    return opts.signal ? untilAborted(first, opts.signal) : first;
  }

  /**
   * Readies the early evaluator for every model without a live session (bytes read and verified, parsed in its worker),
   * beside onnxruntime's start (load-registry.ts): parsing five models is seconds of a loaded phone's time, which a Save
   * tapped at once would otherwise wait for. Best effort; getEarly joins the same loads.
   */
  async prepareEarly(opts: { signal?: AbortSignal } = {}): Promise<void> {
    const manifest = await this.manifest();
    if (opts.signal?.aborted) return;
    await Promise.all(manifest.models.map((m) => (this.pool.has(m.name) ? undefined : this.loadEarly(m).catch(() => undefined))));
  }

  private earlyEvaluator(): EarlyEvaluator {
    this.evaluator ??= this.options.earlyEvaluator();
    return this.evaluator;
  }

  /**
   * One early load per model version, kept once done: a second Save before onnxruntime is up must not read and hash the
   * model's megabytes again (measured: 0.6 s of a Save on a busy machine). A failure is forgotten (a retry can work).
   * No caller's signal: a Save joining a load that the warm-up started must not inherit the warm-up's cancellation.
   */
  private loadEarly(entry: ModelEntry): Promise<void> {
    const key = cacheKey(entry);
    let load = this.earlyLoads.get(key);
    if (!load) {
      load = this.loadBytes(entry).then((verified) => this.earlyEvaluator().load(key, verified.bytes));
      this.earlyLoads.set(key, load);
      load.catch(() => this.earlyLoads.delete(key));
    }
    return load;
  }

  /**
   * A session for a personal model (lib/personal/), from bytes kept on this device: checked against their SHA-256, and
   * only while the generic model it continues is the manifest's current one (else PersonalModelStaleError: it must be
   * built again). Held in the same pool as the others (a released handle loads again on its next run), one per generic
   * model: a new build replaces the previous one.
   */
  async getPersonal(spec: PersonalModelSpec, opts: { signal?: AbortSignal } = {}): Promise<LoadedModel> {
    await this.manifest();
    const current = this.byName.get(spec.generic.name);
    if (!current || cacheKey(current) !== cacheKey(spec.generic)) throw new PersonalModelStaleError(spec.generic.name);
    const entry = personalEntry(spec);
    const key = cacheKey(entry);
    if (this.pool.keyOf(entry.name) === key) {
      const live = this.pool.use(entry.name, this.options.now());
      if (live) return live;
    }
    return this.personalFlights.run(
      key,
      async (sharedSignal) => {
        const bytes = await spec.read();
        const actual = await sha256Hex(bytes);
        if (bytes.length !== entry.bytes || actual !== spec.sha256) throw new ModelIntegrityError(entry.name, spec.sha256, actual);
        if (sharedSignal.aborted) throw sharedSignal.reason;
        const session = await this.options.sessionFactory(bytes, entry);
        const now = this.byName.get(spec.generic.name);
        if (!now || cacheKey(now) !== cacheKey(spec.generic)) {
          void session.release();
          throw new PersonalModelStaleError(spec.generic.name);
        }
        if (this.pool.keyOf(entry.name) !== undefined) this.releasePersonal(entry.name);
        this.personalBase.set(entry.name, cacheKey(spec.generic));
        return this.pool.add(key, entry, session, this.options.now(), () => this.getPersonal(spec));
      },
      opts.signal,
    );
  }

  private releasePersonal(name: string): void {
    this.pool.release(name); // its onReleased forgets the base
    this.personalBase.delete(name);
  }

  /** Loads every model in the manifest: the check-in form's warm-up on intent, and eager mode for comparison. */
  async loadAll(opts: { signal?: AbortSignal } = {}): Promise<LoadedModel[]> {
    const manifest = await this.manifest();
    return Promise.all(manifest.models.map((m) => this.get(m.name, opts)));
  }

  /**
   * Whether the runtime and every model of the manifest are stored on this device, so that starting them needs no
   * network: a returning person's start at idle (lib/predictions/load-registry.ts) waits for nothing else. Reads the
   * manifest and the cache's listing, never a model's bytes.
   */
  async storedLocally(): Promise<boolean> {
    // Three independent reads (network or saved copy, cache listing, runtime record): at once, not one after another.
    const [manifest, cached, runtime] = await Promise.all([this.manifest(), this.storageArea.cachedKeys(), this.runtimeStored()]);
    return runtime && manifest.models.every((m) => cached.has(cacheKey(m)));
  }

  private runtimeStored(): Promise<boolean> {
    return this.options.sessionFactory.isStored?.() ?? Promise.resolve(true);
  }

  /**
   * Starts the runtime (read and verify its stored copy, compile, first session: the longest part of a start) when it
   * is stored on this device, without waiting for the manifest: it needs none. A returning person's start at idle calls
   * this first, so that the runtime's start overlaps the manifest's fetch and the cache's listing instead of following
   * them (issue 20). Resolves to whether it started; its errors are left to the first session creation, which reports
   * them. Nothing is fetched.
   */
  async startRuntimeIfStored(): Promise<boolean> {
    const { prepare } = this.options.sessionFactory;
    if (!prepare || !(await this.runtimeStored())) return false;
    void prepare().catch(() => undefined);
    return true;
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
    // Re-checked after the await: a load that finished meanwhile has left its session in the pool (and its flight is
    // gone, so joining it is no longer possible); a second load would create a second session.
    if (this.pool.keyOf(name) === key) {
      const live = this.pool.use(name, this.options.now());
      if (live) return live;
    }
    const loaded = await this.sessionFlights.run(
      key,
      async (sharedSignal): Promise<LoadedModel | null> => {
        try {
          // Runtime first: its 14 MB are the longer path (read or download, hash, then instantiate and start in its
          // worker). The model's bytes are read or downloaded once the runtime's are in hand, while it instantiates,
          // instead of competing with them for the disk and the link. Its errors surface at session creation.
          const { prepare } = this.options.sessionFactory;
          if (prepare) {
            this.statusStore.set(name, { phase: "starting-runtime", error: undefined });
            await untilAborted(prepare().catch(() => undefined), sharedSignal);
          }
          const verified = await this.loadBytes(entry, sharedSignal);
          if (sharedSignal.aborted) throw sharedSignal.reason;
          this.statusStore.set(name, { phase: "creating-session", error: undefined });
          const session = await this.options.sessionFactory(verified.bytes, entry);
          // The manifest may have moved on while we loaded. Compared by content (the cache key), never by object: a
          // new manifest rebuilds every entry, also those of models that did not change, and those stay valid.
          const now = this.byName.get(name);
          if (!now || cacheKey(now) !== key) {
            void session.release();
            // Not this.get() here: for an unchanged key it would join this very flight and wait on itself forever.
            return null;
          }
          const handle = this.pool.add(key, entry, session, this.options.now(), (n) => this.get(n));
          this.statusStore.set(name, { phase: "ready", loadedBytes: entry.bytes, totalBytes: entry.bytes });
          return handle;
        } catch (error) {
          this.statusStore.set(name, isAbortError(error) ? { phase: "not-loaded", error: undefined } : { phase: "error", error: errorMessage(error) });
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
            this.statusStore.set(name, {
              phase,
              error: undefined,
              ...(progress ? { loadedBytes: progress.loaded, totalBytes: progress.total } : {}),
            }),
          beforeCacheWrite: () => this.storageArea.askPersist(),
        };
        try {
          const verified = await loadVerifiedBytes(entry, ctx, sharedSignal);
          this.statusStore.set(name, {
            phase: this.pool.has(name) ? "ready" : verified.cached ? "cached" : "not-loaded",
            cachedBytes: verified.cached ? verified.bytes.length : 0,
            persisted: verified.cached,
            notice: verified.notice ?? this.storageArea.notice,
            loadedBytes: entry.bytes,
            totalBytes: entry.bytes,
          });
          return verified;
        } catch (error) {
          if (!isAbortError(error)) this.statusStore.set(name, { phase: "error", error: errorMessage(error) });
          throw error;
        }
      },
      signal,
    );
  }

  /** Names of the models that currently hold a live session (for tests and the /models page). */
  liveModels(): string[] {
    return this.pool.names();
  }

  // ---------------------------------------------------------------- storage

  private cache(): Promise<ModelCache> {
    return this.storageArea.cache();
  }

  /** Storage usage and quota of this origin, and whether IndexedDB is available. */
  storage(): Promise<StorageInfo> {
    return this.storageArea.info();
  }

  /**
   * Deletes one model's cached bytes (every version) and releases its session; without a name, every model and the
   * stored onnxruntime runtime.
   */
  async clear(name?: string): Promise<void> {
    const cache = await this.cache();
    const names = name ? [name] : this.statusStore.names();
    for (const n of names) this.pool.release(n);
    if (!name) for (const n of [...this.personalBase.keys()]) this.releasePersonal(n);
    if (name) {
      for (const info of await cache.list()) if (info.name === name) await cache.delete(info.key);
      const entry = this.byName.get(name);
      if (entry) {
        await cache.deletePartial(`${this.options.baseUrl}${entry.file}`);
        if (entry.compressed) await cache.deletePartial(`${this.options.baseUrl}${entry.compressed.file}`);
      }
    } else {
      // "Clear all" means all: the onnxruntime wasm (14 MB) is this app's too.
      await Promise.all([cache.clear(), clearRuntimeWasm().catch(() => undefined)]);
    }
    for (const n of names) this.statusStore.set(n, blankStatus(n, this.byName.get(n)?.bytes ?? 0));
    await this.refreshCacheInfo(true);
  }

  /** Re-reads which models are cached; with `pruneStale`, deletes entries of versions no longer in the manifest. */
  private async refreshCacheInfo(pruneStale: boolean): Promise<void> {
    const manifest = this.source.value?.manifest;
    if (!manifest) return;
    const cache = await this.cache();
    let infos: Awaited<ReturnType<ModelCache["list"]>>;
    try {
      infos = await cache.list();
    } catch {
      return;
    }
    const currentKeys = new Set(manifest.models.map(cacheKey));
    if (pruneStale) {
      for (const info of infos) if (!currentKeys.has(info.key)) await cache.delete(info.key).catch(() => undefined);
      // Interrupted downloads of replaced versions too: their URLs are content-hashed, so no current file resumes them.
      const currentUrls = new Set(manifest.models.flatMap((m) => [m.file, ...(m.compressed ? [m.compressed.file] : [])]).map((f) => `${this.options.baseUrl}${f}`));
      const partials = await cache.partialUrls().catch(() => []);
      for (const url of partials) if (!currentUrls.has(url)) await cache.deletePartial(url).catch(() => undefined);
    }
    for (const entry of manifest.models) {
      const info = infos.find((i) => i.key === cacheKey(entry));
      if (!this.statusStore.has(entry.name)) continue;
      const status = this.statusStore.get(entry.name);
      const idle = status.phase === "not-loaded" || status.phase === "cached";
      this.statusStore.set(entry.name, {
        cachedBytes: info?.size ?? 0,
        persisted: Boolean(info) && cache.persistent,
        notice: status.notice ?? this.storageArea.notice,
        ...(idle ? { phase: info ? "cached" : "not-loaded" } : {}),
      });
    }
  }

  // ---------------------------------------------------------------- background work

  private start(): void {
    if (this.started || typeof window === "undefined") return;
    this.started = true;
    const { revalidateIntervalMs, preload } = this.options;
    if (revalidateIntervalMs > 0) this.timers.push(this.source.watch(revalidateIntervalMs));
    if (preload === "all") void this.loadAll().catch(() => undefined);
    if (preload === "usage") this.timers.push(whenIdle(() => void this.preloadByUsage()));
  }

  /** Fetches the most used models into the cache when they are not there (preloader.ts). */
  preloadByUsage(): Promise<string[]> {
    return preloadByUsage({
      manifest: () => this.manifest(),
      usage: this.usage,
      cachedKeys: () => this.storageArea.cachedKeys(),
      ensureCached: (name) => this.ensureCached(name),
      limit: this.options.preloadLimit,
    });
  }

  /** Stops timers and listeners (tests, hot module replacement). */
  dispose(): void {
    for (const stop of this.timers) stop();
    this.timers = [];
  }

  // ---------------------------------------------------------------- status

  status(name: string): ModelStatus {
    return this.statusStore.get(name);
  }

  /** A stable array (same reference until something changes), as useSyncExternalStore needs. */
  statuses(): ModelStatus[] {
    return this.statusStore.all();
  }

  subscribe(listener: () => void): () => void {
    return this.statusStore.subscribe(listener);
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

/** The first of two promises to fulfil; when both reject, the first one's error. */
function firstFulfilled<T>(primary: Promise<T>, secondary: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let primaryError: { error: unknown } | null = null;
    let secondaryFailed = false;
    primary.then(resolve, (error: unknown) => {
      primaryError = { error };
      if (secondaryFailed) reject(error);
    });
    secondary.then(resolve, () => {
      secondaryFailed = true;
      if (primaryError) reject(primaryError.error);
    });
  });
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
