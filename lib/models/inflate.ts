import { sha256Hex } from "./hash";

/** What inflating a downloaded `.gz` gave: the bytes, or why there are none (for the integrity error's "got …"). */
export type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; actual: string };

/**
 * Inflates a downloaded gzip variant only once its compressed bytes match the manifest's `compressed.sha256`, and never
 * past `maxBytes` (the manifest's size of the inflated file). Checking first means a tampered file is refused at the
 * cost of hashing a few hundred kilobytes, before a single byte is inflated — a 261 KB gzip can inflate to 256 MB. The
 * cap covers the case the hash cannot: a manifest that lists a bomb's own hash.
 */
export async function inflateVerified(compressed: Uint8Array, expectedSha256: string, maxBytes: number): Promise<Inflated> {
  const actual = await sha256Hex(compressed);
  if (actual !== expectedSha256) return { ok: false, actual: `compressed ${actual}` };
  try {
    const bytes = await gunzipAtMost(compressed, maxBytes);
    return bytes ? { ok: true, bytes } : { ok: false, actual: `more than ${maxBytes} bytes inflated` };
  } catch {
    return { ok: false, actual: "corrupt gzip" };
  }
}

/**
 * Inflates `bytes` with the browser's own DecompressionStream (no JavaScript inflater shipped) into one buffer of
 * `maxBytes`; undefined as soon as the output would exceed it (the inflater is cancelled: nothing past the cap is
 * produced beyond the chunk in hand). A shorter output is returned as is; the caller's length check refuses it.
 */
export async function gunzipAtMost(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const out = new Uint8Array(maxBytes);
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return length === maxBytes ? out : out.slice(0, length);
    if (length + value.length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    out.set(value, length);
    length += value.length;
  }
}
