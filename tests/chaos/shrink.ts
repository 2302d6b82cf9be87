/**
 * Shrinking a failing chaos schedule by dropping operations, within a time budget (each try is a full browser run).
 * First the shortest failing prefix (a binary search that assumes a longer prefix fails when a shorter one does, and
 * keeps only what it saw fail), then delta debugging (ddmin) over that prefix: drop chunks, then single operations.
 * Chaos runs are not perfectly deterministic (timing), so the result is "a smaller schedule seen to fail", never a
 * claim that every smaller one passes.
 */
export type ShrinkResult<T> = { ops: T[]; tries: number; exhausted: boolean };

export async function shrinkSchedule<T>(
  ops: readonly T[],
  fails: (candidate: T[]) => Promise<boolean>,
  options: { deadline: number; now?: () => number },
): Promise<ShrinkResult<T>> {
  const now = options.now ?? Date.now;
  let tries = 0;
  const outOfTime = () => now() >= options.deadline;
  const attempt = async (candidate: T[]) => {
    tries += 1;
    return fails(candidate);
  };

  let best = [...ops];
  // The shortest failing prefix: lo passes (or is empty), hi fails.
  let lo = 0;
  let hi = best.length;
  while (hi - lo > 1 && !outOfTime()) {
    const mid = Math.floor((lo + hi) / 2);
    if (await attempt(best.slice(0, mid))) hi = mid;
    else lo = mid;
  }
  best = best.slice(0, hi);

  // ddmin: remove chunks of decreasing size; restart at the same size after any success.
  let chunks = 2;
  while (best.length > 1 && !outOfTime()) {
    const size = Math.ceil(best.length / chunks);
    let removed = false;
    for (let start = 0; start < best.length && !outOfTime(); start += size) {
      const candidate = [...best.slice(0, start), ...best.slice(start + size)];
      if (candidate.length === 0) continue;
      if (await attempt(candidate)) {
        best = candidate;
        chunks = Math.max(chunks - 1, 2);
        removed = true;
        break;
      }
    }
    if (!removed) {
      if (size === 1) break;
      chunks = Math.min(chunks * 2, best.length);
    }
  }
  return { ops: best, tries, exhausted: outOfTime() };
}
