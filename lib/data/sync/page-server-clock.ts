/**
 * The page's estimate of the server's clock offset (server − device, ms), from the sync engine's token source: the
 * latest fresh token's `iat` carried forward by elapsed time, so it stays right when the device's clock jumps. Its own
 * tiny module so that Save (on the home page, whose first load has a budget) can stamp check-ins without importing
 * the sync engine or supabase-js.
 */
let source: (() => number | null) | null = null;

export function pageServerOffsetMs(): number | null {
  return source ? source() : null;
}

export function setPageServerOffsetSource(offset: () => number | null): void {
  source = offset;
}
