import { FeatureExtractionError } from "./feature-extraction-error";

const MS_PER_DAY = 86_400_000;

/**
 * The IANA time zone this browser (or Node process) runs in, e.g. "America/New_York": the zone whose wall calendar a
 * person reads their days from. Falls back to "UTC" where the runtime reports none (some stripped-down ICU builds).
 */
export function browserTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return typeof zone === "string" && zone.length > 0 ? zone : "UTC";
}

// Constructing an Intl.DateTimeFormat costs tens of microseconds (it loads the zone's ICU data); formatting with one
// costs about one. Feature extraction converts every history entry, so keep one per zone. Only valid zones are kept,
// so bad input cannot grow the cache.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", era: "short" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Throws a `FeatureExtractionError` unless `timeZone` is an IANA zone name this runtime knows ("UTC" included).
 * There is deliberately no default: a silent fallback to UTC is the bug that puts a 21:00 New York check-in on the
 * next day.
 */
export function assertTimeZone(timeZone: unknown, where = "timeZone"): asserts timeZone is string {
  if (typeof timeZone === "string" && timeZone.length > 0) {
    if (timeZone === "UTC") return;
    try {
      formatterFor(timeZone);
      return;
    } catch {
      // RangeError: unknown zone; reported below with what to pass instead.
    }
  }
  const got = typeof timeZone === "string" ? `"${timeZone}"` : timeZone === null ? "null" : typeof timeZone;
  throw new FeatureExtractionError(
    `${where} must be an IANA time zone name such as "America/New_York" or "UTC" (in the browser: ` +
      `Intl.DateTimeFormat().resolvedOptions().timeZone, see browserTimeZone()), got ${got}.`,
  );
}

/**
 * The local calendar day, in `timeZone`, of the instant `epochMs`, as whole days since 1970-01-01.
 * `timeZone` must already be valid (see `assertTimeZone`).
 */
export function localDayOfInstant(epochMs: number, timeZone: string): number {
  if (timeZone === "UTC") return Math.floor(epochMs / MS_PER_DAY);
  let year = 0;
  let month = 0;
  let day = 0;
  let bc = false;
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
    else if (part.type === "era") bc = part.value === "BC";
  }
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

/**
 * The first instant (epoch ms) of local calendar day `day` in `timeZone`: local 00:00, or the first minute that
 * exists where a DST jump skips midnight. Searched for rather than computed from one offset lookup, so a transition
 * between the UTC guess and local midnight (e.g. São Paulo's old midnight jumps) cannot shift it by an hour.
 */
export function startOfLocalDay(day: number, timeZone: string): number {
  if (timeZone === "UTC") return day * MS_PER_DAY;
  // UTC offsets lie within −12:00…+14:00, so local midnight lies within these bounds (with an hour to spare).
  let before = day * MS_PER_DAY - 15 * 3_600_000; // local day < `day`
  let after = day * MS_PER_DAY + 13 * 3_600_000; // local day ≥ `day`
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (localDayOfInstant(mid, timeZone) >= day) after = mid;
    else before = mid;
  }
  return after;
}
