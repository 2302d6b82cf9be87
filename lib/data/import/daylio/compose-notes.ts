import { CHECKIN_LIMITS } from "@/lib/domain/check-in";

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (CSV injection: `=HYPERLINK(…)`, `@SUM(…)`).
 * Our own CSV export guards its cells (lib/data/your-data/export-data.ts); a note imported from Daylio is guarded when
 * it is stored too, because other tools export the same rows (Supabase's table editor downloads CSV as stored).
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

const MAX = CHECKIN_LIMITS.notes.maxLength;
const ELLIPSIS = "…";

/** What became of a row's note title, note and activities. */
export type ComposedNotes = {
  /** Title, note and "Activities: a, b" on their own lines; null when all three are empty. */
  notes: string | null;
  /** What had to be cut to fit the 2,000-character limit, in words for the person; null when nothing was. */
  cut: string | null;
  /** True when the notes started like a formula and got a ' in front. */
  neutralised: boolean;
};

/**
 * One check-in's notes from a Daylio entry. Within the limit the person's own words come first: the activities line
 * is kept whole (it is short and says what the day held), then the title, and the note is cut at its end; only when
 * the title and activities alone are too long are they cut too. A cut never splits a character (a surrogate pair),
 * which the notes' rules would refuse, and ends in "…".
 */
export function composeNotes(title: string, note: string, activities: readonly string[]): ComposedNotes {
  const t = title.trim();
  const body = note.trim();
  const acts = activities.length > 0 ? `Activities: ${activities.join(", ")}` : "";
  const full = join(t, body, acts);
  if (full === "") return { notes: null, cut: null, neutralised: false };
  const guard = (s: string) => (FORMULA_START.test(s) ? { text: `'${s}`, neutralised: true } : { text: s, neutralised: false });
  const whole = guard(full);
  if (whole.text.length <= MAX) return { notes: whole.text, cut: null, neutralised: whole.neutralised };

  const prefix = whole.neutralised ? 1 : 0;
  // Room for the note once the title, the activities, the line breaks and the ellipsis are in.
  const fixed = join(t, "x", acts).length - 1 + prefix + ELLIPSIS.length;
  let composed: string;
  let cut: string;
  if (fixed < MAX && body !== "") {
    const kept = cutTo(body, MAX - fixed);
    composed = join(t, kept + ELLIPSIS, acts);
    cut = `note cut from ${count(body)} to ${count(kept)} characters`;
  } else {
    // Title and activities alone do not fit (a title of thousands of characters): cut the whole text at its end.
    const kept = cutTo(full, MAX - prefix - ELLIPSIS.length);
    composed = kept + ELLIPSIS;
    cut = `title, note and activities cut from ${count(full)} to ${count(kept)} characters (the end is missing)`;
  }
  const guarded = guard(composed);
  return { notes: guarded.text, cut: `${cut} to fit the 2,000-character limit of notes`, neutralised: guarded.neutralised };
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== "").join("\n");
}

/** The longest start of `s` that is at most `max` UTF-16 units and ends on a whole character. */
function cutTo(s: string, max: number): string {
  let end = Math.max(0, max);
  const code = s.charCodeAt(end - 1);
  if (end > 0 && end < s.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return s.slice(0, end);
}

const count = (s: string) => s.length.toLocaleString("en");
