/**
 * The saves of this page that have stored their check-in and are still running the models. Sign out waits for them
 * (lib/data/sync/sync-engine.ts unsentCount/signOut): a check-in that was already sent while its predictions were being
 * made would otherwise count as "nothing unsent", and its predictions would be dropped by the sign-out's wipe.
 */
export class SavesInFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `save` and keeps it counted until it settles. */
  track<T>(save: Promise<T>): Promise<T> {
    this.running.add(save);
    const forget = () => this.running.delete(save);
    save.then(forget, forget);
    return save;
  }

  count(): number {
    return this.running.size;
  }

  /** Resolves when every save running now has settled (a save's failure is its own caller's to report). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

let pageSaves: SavesInFlight | undefined;

/** The page's saves in flight. */
export function pageSavesInFlight(): SavesInFlight {
  return (pageSaves ??= new SavesInFlight());
}
