import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { decodeTreeFile, type ShapForest } from "@/lib/explain/tree-file";
import { calendarDay } from "@/lib/features/calendar-day";
import { manifestSchema, type ModelEntry } from "@/lib/models/manifest-schema";
import { buildPersonalModel, labels } from "@/lib/personal/build-personal-model";
import { rawScores } from "@/lib/personal/forest";
import { buildRows } from "@/lib/personal/rows";
import { TARGETS } from "@/lib/personal/targets";
import { PERSONAL_TYPES, type PersonalCheckIn, type PersonalType } from "@/lib/personal/types";
import { simulate, type SimulatedPerson } from "@/scripts/models/simulate";

/**
 * `npm run bench:personal` → bench/results/personal.json: what personal models are worth on simulated people the
 * generic models never saw (a seed of their own), and how long training takes.
 *
 * For each person and horizon H (30, 60, 120 days of history): buildPersonalModel on the check-ins of days < H (the
 * gate decides), then the chosen model ("personal" = what the gate chose: the personal model where it was chosen, the
 * generic elsewhere) and the generic one are scored on the person's next EVAL_DAYS days, with the same rows and
 * targets as training (features from all earlier check-ins, the target from the next day's check-in). Metrics pooled
 * over all scored days of all people; persistence ("tomorrow is like today") on the same days beside them.
 *
 * `--tune` runs the same on a different seed (TUNE_SEED) and prints instead of writing: parameters are chosen there,
 * never on the test people. PERSONAL_PARAMS='{"stress_forecast":{"lambda":30}}' overrides TARGETS[type].params.
 */
const TEST_SEED = 20261207;
const TUNE_SEED = 4242;
const HORIZONS = [30, 60, 120] as const;
const EVAL_DAYS = 30;
const SIM_DAYS = 120 + EVAL_DAYS + 1;
const TIMING_DAYS = 365;
const TIMING_REPEATS = 5;

const tune = process.argv.includes("--tune");
const nPeople = Number(process.env.PERSONAL_PEOPLE ?? (tune ? 60 : 150));
const overrides = JSON.parse(process.env.PERSONAL_PARAMS ?? "{}") as Partial<Record<PersonalType, Record<string, number>>>;
const gateOverrides = JSON.parse(process.env.PERSONAL_GATE ?? "{}") as Partial<Record<PersonalType, number>>;
for (const type of PERSONAL_TYPES) {
  Object.assign(TARGETS[type].params, overrides[type] ?? {});
  TARGETS[type].gateMargin = gateOverrides[type] ?? TARGETS[type].gateMargin;
  if (process.env.PERSONAL_EVERY_FOLD) TARGETS[type].gateEveryFold = process.env.PERSONAL_EVERY_FOLD === "1";
}

const root = process.cwd();
const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(root, "public/models/manifest.json"), "utf8")));
const models = Object.fromEntries(
  PERSONAL_TYPES.map((type) => {
    const entry = manifest.models.find((m) => m.prediction_type === type) as ModelEntry;
    const treeFile = new Uint8Array(readFileSync(path.join(root, "public/models", entry.explain?.file as string)));
    return [type, { entry, treeFile, forest: decodeTreeFile(treeFile) }];
  }),
) as Record<PersonalType, { entry: ModelEntry; treeFile: Uint8Array; forest: ShapForest }>;

type Tally = { n: number; generic: number; personal: number; persistence: number; chosen: number; tried: number; worse: number; people: number };
const tally = (): Tally => ({ n: 0, generic: 0, personal: 0, persistence: 0, chosen: 0, tried: 0, worse: 0, people: 0 });

function checkInsOf(person: SimulatedPerson): { checkIns: PersonalCheckIn[]; index: number[] } {
  const checkIns: PersonalCheckIn[] = [];
  const index: number[] = [];
  person.days.forEach((d, i) => {
    if (!d.checkIn) return;
    checkIns.push({ id: `p${person.id}-${String(i).padStart(3, "0")}`, ...d.checkIn });
    index.push(i);
  });
  return { checkIns, index };
}

