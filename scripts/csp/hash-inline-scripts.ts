/**
 * Post-build step of `npm run build` (after `next build`, before `serwist build`): hashes every inline script of the
 * prerendered HTML into .next/csp-script-hashes.json, which the proxy sends as the pages' script-src
 * (lib/security/page-policy.ts), so the policy needs no 'unsafe-inline'.
 *
 * It refuses a build with a page rendered per request: that page's inline scripts (its RSC payload) are written at
 * request time, no hash made here could match them, and it would need a nonce (docs/security.md).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SCRIPT_HASHES_FILE, type ScriptHashes } from "../../lib/security/script-hashes";
import { pagesRenderedPerRequest } from "./dynamic-pages";
import { hashSource, inlineScripts } from "./inline-scripts";

class DynamicPageError extends Error {
  override name = "DynamicPageError";
}

class NoBuildError extends Error {
  override name = "NoBuildError";
}

const root = process.cwd();
const distDir = path.join(root, ".next");

function readJson<T>(file: string): T {
  const full = path.join(distDir, file);
  if (!existsSync(full)) throw new NoBuildError(`${full} is missing: run \`next build\` first (\`npm run build\` does both).`);
  return JSON.parse(readFileSync(full, "utf8")) as T;
}

function htmlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return htmlFilesUnder(full);
    return name.endsWith(".html") ? [full] : [];
  });
}

function main(): void {
  const dynamic = pagesRenderedPerRequest(
    readJson<Record<string, string>>("app-path-routes-manifest.json"),
    Object.keys(readJson<{ routes: Record<string, unknown> }>("prerender-manifest.json").routes),
  );
  if (dynamic.length > 0) {
    throw new DynamicPageError(
      `Rendered per request: ${dynamic.join(", ")}. Their inline scripts are written at request time, so no build-time ` +
        "hash can allow them under the CSP and they would stop working. Keep every page static (no cookies(), headers(), " +
        "connection() or uncached fetch in a page), or give such pages a nonce in the proxy (docs/security.md, CSP).",
    );
  }
  // app/: the pages and Next's not-found and global-error pages; pages/: the 404 and 500 copies Next also writes.
  const files = [...htmlFilesUnder(path.join(distDir, "server", "app")), ...htmlFilesUnder(path.join(distDir, "server", "pages"))].sort();
  if (files.length === 0) throw new NoBuildError(`No prerendered HTML under ${distDir}/server: run \`next build\` first.`);

  const hashes = new Set<string>();
  const pages: Record<string, number> = {};
  for (const file of files) {
    const scripts = inlineScripts(readFileSync(file, "utf8"));
    for (const script of scripts) hashes.add(hashSource(script));
    pages[path.relative(path.join(distDir, "server"), file).replace(/\.html$/, "")] = scripts.length;
  }
  const out: ScriptHashes = { version: 1, hashes: [...hashes].sort(), pages };
  writeFileSync(path.join(root, SCRIPT_HASHES_FILE), `${JSON.stringify(out, null, 2)}\n`);
  const scriptCount = Object.values(pages).reduce((a, b) => a + b, 0);
  console.log(
    `[csp] ${files.length} prerendered pages, ${scriptCount} inline scripts, ${hashes.size} distinct hashes → ${SCRIPT_HASHES_FILE}`,
  );
}

try {
  main();
} catch (error) {
  console.error(`[csp] ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  process.exit(1);
}
