/**
 * Daylio's CSV export, as its app writes it (Settings → Export → CSV): one row per entry, newest first, with the
 * header `full_date,date,weekday,time,mood,activities,note_title,note`. `full_date` is YYYY-MM-DD; `time` is the
 * entry's local wall-clock time in the phone's 12- or 24-hour format ("8:00 PM", "20:00"); `mood` is the mood's label,
 * which the person may have renamed or added to; `activities` are joined with " | ". Daylio has no energy or stress.
 */
export const DAYLIO_COLUMNS = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"] as const;
export type DaylioColumn = (typeof DAYLIO_COLUMNS)[number];

/** Daylio's five mood levels, best first, under their default (English) labels. */
export const DAYLIO_LEVELS = ["rad", "good", "meh", "bad", "awful"] as const;
export type DaylioLevel = (typeof DAYLIO_LEVELS)[number];

/**
 * Where each level lands on our 1–10 scale, shown to the person (and changeable) before anything is written. Spread
 * over the scale so that the mood classes the models and the track record use (low 1–4, steady 5–7, high 8–10,
 * lib/predictions/track-record.ts) read them as a person would: awful and bad are low, meh is steady, good and rad
 * are high.
 */
export const DEFAULT_LEVEL_SCORES: Readonly<Record<DaylioLevel, number>> = { rad: 10, good: 8, meh: 6, bad: 3, awful: 1 };

/** The default label's level, compared without case or surrounding spaces; null for a renamed or added mood. */
export function levelOf(label: string): DaylioLevel | null {
  const key = label.trim().toLowerCase();
  return (DAYLIO_LEVELS as readonly string[]).includes(key) ? (key as DaylioLevel) : null;
}

/** The separator Daylio writes between activities. */
export const ACTIVITY_SEPARATOR = " | ";
