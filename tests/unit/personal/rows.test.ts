import { describe, expect, it } from "vitest";
import { calendarDay } from "@/lib/features/calendar-day";
import { extractFeatures } from "@/lib/features/extract";
import { historyWindowStart } from "@/lib/features/history-window";
import { buildRows } from "@/lib/personal/rows";
import { labels } from "@/lib/personal/build-personal-model";
import { TARGETS } from "@/lib/personal/targets";
import type { PersonalCheckIn } from "@/lib/personal/types";
import { generic } from "./support";

const ZONE = "America/New_York";

/**
 * Two check-ins on most evenings in New York (18:30 and 22:45 local: the second is already tomorrow in UTC), a gap,
 * and a day whose next day has no check-in. Scores vary by day and by check-in so that taking the wrong one shows.
 */
function history(): PersonalCheckIn[] {
  const out: PersonalCheckIn[] = [];
  for (let d = 0; d < 40; d++) {
    if (d === 17 || d === 18) continue; // a gap: day 16 has no next day
    for (const [i, utc] of [
      [0, "23:30"],
      [1, "03:45"],
    ] as const) {
      if (i === 1 && d % 3 === 0) continue; // some evenings only once
      const date = new Date(Date.UTC(2026, 2, 1 + d + i));
      const iso = `${date.toISOString().slice(0, 10)}T${utc}:00Z`;
      out.push({
        id: `d${d}-${i}`,
        checkin_date: iso,
        mood: 1 + ((d * 3 + i * 5) % 10),
        energy: 1 + ((d * 7 + i * 2) % 10),
        stress: 1 + ((d * 5 + i * 3) % 10),
        sleep_hours: d % 4 === 0 ? null : 5 + (d % 5),
        activity_minutes: i === 1 ? null : 10 * (d % 6),
      });
    }
  }
  return out;
}

describe("buildRows", () => {
  it("one row per local day with a next day: the app's features of the day's latest check-in, the target from the next day's latest", () => {
    const { entry } = generic("stress_forecast");
    const all = history();
    const rows = buildRows(entry.features, [...all].reverse(), ZONE);
    const latest = new Map<number, PersonalCheckIn>();
    for (const c of [...all].sort((a, b) => Date.parse(a.checkin_date) - Date.parse(b.checkin_date))) {
      latest.set(calendarDay(c.checkin_date, ZONE) as number, c);
    }
    const scored = [...latest.keys()].filter((d) => latest.has(d + 1)).sort((a, b) => a - b);
    expect(rows.nRows).toBe(scored.length);
    expect(rows.days).toEqual(scored);
    scored.forEach((day, r) => {
      const current = latest.get(day) as PersonalCheckIn;
      const next = latest.get(day + 1) as PersonalCheckIn;
      // What the app reads for a prediction at `current` (run-predictions with lib/features/history-window.ts).
      const start = Date.parse(historyWindowStart(current.checkin_date, ZONE));
      const earlier = all
        .filter((c) => Date.parse(c.checkin_date) >= start && Date.parse(c.checkin_date) < Date.parse(current.checkin_date))
        .sort((a, b) => Date.parse(b.checkin_date) - Date.parse(a.checkin_date));
      const expected = extractFeatures(entry.features, current, earlier, { timeZone: ZONE });
      expect(Array.from(rows.x.subarray(r * rows.nFeatures, (r + 1) * rows.nFeatures)), `day ${day}`).toEqual(Array.from(expected));
      expect(rows.today[r]).toEqual({ mood: current.mood, energy: current.energy, stress: current.stress });
      expect(rows.next[r]).toEqual({ mood: next.mood, energy: next.energy, stress: next.stress });
    });
    // The evening's second check-in (after midnight UTC) is the day's latest, not the next day's.
    const second = all.find((c) => c.id === "d1-1") as PersonalCheckIn;
    expect(rows.today[rows.days.indexOf(calendarDay(second.checkin_date, ZONE) as number)]?.stress).toBe(second.stress);
    expect(rows.days).not.toContain(calendarDay((all.find((c) => c.id === "d16-0") as PersonalCheckIn).checkin_date, ZONE));
  });

  it("leaves out check-ins whose date cannot be read, as the track record does", () => {
    const { entry } = generic("stress_forecast");
    const all = history();
    const withBad = [...all, { ...(all[0] as PersonalCheckIn), id: "bad", checkin_date: "03/10/2026" }];
    expect(buildRows(entry.features, withBad, ZONE)).toEqual(buildRows(entry.features, all, ZONE));
  });

  // Rows imported from Daylio have no energy or stress: a pair that lacks what a target reads is no row for it.
  it("leaves out, per target, the days whose pair has no energy (dip) or stress (stress), and keeps them for mood", () => {
    const all = history().map((c) => (/^d(1[0-4])-/.test(c.id) ? { ...c, energy: null, stress: null } : c));
    const complete = history();
    const rowsOf = (type: "mood_tomorrow" | "energy_dip" | "stress_forecast", checkIns: PersonalCheckIn[]) =>
      buildRows(generic(type).entry.features, checkIns, ZONE, TARGETS[type].observes);
    expect(rowsOf("mood_tomorrow", all).nRows).toBe(rowsOf("mood_tomorrow", complete).nRows);
    for (const type of ["energy_dip", "stress_forecast"] as const) {
      const rows = rowsOf(type, all);
      // Days 9..14 pair with a blank day (9 with 10, 10..14 with themselves or 15): six fewer rows.
      expect(rows.nRows).toBe(rowsOf(type, complete).nRows - 6);
      expect(rows.today.every((t, r) => t.energy !== null && rows.next[r]?.energy !== null)).toBe(true);
      expect(Array.from(labels(TARGETS[type], rows)).every(Number.isFinite)).toBe(true);
    }
    expect(() => TARGETS.stress_forecast.label({ mood: 5, energy: 5, stress: 5 }, { mood: 5, energy: null, stress: null })).toThrow(/no stress/);
  });
});
