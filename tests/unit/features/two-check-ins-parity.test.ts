import { describe, expect, it } from "vitest";
import { extractFeatures, type FeatureSource } from "@/lib/features/extract";
import { FEATURE_SPECS } from "@/lib/features/feature-specs";
import { FEATURE_WINDOW_DAYS } from "@/lib/features/history-window";
import { buildDataset } from "@/scripts/models/dataset";
import { LOOKAHEAD_DAYS, simulate, TRAINING_TIME_ZONE, wallClockTimestamp, type SimulatedPerson } from "@/scripts/models/simulate";

/**
 * Training has one check-in per simulated day; a person may check in twice. The app's extra check-ins must give rows
 * the pipeline produces (buildDataset, the training path): a second check-in on someone's first day is a first
 * check-in alone, and a second check-in after some history is that day's pipeline row. The extra check-ins here are
 * deliberately extreme (mood 1, stress 10, no sleep) so that letting any of them into a feature shows.
 */
const people = simulate({ seed: 4242, people: 6, minDays: 40, maxDays: 50 });
const dataset = buildDataset(people, FEATURE_SPECS);
const nF = FEATURE_SPECS.length;

/** The pipeline's rows of one person, by simulated day index. */
function pipelineRows(personIndex: number): Map<number, Float32Array> {
  let row = 0;
  for (let p = 0; p < personIndex; p++) row += checkInDays(people[p] as SimulatedPerson).length;
  const out = new Map<number, Float32Array>();
  for (const d of checkInDays(people[personIndex] as SimulatedPerson)) out.set(d, dataset.x.slice(row * nF, ++row * nF));
  return out;
}

function checkInDays(person: SimulatedPerson): number[] {
  const days: number[] = [];
  for (let d = 0; d < person.days.length - LOOKAHEAD_DAYS; d++) if (person.days[d]?.checkIn) days.push(d);
  return days;
}

/** An extra check-in at 00:30 on the same simulated day as `c` (every simulated check-in is at 06:00 or later). */
function earlierSameDay(c: FeatureSource): FeatureSource {
  const day = Math.floor(Date.parse(c.checkin_date) / 86_400_000);
  return { checkin_date: wallClockTimestamp(day, 0, 30), mood: 1, energy: 10, stress: 10, sleep_hours: null, activity_minutes: 1440 };
}

/** What the app reads: every earlier check-in of the window, newest first (the same window the pipeline gives). */
function appHistory(person: SimulatedPerson, d: number): FeatureSource[] {
  const out: FeatureSource[] = [];
  for (let k = d - 1; k >= Math.max(0, d - FEATURE_WINDOW_DAYS); k--) {
    const c = person.days[k]?.checkIn;
    if (c) out.push(c);
  }
  return out;
}

const app = (current: FeatureSource, history: FeatureSource[]) => Array.from(extractFeatures(FEATURE_SPECS, current, history, { timeZone: TRAINING_TIME_ZONE }));

describe("two check-ins a day give the pipeline's one-per-day rows", () => {
  it("a second check-in on someone's first day is exactly the pipeline's first row (a first check-in alone)", () => {
    people.forEach((person, p) => {
      const rows = pipelineRows(p);
      const first = checkInDays(person)[0] as number;
      const current = person.days[first]?.checkIn as FeatureSource;
      expect(app(current, [earlierSameDay(current)])).toEqual(Array.from(rows.get(first) as Float32Array));
    });
  });

  it("a second check-in after some history, and past days with two check-ins, give that day's pipeline row", () => {
    let compared = 0;
    people.forEach((person, p) => {
      const rows = pipelineRows(p);
      for (const d of checkInDays(person).filter((d) => d >= 10)) {
        const current = person.days[d]?.checkIn as FeatureSource;
        const history = appHistory(person, d);
        // Today's earlier check-in, and an earlier check-in on every past day of the window.
        const doubled = [earlierSameDay(current), ...history.flatMap((h) => [h, earlierSameDay(h)])];
        expect(app(current, doubled)).toEqual(Array.from(rows.get(d) as Float32Array));
        compared += 1;
      }
    });
    expect(compared).toBeGreaterThan(100);
  });
});
