import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";
import { PREDICTION_TYPES } from "@/lib/domain/prediction";

/**
 * Rows for the import tests: `count` check-ins, `perDay` a day (from 09:00 UTC, an hour apart) on the days before
 * `end`, each with its five predictions.
 */
export function historyRows(
  userId: string,
  count: number,
  end = Date.UTC(2026, 11, 7),
  withPredictions = true,
  perDay = 1,
): { checkIns: CheckIn[]; predictions: Prediction[] } {
  const checkIns: CheckIn[] = [];
  const predictions: Prediction[] = [];
  for (let d = count; d >= 1; d--) {
    const day = Math.ceil(d / perDay);
    const at = new Date(end - day * 86_400_000 + (9 + ((count - d) % perDay)) * 3_600_000).toISOString();
    const c: CheckIn = {
      id: crypto.randomUUID(), user_id: userId, checkin_date: at, created_at: at,
      mood: 1 + (d % 10), energy: 1 + ((d * 3) % 10), stress: 1 + ((d * 7) % 10), sleep_hours: d % 4 === 0 ? null : 6 + (d % 5) / 2,
      activity_minutes: d % 3 === 0 ? null : (d * 7) % 1441, notes: d % 5 === 0 ? `note "${d}", with, commas\nand a line` : null,
    };
    checkIns.push(c);
    if (!withPredictions) continue;
    for (const type of PREDICTION_TYPES) {
      predictions.push({
        id: crypto.randomUUID(), user_id: userId, checkin_id: c.id, prediction_type: type, model_name: type, model_version: "1.0.0",
        label: type === "mood_tomorrow" ? null : "low", score: type === "mood_tomorrow" ? 6.25 : 0.75,
        probabilities: type === "mood_tomorrow" ? null : [0.75, 0.25], created_at: at,
      });
    }
  }
  return { checkIns, predictions };
}

/** A backup file as Download my data writes it (pretty-printed), of `count` check-ins of `userId`'s history. */
export function backupText(userId: string, count: number, options: { end?: number; predictions?: boolean; perDay?: number } = {}): string {
  const { checkIns, predictions } = historyRows(userId, count, options.end, options.predictions ?? true, options.perDay ?? 1);
  const byNewest = <T extends { created_at: string }>(rows: T[]) => [...rows].reverse();
  return JSON.stringify(
    { format: "checkin-app-backup", version: 1, exported_at: new Date().toISOString(), user_id: userId, check_ins: byNewest(checkIns), predictions: byNewest(predictions) },
    null,
    2,
  );
}
