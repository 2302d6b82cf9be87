import { listAllLocalCheckIns } from "@/lib/data/local/local-check-ins";
import type { LocalStore } from "@/lib/data/local/local-db";
import { listAllLocalPredictions } from "@/lib/data/local/local-predictions";
import type { CheckIn } from "@/lib/domain/check-in";
import { CHECK_IN_COLUMNS, type CheckInColumn } from "@/lib/domain/check-in-row";
import type { Prediction } from "@/lib/domain/prediction";

/** The JSON file's `format`: what Import recognises as our own backup (lib/data/import/parse-backup.ts). */
export const BACKUP_FORMAT = "checkin-app-backup";
/**
 * The file's `version`. Raise it when a file of the new shape could not be read by the old parser (a new field that
 * must not be dropped, a changed meaning); Import refuses a version above the one it knows instead of losing data.
 * Files of builds before `format` existed have the same shape and are read as version 1.
 */
export const BACKUP_VERSION = 1;

export type DataExport = {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exported_at: string;
  user_id: string;
  check_ins: CheckIn[];
  predictions: Prediction[];
};

/** Everything this app holds for a user, from the local store (which the sync engine keeps complete). */
export async function collectUserData(store: LocalStore, userId: string): Promise<DataExport> {
  const [checkIns, predictions] = await Promise.all([listAllLocalCheckIns(store, userId), listAllLocalPredictions(store, userId)]);
  predictions.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exported_at: new Date().toISOString(), user_id: userId, check_ins: checkIns, predictions };
}

/** Every column of a check-in but `user_id` (the file is one person's), in the table's order. */
export const CHECK_IN_CSV_COLUMNS = CHECK_IN_COLUMNS.filter((c): c is Exclude<CheckInColumn, "user_id"> => c !== "user_id");
export const PREDICTION_CSV_COLUMNS = ["id", "checkin_id", "prediction_type", "model_name", "model_version", "label", "score", "probabilities", "created_at"] as const;

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; null is an empty field. */
export function toCsv<T extends Record<string, unknown>>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  const field = (value: unknown): string => {
    if (value === null || value === undefined) return "";
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    // A leading = + - @ would make a spreadsheet run the cell as a formula (CSV injection): prefix a quote mark.
    const safe = /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => field(r[c])).join(","))].join("\r\n") + "\r\n";
}
