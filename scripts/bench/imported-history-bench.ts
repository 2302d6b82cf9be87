// npx tsx scripts/bench/imported-history-bench.ts → bench/results/imported-history.json
//
// What the shipped models do when the history before a check-in was imported from Daylio (mood only: no energy,
// stress, sleep or activity), against the same history as recorded and against no history at all, on the held-out
// test people of the training simulation (seed and size of `npm run models`). The current check-in is the app's own
// in all three (the form requires energy and stress). Every number beside "tomorrow like today" on the same rows,
// as the manifest has it (docs/models.md, "Imported rows without energy or stress").
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { extractFeatures, type FeatureSource } from "@/lib/features/extract";
import { FEATURE_WINDOW_DAYS } from "@/lib/features/history-window";
import { FEATURE_SPECS } from "@/lib/features/feature-specs";
import { manifestSchema } from "@/lib/models/manifest-schema";
import { importOnnx } from "@/tools/training/gbm/onnx/import";
import { accuracy, binaryBrier, mae } from "@/tools/training/gbm/metrics";
import { argmax, predict } from "@/tools/training/gbm/reference-evaluator";
import { buildDataset, isTestPerson } from "../models/dataset";
import { MODEL_DEFINITIONS } from "../models/model-definitions";
import { DEFAULT_SEED, SIMULATION } from "../models/pipeline";
import { LOOKAHEAD_DAYS, simulate, TRAINING_TIME_ZONE } from "../models/simulate";

const root = path.resolve(import.meta.dirname, "../..");
const people = simulate({ seed: DEFAULT_SEED, ...SIMULATION }).filter((p) => isTestPerson(p.id));
const data = buildDataset(people, FEATURE_SPECS);

type Condition = "recorded" | "imported_from_daylio" | "no_history";
const asDaylio = (c: FeatureSource): FeatureSource => ({ ...c, energy: null, stress: null, sleep_hours: null, activity_minutes: null });
const rows: Record<Condition, Float32Array[]> = { recorded: [], imported_from_daylio: [], no_history: [] };
let withHistory = 0;
// The same rows, in the same order, as buildDataset (each test person's check-in days before the look-ahead).
for (const person of people) {
  const history: { index: number; source: FeatureSource }[] = [];
  for (let d = 0; d < person.days.length - LOOKAHEAD_DAYS; d++) {
    const day = person.days[d];
    if (!day?.checkIn) continue;
    const recent = history.filter((h) => d - h.index <= FEATURE_WINDOW_DAYS).reverse().map((h) => h.source);
    if (recent.length > 0) withHistory += 1;
    const zone = { timeZone: TRAINING_TIME_ZONE };
    rows.recorded.push(extractFeatures(FEATURE_SPECS, day.checkIn, recent, zone));
    rows.imported_from_daylio.push(extractFeatures(FEATURE_SPECS, day.checkIn, recent.map(asDaylio), zone));
    rows.no_history.push(extractFeatures(FEATURE_SPECS, day.checkIn, [], zone));
    history.push({ index: d, source: day.checkIn });
  }
}
if (rows.recorded.length !== data.nRows) throw new Error(`row mismatch: ${rows.recorded.length} vs ${data.nRows}`);

const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(root, "public/models/manifest.json"), "utf8")));
const results: Record<string, unknown> = {};
for (const def of MODEL_DEFINITIONS) {
  const entry = manifest.models.find((m) => m.name === def.name);
  if (!entry) throw new Error(`${def.name} is not in the manifest`);
  const ensemble = importOnnx(readFileSync(path.join(root, "public/models", entry.file)));
  const y = data.targets[def.target];
  const score = (x: Float32Array[]): number => {
    const out = x.map((r) => predict(ensemble, r));
    if (def.mainMetric === "accuracy") return accuracy(y, out.map((o) => argmax(o.probabilities as number[])));
    if (def.mainMetric === "brier") return binaryBrier(y, out.map((o) => (o.probabilities as number[])[1] as number));
    return mae(y, out.map((o) => o.value as number));
  };
  const metric = def.mainMetric;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  results[def.name] = {
    metric,
    better: metric === "accuracy" ? "higher" : "lower",
    recorded: round(score(rows.recorded)),
    imported_from_daylio: round(score(rows.imported_from_daylio)),
    no_history: round(score(rows.no_history)),
    // The manifest's figures for the same test rows: the model as shipped, and "tomorrow like today".
    manifest: entry.metrics[metric],
    persistence: entry.metrics[`persistence_${metric}`],
  };
  console.log(def.name, JSON.stringify(results[def.name]));
}
const out = {
  what: "Shipped models on the held-out simulated people, with each check-in's 28-day history as recorded, as a Daylio import leaves it (mood only), and absent.",
  seed: DEFAULT_SEED,
  test_people: people.length,
  rows: data.nRows,
  rows_with_history: withHistory,
  models: results,
};
writeFileSync(path.join(root, "bench/results/imported-history.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote bench/results/imported-history.json (${data.nRows} rows)`);
