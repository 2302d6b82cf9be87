/**
 * A feature's value in the person's own words and numbers ("you slept 5.5 h, 1.8 h under your 7-day average").
 * `row` maps feature names to the values the model saw (NaN = missing). Unknown feature names fall back to
 * "<name> was <value>" so a new model feature never breaks the disclosure.
 */
export function describeFeature(name: string, row: ReadonlyMap<string, number>): string {
  const v = row.get(name) ?? Number.NaN;
  const missing = Number.isNaN(v);
  const num = (x: number, digits = 1) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));
  const versus = (today: number, meanName: string, unit: string) => {
    const mean = row.get(meanName);
    if (mean === undefined || Number.isNaN(mean) || Number.isNaN(today)) return "";
    const diff = today - mean;
    if (Math.abs(diff) < 0.05) return `, the same as your 7-day average`;
    return `, ${num(Math.abs(diff))}${unit} ${diff < 0 ? "under" : "over"} your 7-day average`;
  };
  const score = (what: string) => (missing ? `no ${what} today` : `your ${what} today was ${num(v)} of 10${versus(v, `${what}_mean_7d`, "")}`);
  const mean = (what: string, days: number, unit = "") =>
    missing ? `no ${what} logged in the ${days} days before` : `your ${what} over the ${days} days before averaged ${num(v)}${unit}`;
  const trend = (what: string) => {
    if (missing) return `too few check-ins this week to see a ${what} trend`;
    if (Math.abs(v) < 0.05) return `your ${what} has been level this week`;
    return `your ${what} has been ${v > 0 ? "rising" : "falling"} by ${num(Math.abs(v), 2)} a day this week`;
  };
  switch (name) {
    case "mood":
    case "energy":
    case "stress":
      return score(name);
    case "sleep_hours":
      return missing ? "you left sleep empty today" : `you slept ${num(v)} h${versus(v, "sleep_mean_7d", " h")}`;
    case "activity_minutes":
      return missing ? "you left activity empty today" : `you were active ${num(v, 0)} min today${versus(v, "activity_mean_7d", " min")}`;
    case "day_of_week":
      return missing ? "the weekday is unknown" : `it is a ${WEEKDAYS[v] ?? `day ${v}`}`;
    case "mood_mean_3d":
      return mean("mood", 3);
    case "mood_mean_7d":
      return mean("mood", 7);
    case "energy_mean_3d":
      return mean("energy", 3);
    case "energy_mean_7d":
      return mean("energy", 7);
    case "stress_mean_3d":
      return mean("stress", 3);
    case "stress_mean_7d":
      return mean("stress", 7);
    case "sleep_mean_3d":
      return mean("sleep", 3, " h");
    case "sleep_mean_7d":
      return mean("sleep", 7, " h");
    case "activity_mean_7d":
      return mean("activity", 7, " min");
    case "mood_trend_7d":
      return trend("mood");
    case "energy_trend_7d":
      return trend("energy");
    case "stress_trend_7d":
      return trend("stress");
    case "high_stress_days_7d":
      return missing ? "no stress history this week" : `${num(v, 0)} of the last 7 days had stress 8 or more`;
    case "days_since_last_checkin":
      return missing ? "this is your first check-in" : `your previous check-in was ${num(v, 0)} day${v === 1 ? "" : "s"} before`;
    case "checkins_last_7d":
      return missing ? "no check-ins counted this week" : `you checked in on ${num(v, 0)} of the 7 days before`;
    case "checkins_last_28d":
      return missing ? "no check-ins counted this month" : `you checked in on ${num(v, 0)} of the 28 days before`;
    default:
      return missing ? `${name} is missing` : `${name} was ${num(v, 2)}`;
  }
}

const WEEKDAYS: Record<number, string> = { 0: "Monday", 1: "Tuesday", 2: "Wednesday", 3: "Thursday", 4: "Friday", 5: "Saturday", 6: "Sunday" };
