/**
 * Delay before retry number `attempt` (1, 2, …): exponential with "full jitter" (a uniform draw from 0 to the
 * exponential ceiling), so many devices coming back online at once do not retry in lockstep.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random, baseMs = 2_000, capMs = 5 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // Never less than a quarter of a second: an immediate retry of a failing server helps nobody.
  return Math.max(250, Math.round(random() * ceiling));
}
