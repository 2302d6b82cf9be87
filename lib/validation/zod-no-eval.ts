import { config } from "zod";

/**
 * Imported first by every browser module that builds Zod schemas (the model manifest's, the sign-in form's), so that it
 * runs before their first z.object().
 *
 * Zod 4 compiles object parsers with `new Function` when it may, and finds out by calling `Function("")` once, when the
 * first z.object() is built. The Content Security Policy has no 'unsafe-eval', so the probe fails — Zod catches that
 * and parses without compiling, exactly as with `jitless` — but the browser still reports a `securitypolicyviolation`,
 * and a real violation would drown in them. `jitless` skips the probe and changes nothing else here. It lives here, not
 * in instrumentation-client.ts, because that file runs on every page and would put Zod back into the home page's
 * first-load JavaScript (20 KB gzip), which issue 12 took it out of.
 */
config({ jitless: true });
