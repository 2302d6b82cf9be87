import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The hashes of every inline script in the prerendered HTML, written after `next build` by
 * scripts/csp/hash-inline-scripts.ts and read by the proxy, which sends them in the page's CSP. They cannot live in
 * next.config.ts: Next evaluates its headers() before the HTML they describe exists.
 */
export const SCRIPT_HASHES_FILE = path.join(".next", "csp-script-hashes.json");

export const scriptHashesSchema = z.object({
  version: z.literal(1),
  /** Unique and sorted, so two builds of the same pages write the same file. */
  hashes: z.array(z.string().regex(/^sha256-[A-Za-z0-9+/]{43}=$/)).min(1),
  /** Inline scripts per prerendered page (route → count): what the build saw, for the log and the docs. */
  pages: z.record(z.string(), z.number().int().nonnegative()),
});

export type ScriptHashes = z.infer<typeof scriptHashesSchema>;

export class ScriptHashesUnavailableError extends Error {
  override name = "ScriptHashesUnavailableError";
}

// By file: one in production (the build's); tests read others.
const loaded = new Map<string, readonly string[]>();

/**
 * The hash sources for the policy, read once per server process (a build replaces the file, and `next start` is
 * restarted after a build). Throws rather than serve a policy without them: every page would render but never hydrate.
 */
export function loadScriptHashes(file: string = path.join(process.cwd(), SCRIPT_HASHES_FILE)): readonly string[] {
  const known = loaded.get(file);
  if (known) return known;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ScriptHashesUnavailableError(
      `${file} is missing: the production build did not hash its inline scripts, so no page could run under the CSP. ` +
        "Build with `npm run build` (next build, then scripts/csp/hash-inline-scripts.ts), not `next build` alone.",
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ScriptHashesUnavailableError(`${file} is not JSON. Rebuild with \`npm run build\`.`, { cause });
  }
  const parsed = scriptHashesSchema.safeParse(json);
  if (!parsed.success) {
    throw new ScriptHashesUnavailableError(`${file} is not a script-hash list (${parsed.error.issues[0]?.message}). Rebuild with \`npm run build\`.`);
  }
  loaded.set(file, parsed.data.hashes);
  return parsed.data.hashes;
}
