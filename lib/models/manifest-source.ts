import { fetchManifest } from "./manifest-client";
import type { Manifest } from "./manifest-schema";
import { readSavedManifest, saveManifest } from "./saved-manifest";

export type FetchedManifest = { manifest: Manifest; text: string };

/**
 * Where the manifest comes from: the network once, or the last copy that validated when offline; then revalidated on
 * demand, one check at a time (focus and visibilitychange fire together). `onChange` hears every new text.
 */
export class ManifestSource {
  private current: FetchedManifest | null = null;
  private firstFlight: Promise<FetchedManifest> | null = null;
  private revalidateFlight: Promise<boolean> | null = null;

  constructor(
    private readonly url: string,
    private readonly fetchImpl: typeof fetch,
    private readonly onChange: (fetched: FetchedManifest) => void,
  ) {}

  get value(): FetchedManifest | null {
    return this.current;
  }

  /** The manifest, fetched once (later calls return it). */
  load(): Promise<FetchedManifest> {
    if (this.current) return Promise.resolve(this.current);
    this.firstFlight ??= fetchManifest(this.url, this.fetchImpl)
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
        this.accept(fetched);
        return fetched;
      })
      .finally(() => {
        this.firstFlight = null;
      });
    return this.firstFlight;
  }

  /** Fetches the manifest now; true when its text changed. Concurrent calls share one request. */
  revalidate(): Promise<boolean> {
    this.revalidateFlight ??= fetchManifest(this.url, this.fetchImpl)
      .then((fetched) => {
        if (this.current && fetched.text === this.current.text) return false;
        saveManifest(fetched);
        this.accept(fetched);
        return true;
      })
      .finally(() => {
        this.revalidateFlight = null;
      });
    return this.revalidateFlight;
  }

  /**
   * Revalidates every `intervalMs` and whenever the tab comes back (focus, visible); failures keep the manifest we have
   * (offline). Returns the function that stops it.
   */
  watch(intervalMs: number): () => void {
    const check = () => void this.revalidate().catch(() => undefined);
    const onVisible = () => document.visibilityState === "visible" && check();
    const interval = setInterval(check, intervalMs);
    window.addEventListener("focus", check);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(interval);
      window.removeEventListener("focus", check);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }

  private accept(fetched: FetchedManifest): void {
    this.current = fetched;
    this.onChange(fetched);
  }
}
