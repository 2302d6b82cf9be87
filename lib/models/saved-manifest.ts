import { manifestSchema } from "./manifest-schema";
import type { FetchedManifest } from "./manifest-client";
import { SAVED_MANIFEST_KEY as KEY } from "./saved-manifest-key";

/**
 * The last manifest that validated, kept in localStorage so that the registry starts offline (the cached model bytes
 * are useless without the list that names and verifies them). Storage blocked → nothing saved, nothing read.
 */
export function saveManifest(fetched: FetchedManifest): void {
  try {
    globalThis.localStorage?.setItem(KEY, fetched.text);
  } catch {
    // Full or blocked: offline start is just not available.
  }
}

export function readSavedManifest(): FetchedManifest | undefined {
  try {
    const text = globalThis.localStorage?.getItem(KEY);
    if (!text) return undefined;
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? { manifest: parsed.data, text } : undefined;
  } catch {
    return undefined;
  }
}
