import { ManifestError } from "./errors";
import { type Manifest, manifestSchema } from "./manifest-schema";

export type FetchedManifest = { manifest: Manifest; text: string };

/**
 * Fetches and validates the manifest. `cache: "no-cache"` makes the browser revalidate (ETag → 304) on every call,
 * so polling it is cheap and never serves a stale version.
 */
export async function fetchManifest(url: string, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<FetchedManifest> {
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: "no-cache", signal });
  } catch (error) {
    throw new ManifestError(`the request for ${url} failed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (!response.ok) throw new ManifestError(`the server answered HTTP ${response.status} for ${url}`);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${url} is not JSON (it starts with ${JSON.stringify(text.slice(0, 20))})`, { cause: error });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ManifestError(`${url} does not match the manifest schema: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return { manifest: parsed.data, text };
}
