/**
 * Runs `task` while holding a Web Lock of this origin, so that two tabs loading the same model download it once: the
 * second tab waits, then finds the bytes in IndexedDB. Where the Locks API is missing (old browsers, some embedded
 * views) the task simply runs: at worst two tabs download the same file.
 */
export async function withCrossTabLock<T>(name: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const locks = typeof navigator === "undefined" ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks || typeof locks.request !== "function") return task();
  return locks.request(name, signal ? { signal } : {}, () => task()) as Promise<T>;
}
