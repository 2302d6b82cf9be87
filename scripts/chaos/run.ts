// npm run test:chaos -- --seed <n> --ops <k> [--shrink-seconds <s>]
// Runs e2e/supabase-chaos.spec.ts for one seed on the Supabase test stack (playwright.supabase.config.ts starts the
// stack and, unless one is already serving its port, a build of the app). Without --seed it draws one and prints it.
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { seed: { type: "string" }, ops: { type: "string", default: "40" }, "shrink-seconds": { type: "string", default: "300" } } });
const seed = values.seed ?? String(Math.floor(Math.random() * 2 ** 31));
for (const [name, value] of [["seed", seed], ["ops", values.ops], ["shrink-seconds", values["shrink-seconds"]]] as const) {
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a whole number; got "${value}"`);
    process.exit(2);
  }
}
console.log(`[chaos] seed ${seed}, ${values.ops} operations`);
const child = spawn("npx", ["playwright", "test", "--config", "playwright.supabase.config.ts", "e2e/supabase-chaos.spec.ts"], {
  stdio: "inherit",
  env: { ...process.env, CHAOS_SEED: seed, CHAOS_OPS: values.ops, CHAOS_SHRINK_SECONDS: values["shrink-seconds"], CHAOS_VERBOSE: "1" },
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
