/**
 * The Content Security Policy, in one place for the two places that send it: next.config.ts (every response, without
 * script hashes: workers, the service worker, static files) and the proxy (every page, with the hashes of the inline
 * scripts of the prerendered HTML, which only exist once `next build` has written that HTML).
 */
export interface PolicyOptions {
  /**
   * Hash sources for the inline scripts allowed to run, as CSP writes them without quotes: `sha256-<base64>`.
   * Empty: no inline script runs at all (right for workers and the service worker, which have none).
   */
  scriptHashes: readonly string[];
  /**
   * The Supabase project's origin in Supabase mode (REST and Auth); absent in local mode. Its websocket (wss://) is
   * not allowed: the app does not use Realtime, and a connect-src entry nothing uses is only a way out for injected code.
   */
  supabaseOrigin?: string;
  /**
   * `next dev`: its HTML is rendered per request with inline scripts no build step has seen, and React's dev build
   * uses eval to rebuild server error stacks — so dev keeps 'unsafe-inline' and 'unsafe-eval' (never a production build).
   */
  development: boolean;
}

export class ScriptHashFormatError extends Error {
  override name = "ScriptHashFormatError";
}

const HASH_SOURCE = /^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/;

function scriptSources({ scriptHashes, development }: PolicyOptions): string[] {
  for (const hash of scriptHashes) {
    if (!HASH_SOURCE.test(hash)) {
      throw new ScriptHashFormatError(`Not a CSP hash source: ${JSON.stringify(hash)} (expected sha256-<base64>). Rebuild with \`npm run build\`.`);
    }
  }
  if (development) return ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'", "'unsafe-eval'"];
  // 'wasm-unsafe-eval': onnxruntime-web compiles its WebAssembly; it allows no JavaScript eval.
  return ["'self'", ...scriptHashes.map((h) => `'${h}'`), "'wasm-unsafe-eval'"];
}

/** The policy as one header value. */
export function contentSecurityPolicy(options: PolicyOptions): string {
  const { supabaseOrigin, development } = options;
  const supabase = supabaseOrigin ? [supabaseOrigin] : [];
  return [
    "default-src 'self'",
    `script-src ${scriptSources(options).join(" ")}`,
    // React and Recharts set style attributes (positions, sizes of the chart); styles cannot run code, and hashing every
    // style attribute would need 'unsafe-hashes' for each one. Scripts are what the policy is strict about.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...supabase, ...(development ? ["ws:"] : [])].join(" ")}`,
    // onnxruntime-web may start its proxy worker from a blob: URL.
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
