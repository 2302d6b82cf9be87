/**
 * The device's clock set ahead or behind the real one: `Date.now()` in this process (auth-js, the sync engine) reads
 * the offset, while the server (tests/db/support/stack-process.ts runs the stack in its own process) keeps the real
 * time, as a phone with a wrong clock talking to Supabase would. `restore()` puts the real clock back.
 */
export function skewDeviceClock(offsetMs: number): { restore: () => void } {
  const real = Date.now.bind(Date);
  Date.now = () => real() + offsetMs;
  return { restore: () => void (Date.now = real) };
}

export const HOUR = 3_600_000;
