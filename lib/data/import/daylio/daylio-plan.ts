import { derivedUuid } from "@/lib/data/import/adopt-rows";
import type { ImportPlan, ImportProblem } from "@/lib/data/import/import-plan";
import { type CheckIn, storedCheckInSchema } from "@/lib/domain/check-in";
import { composeNotes } from "./compose-notes";
import { DEFAULT_LEVEL_SCORES } from "./daylio-format";
import type { DaylioFile } from "./parse-daylio";
import { wallClockInstant } from "./wall-clock";

/** The score (1–10) each mood label of the file becomes; the person sees it, and sets the renamed ones, first. */
export type MoodMapping = ReadonlyMap<string, number>;

/** The default labels at their default scores; renamed labels are left for the person to assign. */
export function defaultMoodMapping(file: DaylioFile): Map<string, number> {
  const mapping = new Map<string, number>();
  for (const m of file.moods) if (m.level !== null) mapping.set(m.label, DEFAULT_LEVEL_SCORES[m.level]);
  return mapping;
}

/** Labels of the file that have no score yet: the import cannot go on until each has one. */
export function unassignedLabels(file: DaylioFile, mapping: MoodMapping): string[] {
  return file.moods.filter((m) => !mapping.has(m.label)).map((m) => m.label);
}

/** Per row, what was changed to fit (notes cut, a formula neutralised), for the preview. */
export type DaylioNotice = { line: number; message: string };

const EARLIEST = Date.parse("2000-01-01T00:00:00Z");
const DAY_MS = 86_400_000;

/**
 * The plan that stores `file` as `userId`'s check-ins: one per entry, at the entry's local time in `timeZone`, mood
 * from `mapping`, energy and stress empty (Daylio has neither; README), sleep and activity empty, the note title, note
 * and activities in notes. No predictions: nothing the app did not predict is invented.
 *
 * Ids are derived from the person, the entry's date and time and its place among entries of that same minute (a
 * version-8 UUID, as adoptRows makes), so importing the same export again, or a later export that repeats these
 * entries, adds nothing. `now` bounds the dates (a day ahead at most, as the server allows); a date before 2000 or
 * after that is a problem of that row.
 */
export async function buildDaylioPlan(
  file: DaylioFile,
  mapping: MoodMapping,
  options: { userId: string; timeZone: string; now: number },
): Promise<{ plan: ImportPlan; notices: DaylioNotice[] }> {
  const missing = unassignedLabels(file, mapping);
  if (missing.length > 0) throw new RangeError(`Give every mood label a score first: ${missing.join(", ")} has none.`);
  const problems: ImportProblem[] = [...file.problems];
  const notices: DaylioNotice[] = [];
  const checkIns: CheckIn[] = [];
  const lines = new Map<string, number>();
  const seen = new Map<string, number>();
  // Oldest first, as the rows happened; Daylio writes newest first. Equal minutes keep the file's order.
  const ordered = [...file.entries].sort((a, b) => a.date.localeCompare(b.date) || a.minutes - b.minutes || a.line - b.line);
  for (const entry of ordered) {
    const instant = wallClockInstant(entry.date, entry.minutes, options.timeZone);
    if (instant < EARLIEST || instant > options.now + DAY_MS) {
      problems.push({ line: entry.line, field: "full_date", message: `${entry.date} is ${instant < EARLIEST ? "before 2000" : "in the future"}: the app keeps check-ins from 2000-01-01 to today.` });
      continue;
    }
    const minute = `${entry.date}T${String(Math.floor(entry.minutes / 60)).padStart(2, "0")}:${String(entry.minutes % 60).padStart(2, "0")}`;
    const occurrence = seen.get(minute) ?? 0;
    seen.set(minute, occurrence + 1);
    const notes = composeNotes(entry.noteTitle, entry.note, entry.activities);
    if (notes.cut) notices.push({ line: entry.line, message: `Notes: ${notes.cut}.` });
    if (notes.neutralised) notices.push({ line: entry.line, message: "Notes start like a spreadsheet formula: stored with a ' in front, so no spreadsheet runs them." });
    const checkIn: CheckIn = {
      id: await derivedUuid(`daylio:${options.userId}:${minute}#${occurrence}`),
      user_id: options.userId,
      checkin_date: new Date(instant).toISOString(),
      mood: mapping.get(entry.mood) as number,
      energy: null,
      stress: null,
      sleep_hours: null,
      activity_minutes: null,
      notes: notes.notes,
      // When the entry was made, as far as the file says; not the import's clock, so the same file imported again
      // gives identical rows ("already here"), not rows that differ in created_at. (Supabase stamps its own.)
      created_at: new Date(instant).toISOString(),
    };
    const valid = storedCheckInSchema.safeParse(checkIn);
    if (!valid.success) {
      for (const issue of valid.error.issues) problems.push({ line: entry.line, field: issue.path[0] === "notes" ? "note" : (issue.path[0] ?? null), message: issue.message });
      continue;
    }
    checkIns.push(checkIn);
    lines.set(checkIn.id, entry.line);
  }
  problems.sort((a, b) => a.line - b.line);
  notices.sort((a, b) => a.line - b.line);
  return { plan: { source: "daylio", checkIns, predictions: [], problems, lines }, notices };
}
