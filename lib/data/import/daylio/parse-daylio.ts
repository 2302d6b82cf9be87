import { ImportFileError, type ImportProblem } from "@/lib/data/import/import-plan";
import { FORMULA_START } from "./compose-notes";
import { ACTIVITY_SEPARATOR, DAYLIO_COLUMNS, type DaylioColumn, type DaylioLevel, levelOf } from "./daylio-format";
import { readCsvRecords } from "./csv-records";

/** One Daylio entry as read, before its mood label has a score. */
export type DaylioEntry = {
  /** The 1-based line of the file the entry starts on. */
  line: number;
  /** YYYY-MM-DD, the entry's local date. */
  date: string;
  /** Minutes after local midnight. */
  minutes: number;
  /** The mood label as written (trimmed). */
  mood: string;
  activities: string[];
  noteTitle: string;
  note: string;
};

/** A mood label found in the file: how many entries carry it, and Daylio's level when it is a default label. */
export type DaylioMoodLabel = { label: string; entries: number; level: DaylioLevel | null };

export type DaylioFile = {
  entries: DaylioEntry[];
  /** Rows skipped, by line, field and why. */
  problems: ImportProblem[];
  /** Every mood label, default levels first (best first), then renamed ones by how often they appear. */
  moods: DaylioMoodLabel[];
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// "20:00", "8:00", "8:00 PM", "8:00pm", "08:00 a.m.", and "20:00:00" from some exports.
const TIME = /^(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:([ap])\.?\s?m\.?)?$/i;

/**
 * Reads a Daylio CSV export. The header must name Daylio's columns (in any order; other columns are ignored), or the
 * file is refused with an ImportFileError that names what is missing. Each bad row is a problem with its line, field
 * and reason, and the rest are read; several entries of one day are all kept, each at its own time.
 */
export function parseDaylioCsv(text: string): DaylioFile {
  const records = readCsvRecords(text);
  const header = records[0];
  if (!header) throw new ImportFileError("The file is empty: a Daylio export starts with the line full_date,date,weekday,time,mood,activities,note_title,note.");
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = DAYLIO_COLUMNS.filter((c) => !names.includes(c));
  if (header.error !== null || missing.length > 0) {
    throw new ImportFileError(
      `This is not a Daylio CSV export: its first line should name the columns ${DAYLIO_COLUMNS.join(",")}` +
        (missing.length > 0 ? `, and it lacks ${missing.join(", ")}.` : ` (${header.error}).`) +
        " In Daylio: More → Export entries → CSV.",
    );
  }
  const index = Object.fromEntries(DAYLIO_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<DaylioColumn, number>;

  const entries: DaylioEntry[] = [];
  const problems: ImportProblem[] = [];
  for (const record of records.slice(1)) {
    const problem = (field: DaylioColumn | null, message: string) => problems.push({ line: record.line, field, message });
    if (record.error !== null) {
      problem(null, `Not a well-formed CSV row: ${record.error}.`);
      continue;
    }
    if (record.fields.length !== names.length) {
      problem(null, `Has ${record.fields.length} fields where the header has ${names.length} (a note with a comma or a line break must be in double quotes).`);
      continue;
    }
    const cell = (c: DaylioColumn) => record.fields[index[c]] as string;
    // The columns the import reads as data, not text: a formula there is no date, time or mood, and not imported.
    const formula = (["full_date", "time", "mood"] as const).find((c) => FORMULA_START.test(cell(c)));
    if (formula) {
      problem(formula, `Starts with ${printable(cell(formula)[0] as string)} like a spreadsheet formula (CSV injection): not imported.`);
      continue;
    }
    const date = readDate(cell("full_date").trim());
    if (typeof date !== "string") {
      problem("full_date", date.error);
      continue;
    }
    const minutes = readTime(cell("time").trim());
    if (typeof minutes !== "number") {
      problem("time", minutes.error);
      continue;
    }
    const mood = cell("mood").trim();
    if (mood === "") {
      problem("mood", "Empty: every Daylio entry has a mood.");
      continue;
    }
    if (mood.length > 100) {
      problem("mood", `A mood label of ${mood.length} characters: Daylio's are short names.`);
      continue;
    }
    const activities = cell("activities")
      .split(ACTIVITY_SEPARATOR.trim())
      .map((a) => a.trim())
      .filter((a) => a !== "");
    entries.push({ line: record.line, date, minutes, mood, activities, noteTitle: cell("note_title"), note: cell("note") });
  }
  return { entries, problems, moods: moodLabels(entries) };
}

function readDate(text: string): string | { error: string } {
  const m = DATE.exec(text);
  if (!m) return { error: `"${clip(text)}" is not a date as Daylio writes it (YYYY-MM-DD, e.g. 2024-03-15).` };
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const back = new Date(t).toISOString().slice(0, 10);
  if (back !== text) return { error: `${text} is not a day of the calendar.` };
  return text;
}

function readTime(text: string): number | { error: string } {
  const m = TIME.exec(text);
  const bad = { error: `"${clip(text)}" is not a time as Daylio writes it ("8:00 PM" or "20:00").` };
  if (!m) return bad;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (minute > 59) return bad;
  if (half) {
    if (hour < 1 || hour > 12) return bad;
    hour = (hour % 12) + (half === "p" ? 12 : 0);
  } else if (hour > 23) return bad;
  return hour * 60 + minute;
}

function moodLabels(entries: readonly DaylioEntry[]): DaylioMoodLabel[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.mood, (counts.get(e.mood) ?? 0) + 1);
  const rank = (l: DaylioMoodLabel) => (l.level === null ? 5 : ["rad", "good", "meh", "bad", "awful"].indexOf(l.level));
  return [...counts]
    .map(([label, n]) => ({ label, entries: n, level: levelOf(label) }))
    .sort((a, b) => rank(a) - rank(b) || b.entries - a.entries || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
const printable = (c: string) => (c === "\t" ? "a tab" : c === "\r" ? "a carriage return" : `"${c}"`);
