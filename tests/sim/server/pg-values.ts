import { invalidInput, outOfRange, PgError } from "./pg-error";

/**
 * PostgreSQL's input and output of the column types our tables use, as far as the app's requests reach them: the
 * model stores what PostgreSQL would store and prints it the way PostgreSQL's JSON functions print it (which is what
 * PostgREST sends). Each function names the PostgreSQL routine it imitates.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const UUID = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** uuid_in: hex with optional hyphens or braces; stored and printed lower case, hyphenated. */
export function parseUuid(text: string): string {
  const match = UUID.exec(text);
  if (match === null || (text.startsWith("{") !== text.endsWith("}"))) throw invalidInput("uuid", text);
  return match.slice(1).join("-").toLowerCase();
}

const INTEGER = /^\s*([+-]?)(\d+)\s*$/;

/** int2in / int8in for decimal input (PostgreSQL 16's hex, octal and underscores are outside what the app sends). */
export function parseInteger(text: string, type: "smallint" | "bigint"): number {
  const match = INTEGER.exec(text);
  if (match === null) throw invalidInput(type, text);
  const value = BigInt(match[1]! + match[2]!);
  const limit = type === "smallint" ? 32767n : 9223372036854775807n;
  if (value > limit || value < -limit - 1n) throw outOfRange(type, text);
  // change_seq and epoch stay far below 2^53 in any test; a value past it would lose digits silently, so refuse it.
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new PgError("MODEL", `the model keeps integers below 2^53: ${text}`);
  return Number(value);
}

const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

type Decimal = { negative: boolean; digits: string; scale: number };

/** numeric_in's syntax: digits with an optional point and exponent; `scale` = digits after the point. */
function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL.exec(text);
  if (match === null || (match[2] === "" && (match[3] ?? "") === "")) return null;
  const frac = match[3] ?? "";
  const exponent = Number(match[4] ?? "0");
  return { negative: match[1] === "-", digits: (match[2] ?? "") + frac, scale: frac.length - exponent };
}

/** numeric_out of a decimal: plain notation, `scale` digits after the point (never negative), no negative zero. */
function decimalText({ negative, digits, scale }: Decimal): string {
  let d = digits;
  let s = scale;
  if (s < 0) {
    d += "0".repeat(-s);
    s = 0;
  }
  d = d.padStart(s + 1, "0");
  const whole = d.slice(0, d.length - s).replace(/^0+(?=\d)/, "");
  const text = s === 0 ? whole : `${whole}.${d.slice(d.length - s)}`;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/**
 * The numeric text jsonb keeps for a JSON number. The model reads bodies with JSON.parse, so a number's text is
 * JavaScript's shortest form (what JSON.stringify sent); "1e-7" becomes numeric 0.0000001, as numeric_in makes it.
 */
export function numericText(value: number): string {
  const decimal = parseDecimal(String(value));
  if (decimal === null) throw new PgError("MODEL", `not a finite JSON number: ${value}`);
  return decimalText(decimal);
}

/** numeric_in with typmod (3,1), as `sleep_hours numeric(3, 1)` stores it: rounded half away from zero to one place. */
export function parseNumeric31(text: string): string {
  const decimal = parseDecimal(text);
  if (decimal === null) throw invalidInput("numeric", text);
  let { digits, scale } = decimal;
  if (scale < 1) {
    digits += "0".repeat(1 - scale);
    scale = 1;
  }
  digits = digits.padStart(scale, "0");
  let kept = BigInt(digits.slice(0, digits.length - (scale - 1)) || "0");
  const dropped = digits.slice(digits.length - (scale - 1));
  if (dropped !== "" && dropped[0]! >= "5") kept += 1n;
  if (kept >= 1000n) {
    throw new PgError("22003", "numeric field overflow", "A field with precision 3, scale 1 must round to an absolute value less than 10^2.");
  }
  return decimalText({ negative: decimal.negative, digits: kept.toString(), scale: 1 });
}

const FLOAT_WORDS = /^\s*([+-]?)(inf|infinity|nan)\s*$/i;

/** float8in: decimal text, or Infinity/NaN in any case. */
export function parseFloat8(text: string): number {
  const word = FLOAT_WORDS.exec(text);
  if (word !== null) return word[2]!.toLowerCase() === "nan" ? NaN : word[1] === "-" ? -Infinity : Infinity;
  if (parseDecimal(text) === null) throw invalidInput("double precision", text);
  const value = Number(text.trim());
  if (!Number.isFinite(value)) throw new PgError("22003", `"${text}" is out of range for type double precision`);
  return value;
}

/**
 * float8out with extra_float_digits = 1 (PostgreSQL 12+): the shortest digits that read back exactly, in fixed
 * notation when the decimal exponent is from -4 to 14 and as 1e-07 / 1.5e+15 otherwise (common/d2s.c).
 */
export function formatFloat8(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa, exponentText] = value.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 15) return String(value);
  return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