function run(seed: number) {
  const people = simulate({ seed, people: nPeople, minDays: SIM_DAYS, maxDays: SIM_DAYS });
  const results: Record<string, Record<PersonalType, Tally>> = {};
  for (const h of HORIZONS) results[h] = { mood_tomorrow: tally(), energy_dip: tally(), stress_forecast: tally() };
  for (const person of people) {
    const { checkIns, index } = checkInsOf(person);
    const first = checkIns[0];
    if (!first) continue;
    const day0 = (calendarDay(first.checkin_date, "UTC") as number) - (index[0] as number);
    for (const h of HORIZONS) {
      const before = checkIns.filter((_, k) => (index[k] as number) < h);
      const upTo = checkIns.filter((_, k) => (index[k] as number) <= h + EVAL_DAYS);
      for (const type of PERSONAL_TYPES) {
        const { entry, treeFile, forest } = models[type];
        const spec = TARGETS[type];
        const build = buildPersonalModel({ entry, treeFile, checkIns: before, timeZone: "UTC" });
        const rows = buildRows(entry.features, upTo, "UTC");
        const y = labels(spec, rows);
        const k = spec.nOutputs;
        const g = rawScores(forest, rows.x, rows.nRows);
        const p = build.model ? rawScores(decodeTreeFile(build.model.treeFile), rows.x, rows.nRows) : g;
        const t = results[h]?.[type] as Tally;
        let sumG = 0;
        let sumP = 0;
        let n = 0;
        for (let r = 0; r < rows.nRows; r++) {
          const d = (rows.days[r] as number) - day0;
          if (d < h || d >= h + EVAL_DAYS) continue;
          const label = y[r] as number;
          sumG += spec.score(g.subarray(r * k, (r + 1) * k), label);
          sumP += spec.score(p.subarray(r * k, (r + 1) * k), label);
          t.persistence += spec.persistence(rows.today[r] as (typeof rows.today)[number], label);
          n += 1;
        }
        if (n === 0) continue;
        t.n += n;
        t.generic += sumG;
        t.personal += sumP;
        t.people += 1;
        if (build.decision !== "too-few-days") t.tried += 1;
        if (build.decision === "personal") {
          t.chosen += 1;
          const worse = spec.higherIsBetter ? sumP < sumG : sumP > sumG;
          if (worse) t.worse += 1;
        }
      }
    }
  }
  return results;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

function summarise(results: ReturnType<typeof run>) {
  const out: Record<string, unknown> = {};
  for (const h of HORIZONS) {
    const byType = results[h] as Record<PersonalType, Tally>;
    const metric = (t: Tally) => ({
      generic: round(t.generic / t.n),
      personal: round(t.personal / t.n),
      persistence: round(t.persistence / t.n),
      scored_days: t.n,
      people: t.people,
      gate_tried_share: round(t.tried / t.people),
      personal_chosen_share: round(t.chosen / t.people),
      worse_share: round(t.worse / t.people),
    });
    const all = Object.values(byType);
    out[String(h)] = {
      stress_mae: metric(byType.stress_forecast),
      mood_accuracy: metric(byType.mood_tomorrow),
      energy_dip_brier: metric(byType.energy_dip),
      // Share of (person, target) pairs where what the gate chose scored worse than the generic model on the later days.
      worse_share: round(all.reduce((s, t) => s + t.worse, 0) / all.reduce((s, t) => s + t.people, 0)),
    };
  }
  return out;
}

function timing() {
  // The worst case: a check-in on every one of 365 days (a simulated person's own days, including the ones they
  // skipped, entered at 20:00), so every day is scored.
  const [person] = simulate({ seed: TEST_SEED + 1, people: 1, minDays: TIMING_DAYS, maxDays: TIMING_DAYS });
  const checkIns: PersonalCheckIn[] = (person as SimulatedPerson).days.slice(0, TIMING_DAYS).map((d, i) => ({
    id: `t${String(i).padStart(3, "0")}`,
    checkin_date: new Date(Date.UTC(2025, 0, 6 + i, 20)).toISOString(),
    mood: Math.round(d.mood),
    energy: Math.round(d.energy),
    stress: Math.round(d.stress),
    sleep_hours: d.checkIn?.sleep_hours ?? null,
    activity_minutes: d.checkIn?.activity_minutes ?? null,
  }));
  const perType: Record<string, number> = {};
  const decisions: Record<string, string> = {};
  let scoredDays = 0;
  for (const type of PERSONAL_TYPES) {
    const { entry, treeFile } = models[type];
    const times: number[] = [];
    for (let i = 0; i < TIMING_REPEATS + 1; i++) {
      const t0 = performance.now();
      const build = buildPersonalModel({ entry, treeFile, checkIns, timeZone: "UTC" });
      if (i > 0) times.push(performance.now() - t0);
      scoredDays = build.scoredDays;
      decisions[type] = build.decision;
    }
    perType[type] = round([...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number);
  }
  const total = Object.values(perType).reduce((a, b) => a + b, 0);
  return { days: TIMING_DAYS, check_ins: checkIns.length, scored_days: scoredDays, decisions, median_ms: perType, all_three_ms: round(total) };
}

const started = performance.now();
const summary = summarise(run(tune ? TUNE_SEED : TEST_SEED));
if (tune) {
  console.log(JSON.stringify({ params: Object.fromEntries(PERSONAL_TYPES.map((t) => [t, { ...TARGETS[t].params, gateMargin: TARGETS[t].gateMargin, gateEveryFold: TARGETS[t].gateEveryFold }])), days: summary }, null, 1));
} else {
  const result = {
    measured_at: new Date().toISOString(),
    what:
      "Personal models on simulated people the generic models never saw: per horizon (days of history), the gate's choice vs the generic model " +
      `on each person's next ${EVAL_DAYS} days; metrics pooled over scored days; personal = what the gate chose.`,
    simulation: { seed: TEST_SEED, people: nPeople, days: SIM_DAYS, generic_models: PERSONAL_TYPES.map((t) => `${models[t].entry.name}@${models[t].entry.sha256.slice(0, 12)}`) },
    params: Object.fromEntries(PERSONAL_TYPES.map((t) => [t, { ...TARGETS[t].params, gate_margin: TARGETS[t].gateMargin, gate_every_fold: TARGETS[t].gateEveryFold }])),
    days: summary,
    training_node: { ...timing(), node: process.version, cpus: cpus().length, load_average_1m: round(loadavg()[0] as number) },
    wall_seconds: round((performance.now() - started) / 1000),
  };
  mkdirSync(path.join(root, "bench/results"), { recursive: true });
  writeFileSync(path.join(root, "bench/results/personal.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
