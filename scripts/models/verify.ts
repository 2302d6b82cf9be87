/**
 * `npm run models:verify`: rebuilds every model into a temporary directory with the committed seed and checks that
 * each file is byte-identical to the committed public/models. Kept out of `npm test` (training takes a minute or
 * two on 2 cores); CI runs it as its own step.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { compareOutputs } from "./compare-outputs";
import { buildModels, DEFAULT_SEED } from "./pipeline";

const { values } = parseArgs({ options: { dir: { type: "string", default: "public/models" } } });
const committedDir = values.dir;
const outDir = mkdtempSync(join(tmpdir(), "models-verify-"));
try {
  const started = performance.now();
  const { files } = buildModels({ seed: DEFAULT_SEED, outDir, log: (line) => console.log(line) });
  const problems = compareOutputs(outDir, committedDir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    console.error(
      `The pipeline does not reproduce ${committedDir} (${seconds} s):\n  ${problems.join("\n  ")}\n` +
        "If the pipeline changed on purpose, run `npm run models` and commit public/models.",
    );
    process.exitCode = 1;
  } else {
    console.log(`OK: ${files.length} files in ${committedDir} reproduced byte for byte (${seconds} s).`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
