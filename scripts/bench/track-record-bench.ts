import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import type { CheckIn } from "@/lib/domain/check-in";
import { PREDICTION_TYPES, type Prediction } from "@/lib/domain/prediction";
import { buildTrackRecord, localDayOfNow } from "@/lib/predictions/track-record";
import { summarizeTrackRecord } from "@/lib/predictions/track-record-summary";

/**
 * How long the track record takes to compute (buildTrackRecord + summarizeTrackRecord, the pure part the History and
 * Predictions pages run after reading the local store) for histories of growing length, in a zone with DST.
 * `npx tsx scripts/bench/track-record-bench.ts` → bench/results/track-record.json.
 */
const ZONE = "America/New_York";
const NOW = Date.parse("2026-11-10T20:00:00Z");
const SIZES = [31, 365, 3 * 365];
const REPEATS = 30;

function history(days: number): { checkIns: CheckIn[]; predictions: Prediction[] } {
  const checkIns: CheckIn[] = [];
  const predictions: Prediction[] = [];
  for (let d = days; d >= 1; d--) {
    // One check-in a day at 21:00 New York time (01:00-02:00 UTC the next day), a second one every fifth day.
    const perDay = d % 5 === 0 ? 2 : 1;
    for (let k = 0; k < perDay; k++) {
      const at = new Date(NOW - d * 86_400_000 + 6 * 3_600_000 - k * 10 * 3_600_000).toISOString();
      const id = `c${d}-${k}`;
      checkIns.push({ id, user_id: "u", checkin_date: at, created_at: at, mood: 1 + (d % 10), energy: 1 + ((d * 3) % 10), stress: 1 + ((d * 7) % 10), sleep_hours: d % 9 === 0 ? null : 7, activity_minutes: null, notes: null });
      for (const type of PREDICTION_TYPES) {
        const regression = type === "stress_forecast" || type === "sleep_quality";
        predictions.push({ id: `${id}-${type}`, user_id: "u", checkin_id: id, prediction_type: type, model_name: "m", model_version: "1", label: regression ? null : type === "mood_tomorrow" ? "steady" : "no", score: regression ? 5 : 0.7, probabilities: null, created_at: at });
      }
    }
  }
  return { checkIns, predictions };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

const results = SIZES.map((days) => {
  const { checkIns, predictions } = history(days);
  const times: number[] = [];
  let entries = 0;
  for (let r = 0; r < REPEATS + 3; r++) {
    const t0 = performance.now();
    const record = buildTrackRecord({ checkIns, predictions, timeZone: ZONE, now: NOW });
    summarizeTrackRecord(record, localDayOfNow(NOW, ZONE));
    const t = performance.now() - t0;
    if (r >= 3) times.push(t); // the first runs warm up the JIT and the zone's formatter
    entries = record.length;
  }
  return { days, check_ins: checkIns.length, predictions: predictions.length, entries, median_ms: +median(times).toFixed(2), max_ms: +Math.max(...times).toFixed(2) };
});

const out = {
  measured_at: new Date().toISOString(),
  what: "buildTrackRecord + summarizeTrackRecord in Node (tsx), America/New_York; median of 30 runs after 3 warm-up runs",
  node: process.version,
  // This machine is shared: read the times against the load they were taken under.
  cpus: cpus().length,
  load_average_1m: +(loadavg()[0] ?? 0).toFixed(1),
  results,
};
const file = path.join(process.cwd(), "bench", "results", "track-record.json");
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
