import { describe, expect, it } from "vitest";
import { ImportFileError } from "@/lib/data/import/import-plan";
import { parseBackup } from "@/lib/data/import/parse-backup";
import { BACKUP_FORMAT, BACKUP_VERSION } from "@/lib/data/your-data/export-data";
import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";

const USER = "6f1c2b1e-0000-4000-8000-000000000001";
const NOW = Date.UTC(2026, 11, 7, 12);

const checkIn = (n: number, extra: Partial<CheckIn> = {}): CheckIn => {
  const at = new Date(Date.UTC(2026, 10, n, 8)).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    user_id: USER, checkin_date: at, created_at: at,
    mood: 6, energy: 5, stress: 4, sleep_hours: 7.5, activity_minutes: 30, notes: `day ${n}`, ...extra,
  };
};
const prediction = (c: CheckIn, extra: Partial<Prediction> = {}): Prediction => ({
  id: c.id.replace("4000-8000", "4000-9000"), user_id: USER, checkin_id: c.id, prediction_type: "mood_tomorrow",
  model_name: "mood_tomorrow", model_version: "1.0.0", label: null, score: 6.2, probabilities: null, created_at: c.created_at, ...extra,
});
const backup = (check_ins: unknown[], predictions: unknown[], head: Record<string, unknown> = { format: BACKUP_FORMAT, version: BACKUP_VERSION }) =>
  JSON.stringify({ ...head, exported_at: "2026-12-07T10:00:00.000Z", user_id: USER, check_ins, predictions }, null, 2);

describe("parseBackup", () => {
  it("reads every row of a backup as it was written, predictions included", () => {
    const rows = [checkIn(1), checkIn(2)];
    const preds = [prediction(rows[0]!), prediction(rows[1]!, { prediction_type: "burnout_risk", label: "low", score: 0.8, probabilities: [0.8, 0.2] })];
    const parsed = parseBackup(backup(rows, preds), { now: NOW });
    expect(parsed).toMatchObject({ version: 1, exportedBy: USER, exportedAt: "2026-12-07T10:00:00.000Z" });
    expect(parsed.plan).toMatchObject({ source: "backup", checkIns: rows, predictions: preds, problems: [] });
  });

  it("reads a file of an earlier build (no format, no version) as version 1", () => {
    const parsed = parseBackup(backup([checkIn(1)], [], {}), { now: NOW });
    expect(parsed.version).toBe(1);
    expect(parsed.plan.checkIns).toHaveLength(1);
  });

  it("refuses a backup of a future version, and files that are not backups, saying why", () => {
    expect(() => parseBackup(backup([], [], { format: BACKUP_FORMAT, version: BACKUP_VERSION + 1 }))).toThrow(
      new ImportFileError(
        `This backup was made by a newer version of the app (backup version ${BACKUP_VERSION + 1}; this one reads up to version ${BACKUP_VERSION}). Reload the app to update it, then import again. Nothing was imported.`,
      ),
    );
    expect(() => parseBackup(backup([], [], { format: "other-app" }))).toThrow(/not a backup of this app \(its format is "other-app"/);
    expect(() => parseBackup("[1, 2]")).toThrow(/not a backup of this app/);
  });

  it("leaves out bad rows with their line, field and why, and the predictions of a row left out", () => {
    const good = checkIn(1);
    const bad = checkIn(2, { mood: 11, sleep_hours: 7.55 });
    const future = checkIn(3, { checkin_date: "2026-12-09T12:00:00.000Z" });
    const text = backup([good, bad, future], [prediction(good), prediction(bad), prediction(good, { id: "not-a-uuid", score: Number.NaN })]);
    const { plan } = parseBackup(text, { now: NOW });
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) ; // 0-based line of the row's first key = brace line
    expect(plan.checkIns).toEqual([good]);
    expect(plan.predictions).toEqual([prediction(good)]);
    expect(plan.problems).toEqual([
      { line: lineOf(`"id": "${bad.id}"`), field: "mood", message: "check_ins[1]: Mood must be at most 10." },
      { line: lineOf(`"id": "${bad.id}"`), field: "sleep_hours", message: "check_ins[1]: Sleep takes at most one decimal (e.g. 7.5)." },
      { line: lineOf(`"id": "${future.id}"`), field: "checkin_date", message: "check_ins[2]: checkin_date is more than a day in the future." },
      { line: lineOf(`"id": "${prediction(bad).id}"`), field: "checkin_id", message: "predictions[1]: its check-in is not in the file, or was skipped above; the prediction is skipped with it." },
      { line: lineOf(`"id": "not-a-uuid"`), field: "id", message: "predictions[2]: id must be a UUID." },
      // JSON has no NaN: JSON.stringify wrote null.
      { line: lineOf(`"id": "not-a-uuid"`), field: "score", message: "predictions[2]: score must be a finite number." },
    ]);
    expect(plan.lines.get(good.id)).toBe(lineOf(`"id": "${good.id}"`));
  });

  it("accepts what the database accepts: energy and stress empty (a Daylio row restored), never an empty mood", () => {
    const daylio = checkIn(1, { energy: null, stress: null });
    const { plan } = parseBackup(backup([daylio, checkIn(2, { mood: null as unknown as number })], []), { now: NOW });
    expect(plan.checkIns).toEqual([daylio]);
    expect(plan.problems.map((p) => [p.field, p.message])).toEqual([["mood", "check_ins[1]: Mood must be a number from 1 to 10."]]);
  });

  it("refuses a row of another user inside the file, and a second copy of an id", () => {
    const a = checkIn(1);
    const { plan } = parseBackup(backup([a, { ...a }, checkIn(2, { user_id: "someone-else" })], []), { now: NOW });
    expect(plan.checkIns).toEqual([a]);
    expect(plan.problems.map((p) => [p.field, p.message.split(":")[0]])).toEqual([
      ["id", "check_ins[1]"],
      ["user_id", "check_ins[2]"],
    ]);
  });
});

describe("parseBackup on a broken file", () => {
  it("names the line and column where the JSON breaks, and a file cut short", () => {
    expect(() => parseBackup('{\n  "user_id": "x",\n  "check_ins": [,]\n}')).toThrow(/not valid JSON \(line 3, column 17\)/);
    expect(() => parseBackup('{\n  "user_id": "x",\n  "check_ins": [{"a": 1}')).toThrow(/not valid JSON \(it ends too early; was the download cut short\?\)/);
  });
});
