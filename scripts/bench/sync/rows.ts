import { PREDICTION_TYPES } from "@/lib/domain/prediction";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";

/**
 * The benchmark's history: `count` check-ins of one person, one a day going back from yesterday (several a day past
 * 1,000, a few minutes apart), each with the five predictions a save makes. Deterministic for a person (ids from the
 * person's id and the index).
 */
export type BenchRows = { checkIns: CheckIn[]; predictions: Prediction[] };

// The person's id leads every row id: ids are global keys, and a second size's rows must not collide with the first's
// (a push takes an id already on the server as "sent", which would hide rows from the count).
const uuid = (userId: string, kind: number, i: number) => `${userId.slice(0, 8)}-0000-4000-8${kind}00-${i.toString(16).padStart(12, "0")}`;

export function benchRows(userId: string, count: number, now = Date.now()): BenchRows {
  const checkIns: CheckIn[] = [];
  const predictions: Prediction[] = [];
  const yesterday = now - 86_400_000;
  for (let i = 0; i < count; i += 1) {
    // Newest first by index; at most a few years back (012 refuses neither old nor, within a day, future dates).
    const at = new Date(yesterday - (i % 1_000) * 86_400_000 - Math.floor(i / 1_000) * 300_000).toISOString();
    const checkIn: CheckIn = {
      id: uuid(userId, 0, i),
      user_id: userId,
      checkin_date: at,
      created_at: at,
      mood: 1 + (i % 10),
      energy: 1 + ((i * 3) % 10),
      stress: 1 + ((i * 7) % 10),
      sleep_hours: i % 4 === 0 ? null : 4 + (i % 9),
      activity_minutes: i % 5 === 0 ? null : (i * 13) % 120,
      notes: i % 3 === 0 ? null : `bench check-in ${i}`,
    };
    checkIns.push(checkIn);
    PREDICTION_TYPES.forEach((type, t) => {
      const classifier = type !== "sleep_quality";
      predictions.push({
        id: uuid(userId, t + 1, i),
        user_id: userId,
        checkin_id: checkIn.id,
        prediction_type: type,
        model_name: `${type}_bench`,
        model_version: "1",
        label: classifier ? "steady" : null,
        score: classifier ? 0.5 : 6.5,
        probabilities: classifier ? [0.25, 0.5, 0.25] : null,
        created_at: at,
      });
    });
  }
  return { checkIns, predictions };
}
