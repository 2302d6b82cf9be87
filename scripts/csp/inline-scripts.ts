import { createHash } from "node:crypto";

/**
 * The inline scripts of a prerendered page, and the CSP hash source of each. Next (Turbopack's chunk list,
 * `self.__next_f` and the page's RSC payload) and React write these; neither ever puts `</script>` inside one (React
 * escapes `<` in the payload), so the first `</script>` after an opening tag ends it, as it does for the browser.
 */
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const HAS_SRC = /(?:^|\s)src\s*=/i;

/** The text of every `<script>` without `src` in `html`, exactly as the browser hashes it (no entity decoding). */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(SCRIPT)].filter((m) => !HAS_SRC.test(m[1] ?? "")).map((m) => m[2] ?? "");
}

/** `sha256-<base64>` of the script's UTF-8 bytes: the form CSP's script-src takes, without the quotes. */
export function hashSource(script: string): string {
  return `sha256-${createHash("sha256").update(script, "utf8").digest("base64")}`;
}
