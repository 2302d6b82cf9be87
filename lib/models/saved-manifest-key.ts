/**
 * Where the last validated manifest is kept (saved-manifest.ts), apart from the schema that validates it: a page can
 * ask whether there is one without loading Zod (32 KB gzip and a long evaluation on a phone), and load it only then.
 */
export const SAVED_MANIFEST_KEY = "checkin-models:manifest";

/** Whether this browser has kept a manifest (not whether it is still valid: readSavedManifest() decides that). */
export function hasSavedManifest(): boolean {
  try {
    return Boolean(globalThis.localStorage?.getItem(SAVED_MANIFEST_KEY));
  } catch {
    return false;
  }
}
