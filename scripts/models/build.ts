/**
 * `npm run models [-- --seed N --out DIR]`: rebuilds every bundled model and public/models/manifest.json.
 * Commit the result only when the pipeline really changed: each regeneration adds megabytes to git history.
 */
import { parseArgs } from "node:util";
import { buildModels, DEFAULT_SEED } from "./pipeline";

const { values } = parseArgs({
  options: { seed: { type: "string", default: String(DEFAULT_SEED) }, out: { type: "string", default: "public/models" } },
});
const seed = Number(values.seed);
if (!Number.isSafeInteger(seed) || seed < 0) {
  console.error(`--seed must be a non-negative integer, got "${values.seed}".`);
  process.exit(2);
}
const started = performance.now();
const { manifest } = buildModels({ seed, outDir: values.out, log: (line) => console.log(line) });
const total = manifest.models.reduce((s, m) => s + m.bytes, 0);
const totalGz = manifest.models.reduce((s, m) => s + (m.compressed?.bytes ?? 0), 0);
console.log(
  `wrote ${manifest.models.length} models to ${values.out}: ${(total / 1e6).toFixed(2)} MB ` +
    `(gzip ${(totalGz / 1e6).toFixed(2)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
