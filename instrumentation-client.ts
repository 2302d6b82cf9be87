import { config } from "zod";

/**
 * Runs in the browser before the app's own modules (Next loads this file ahead of hydration, which is when the page's
 * modules, and the Zod schemas they build, are evaluated).
 *
 * Zod 4 compiles object parsers with `new Function` when it may, and finds out by calling `Function("")` once, when the
 * first z.object() is built. The Content Security Policy has no 'unsafe-eval', so the probe fails — Zod catches that
 * and parses without compiling, exactly as with `jitless` — but the browser still reports a `securitypolicyviolation`
 * on every page, and a real violation would drown in them. `jitless` skips the probe and changes nothing else here.
 * (Configuring Zod in a module that re-exports `z` instead defeated tree-shaking: +280 KB of first-load JavaScript.)
 */
config({ jitless: true });
