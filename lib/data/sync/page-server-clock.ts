/**
 * The page's last known offset of the server's clock from this device's (server − device, ms), learned by the sync
 * engine's token source from each fresh access token. Its own tiny module so that Save (on the home page, whose
 * first load has a budget) can stamp check-ins without importing the sync engine or supabase-js.
 */
let offsetMs: number | null = null;

export function pageServerOffsetMs(): number | null {
  return offsetMs;
}

export function setPageServerOffsetMs(value: number | null): void {
  offsetMs = value;
}
