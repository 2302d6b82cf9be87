import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * A Daylio CSV export written from Daylio's documented format (More → Export entries → CSV): a byte order mark, CRLF
 * records, the header full_date,date,weekday,time,mood,activities,note_title,note, newest first, 12- and 24-hour times,
 * several entries on one day, renamed moods ("sleepy", "Stressed out", "Good"), activities joined with " | ", and
 * quoted notes holding commas, a line break and doubled quotes.
 */
export const DAYLIO_SAMPLE_PATH = path.resolve(import.meta.dirname, "daylio-export.csv");
export const DAYLIO_SAMPLE = readFileSync(DAYLIO_SAMPLE_PATH, "utf8");
