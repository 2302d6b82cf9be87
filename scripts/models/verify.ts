/**
 * `npm run models:verify`: rebuilds every model into a temporary directory with the committed seed and checks that
 * each file is byte-identical to the committed public/models. Kept out of `npm test` (training takes a minute or
 * two on 2 cores); CI runs it as its own step.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildModels, DEFAULT_SEED } from "./pipeline";

const { values } = parseArgs({ options: { dir: { type: "string", default: "public/models" } } });
const committedDir = values.dir;
const outDir = mkdtempSync(join(tmpdir(), "models-verify-"));
try {
  const started = performance.now();
  const { files } = buildModels({ seed: DEFAULT_SEED, outDir, log: (line) => console.log(line) });
  const committed = readdirSync(committedDir).filter((f) => f === "manifest.json" || /\.onnx(\.gz)?$/.test(f));
  const problems: string[] = [];
  for (const f of committed) if (!files.includes(f)) problems.push(`${f} is committed but the pipeline no longer writes it`);
  for (const f of files) {
    if (!committed.includes(f)) {
      problems.push(`${f} is written by the pipeline but not committed`);
      continue;
    }
    if (!readFileSync(join(outDir, f)).equals(readFileSync(join(committedDir, f)))) problems.push(`${f} differs`);
  }
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
