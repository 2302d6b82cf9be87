import { z } from "zod";

/**
 * Zod, configured for the Content Security Policy: import `z` from here, never from "zod" (lint enforces it).
 *
 * Zod 4 compiles object parsers with `new Function` when it may, and finds out by calling `Function("")` once, when the
 * first z.object() is built. Our policy has no 'unsafe-eval', so the probe fails — Zod catches that and parses without
 * compiling, exactly as with `jitless` — but the browser still reports a `securitypolicyviolation` on every page, which
 * would bury a real one. `jitless` skips the probe. It must run before any schema is built, hence one module that
 * configures Zod and hands it out, rather than a side-effect import that import order could defeat.
 */
z.config({ jitless: true });

export { z };