// Timestamps: microseconds since 1970-01-01 UTC, as bigint (PostgreSQL keeps microseconds; Date keeps milliseconds).

const TIMESTAMP = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|t|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?\s*$/;

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (month <= 2 ? 1 : 0), month, day];
}

const daysInMonth = (year: number, month: number) => daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);

/**
 * timestamptz_in for ISO 8601 forms (what toISOString and PostgREST print, with T or a space, an optional fraction and
 * an offset; no offset = the session's UTC). Other forms PostgreSQL accepts ("now", "Tue Nov 3 …") are not imitated
 * and answer 22007 here; the app never sends them.
 */
export function parseTimestamptz(text: string): bigint {
  const match = TIMESTAMP.exec(text);
  if (match === null) throw new PgError("22007", `invalid input syntax for type timestamp with time zone: "${text}"`);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? "0")) as [number, number, number, number, number, number];
  const outOfRangeField = (hint: string | null = null) => new PgError("22008", `date/time field value out of range: "${text}"`, null, hint);
  // A month past 12 may be a day in another DateStyle, so PostgreSQL adds a hint there (DTERR_MD_FIELD_OVERFLOW).
  if (month > 12) throw outOfRangeField('Perhaps you need a different "datestyle" setting.');
  if (month < 1 || day < 1 || day > daysInMonth(year, month)) throw outOfRangeField();
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0 || /[1-9]/.test(match[7] ?? "")))) throw outOfRangeField();
  const fraction = match[7] ?? "";
  // PostgreSQL rounds a fraction past microseconds to the nearest microsecond.
  let micros = BigInt((fraction + "000000").slice(0, 6));
  if (fraction.length > 6 && fraction[6]! >= "5") micros += 1n;
  let offsetSeconds = 0;
  const zone = match[8];
  if (zone !== undefined && /^[+-]/.test(zone)) {
    const parts = zone.slice(1).replace(/:/g, "");
    offsetSeconds = (Number(parts.slice(0, 2)) * 3600 + Number(parts.slice(2, 4) || "0") * 60 + Number(parts.slice(4, 6) || "0")) * (zone[0] === "-" ? -1 : 1);
  }
  const seconds = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second - offsetSeconds);
  return seconds * 1_000_000n + micros;
}

/** The JSON form of a timestamptz in a UTC session (to_json, and so PostgREST): 2026-11-03T20:30:00.5+00:00. */
export function formatTimestamptz(micros: bigint): string {
  const seconds = micros >= 0n ? micros / 1_000_000n : -((-micros + 999_999n) / 1_000_000n);
  const fraction = Number(micros - seconds * 1_000_000n);
  const days = Number(seconds >= 0n ? seconds / 86400n : -((-seconds + 86399n) / 86400n));
  const inDay = Number(seconds - BigInt(days) * 86400n);
  const [year, month, day] = civilFromDays(days);
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(Math.floor(inDay / 3600))}:${two(Math.floor((inDay % 3600) / 60))}:${two(inDay % 60)}`;
  const frac = fraction === 0 ? "" : `.${String(fraction).padStart(6, "0").replace(/0+$/, "")}`;
  return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}T${time}${frac}+00:00`;
}

export const millisToMicros = (ms: number) => BigInt(Math.round(ms)) * 1000n;

/** char_length: code points, not UTF-16 units (an emoji is one character to PostgreSQL, two to String.length). */
export const charLength = (text: string) => [...text].length;

/**
 * The text PostgreSQL's json(b)_to_record(set) hands to a column's input function for a JSON value: a string as is,
 * a number as numeric text, true/false, and an object or array as its jsonb text. null stays SQL null.
 */
export function jsonToText(value: Json): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") return numericText(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return jsonbText(value);
}

/**
 * jsonb_out: keys in jsonb's order (shorter first, then bytewise), ", " and ": " between items, numbers as numeric.
 * Strings are escaped as PostgreSQL's escape_json does, which matches JSON.stringify for well-formed text.
 */
export function jsonbText(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numericText(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  const keys = Object.keys(value).sort(jsonbKeyOrder);
  return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText(value[key]!)}`).join(", ")}}`;
}

/** jsonb sorts object keys by byte length, then by bytes (lengthCompareJsonbStringValue). */
export function jsonbKeyOrder(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length !== y.length ? x.length - y.length : Buffer.compare(x, y);
}

/** Does any string (or key) in this JSON hold U+0000, which no PostgreSQL text or jsonb can store? */
export function containsNul(value: Json): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  return false;
}
