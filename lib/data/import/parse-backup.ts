import { type ImportPlan, type ImportProblem, ImportFileError } from "@/lib/data/import/import-plan";
import { jsonRowLines } from "@/lib/data/import/json-row-lines";
import { jsonSyntaxErrorAt } from "@/lib/data/import/json-syntax-error";
import { BACKUP_FORMAT, BACKUP_VERSION } from "@/lib/data/your-data/export-data";
import { type CheckIn, storedCheckInSchema } from "@/lib/domain/check-in";
import { isPredictionType, type Prediction } from "@/lib/domain/prediction";

/** A backup read and checked: its rows still belong to `exportedBy` (adoptRows makes them someone else's). */
export type ParsedBackup = { version: number; exportedBy: string; exportedAt: string | null; plan: ImportPlan };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** The database's CHECKs on checkin_date (012: at most a day ahead of the server's clock; 014: from 2000 on). */
const EARLIEST_CHECK_IN = Date.UTC(2000, 0, 1);
const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads our own JSON backup (Download my data) into an import plan. Refuses, with an ImportFileError, what is not a
 * backup at all: invalid JSON (with its line), another format, or a version newer than this app reads. A file without
 * `format` and `version` (builds before they existed) is read as version 1 when its shape is a backup's. Every row is
 * checked by the rules the form and the database apply; a row that breaks one is left out with a problem naming its
 * line, field and why, and so are predictions whose check-in is not in the file (or was left out).
 *
 * Timestamps are kept as written when they are already in the app's own format (toISOString), else normalised to it:
 * the local store's indexes sort them as strings.
 */
export function parseBackup(text: string, options: { now?: number } = {}): ParsedBackup {
  const now = options.now ?? Date.now();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ImportFileError(`This file is not valid JSON (${jsonErrorWhere(text, error)}). Pick the .json file from Download my data.`);
  }
  if (!isRecord(data)) throw new ImportFileError("This JSON file is not a backup of this app (it should be an object with check_ins and predictions).");
  const version = backupVersion(data);
  const { user_id: exportedBy, check_ins: rawCheckIns, predictions: rawPredictions } = data;
  if (typeof exportedBy !== "string" || exportedBy.length === 0) throw new ImportFileError("This backup has no user_id: it was not made by Download my data.");
  if (!Array.isArray(rawCheckIns) || !Array.isArray(rawPredictions)) {
    throw new ImportFileError("This backup has no check_ins and predictions lists: it was not made by Download my data.");
  }
  const lines = jsonRowLines(text, ["check_ins", "predictions"] as const);
  const problems: ImportProblem[] = [];
  const checkIns: CheckIn[] = [];
  const rowLines = new Map<string, number>();
  const seen = new Set<string>();
  rawCheckIns.forEach((raw, index) => {
    const line = lines.check_ins[index] ?? 1;
    const where = `check_ins[${index}]`;
    const found = checkInProblems(raw, exportedBy, now, where);
    if (found.length > 0) return problems.push(...found.map((p) => ({ line, ...p })));
    const checkIn = toCheckIn(raw as Record<string, unknown>);
    if (seen.has(checkIn.id)) return problems.push({ line, field: "id", message: `${where}: the same id appears earlier in the file; this copy is skipped.` });
    seen.add(checkIn.id);
    rowLines.set(checkIn.id, line);
    checkIns.push(checkIn);
  });
  const predictions: Prediction[] = [];
  const seenPredictions = new Set<string>();
  const pairs = new Set<string>();
  rawPredictions.forEach((raw, index) => {
    const line = lines.predictions[index] ?? 1;
    const where = `predictions[${index}]`;
    const found = predictionProblems(raw, exportedBy, where);
    if (found.length > 0) return problems.push(...found.map((p) => ({ line, ...p })));
    const p = toPrediction(raw as Record<string, unknown>);
    if (!seen.has(p.checkin_id)) {
      return problems.push({ line, field: "checkin_id", message: `${where}: its check-in is not in the file, or was skipped above; the prediction is skipped with it.` });
    }
    const pair = `${p.checkin_id}\u0000${p.prediction_type}`;
    if (seenPredictions.has(p.id) || pairs.has(pair)) {
      return problems.push({ line, field: "id", message: `${where}: a prediction of the same id, or of the same check-in and type, appears earlier; this one is skipped.` });
    }
    seenPredictions.add(p.id);
    pairs.add(pair);
    predictions.push(p);
  });
  return {
    version,
    exportedBy,
    exportedAt: typeof data.exported_at === "string" ? data.exported_at : null,
    plan: { source: "backup", checkIns, predictions, problems, lines: rowLines },
  };
}

function backupVersion(data: Record<string, unknown>): number {
  if (data.format === undefined && data.version === undefined) return 1;
  if (data.format !== BACKUP_FORMAT) {
    throw new ImportFileError(`This JSON file is not a backup of this app (its format is ${JSON.stringify(data.format)}, not "${BACKUP_FORMAT}").`);
  }
  const version = data.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new ImportFileError(`This backup's version (${JSON.stringify(version)}) is not a version number; the file was changed after it was downloaded.`);
  }
  if (version > BACKUP_VERSION) {
    throw new ImportFileError(
      `This backup was made by a newer version of the app (backup version ${version}; this one reads up to version ${BACKUP_VERSION}). Reload the app to update it, then import again. Nothing was imported.`,
    );
  }
  return version;
}

type FieldProblem = { field: string | null; message: string };

function timestampProblem(value: unknown, field: string, where: string): FieldProblem | null {
  if (typeof value !== "string" || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    return { field, message: `${where}: ${field} must be a date and time like 2026-03-02T20:15:00.000Z.` };
  }
  return null;
}

function checkInProblems(raw: unknown, owner: string, now: number, where: string): FieldProblem[] {
  if (!isRecord(raw)) return [{ field: null, message: `${where}: a check-in must be an object.` }];
  const problems: FieldProblem[] = [];
  if (typeof raw.id !== "string" || !UUID.test(raw.id)) problems.push({ field: "id", message: `${where}: id must be a UUID.` });
  if (raw.user_id !== owner) problems.push({ field: "user_id", message: `${where}: user_id is not the file's (${owner}); a backup holds one person's rows.` });
  for (const field of ["checkin_date", "created_at"] as const) {
    const p = timestampProblem(raw[field], field, where);
    if (p) problems.push(p);
  }
  if (typeof raw.checkin_date === "string" && !problems.some((p) => p.field === "checkin_date")) {
    const at = Date.parse(raw.checkin_date);
    if (at < EARLIEST_CHECK_IN) problems.push({ field: "checkin_date", message: `${where}: checkin_date is before 2000, which the app never records.` });
    if (at > now + MAX_AHEAD_MS) problems.push({ field: "checkin_date", message: `${where}: checkin_date is more than a day in the future.` });
  }
  const parsed = storedCheckInSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push({ field: issue.path[0] ?? null, message: `${where}: ${issue.message}` });
  return problems;
}

function predictionProblems(raw: unknown, owner: string, where: string): FieldProblem[] {
  if (!isRecord(raw)) return [{ field: null, message: `${where}: a prediction must be an object.` }];
  const problems: FieldProblem[] = [];
  const text = (field: string, min: number, max: number, nullable: boolean) => {
    const v = raw[field];
    if (nullable && v === null) return;
    if (typeof v !== "string" || v.length < min || v.length > max) {
      problems.push({ field, message: `${where}: ${field} must be text of ${min} to ${max} characters${nullable ? " or null" : ""}.` });
    }
  };
  for (const field of ["id", "checkin_id"]) {
    const v = raw[field];
    if (typeof v !== "string" || !UUID.test(v)) problems.push({ field, message: `${where}: ${field} must be a UUID.` });
  }
  if (raw.user_id !== owner) problems.push({ field: "user_id", message: `${where}: user_id is not the file's (${owner}).` });
  if (!isPredictionType(raw.prediction_type)) {
    problems.push({ field: "prediction_type", message: `${where}: ${JSON.stringify(raw.prediction_type)} is not a prediction type this version of the app knows.` });
  }
  text("model_name", 1, 100, false);
  text("model_version", 1, 50, false);
  text("label", 1, 50, true);
  if (typeof raw.score !== "number" || !Number.isFinite(raw.score)) problems.push({ field: "score", message: `${where}: score must be a finite number.` });
  const probs = raw.probabilities;
  if (probs !== null) {
    const ok =
      Array.isArray(probs) &&
      probs.length >= 2 &&
      probs.length <= 10 &&
      probs.every((x) => typeof x === "number" && x >= 0 && x <= 1) &&
      JSON.stringify(probs).length <= 400;
    if (!ok) problems.push({ field: "probabilities", message: `${where}: probabilities must be null or 2 to 10 numbers from 0 to 1.` });
  }
  const created = timestampProblem(raw.created_at, "created_at", where);
  if (created) problems.push(created);
  return problems;
}

const isoOf = (value: string) => {
  const iso = new Date(value).toISOString();
  return iso === value ? value : iso;
};

function toCheckIn(raw: Record<string, unknown>): CheckIn {
  const input = storedCheckInSchema.parse(raw);
  return { ...input, id: String(raw.id).toLowerCase(), user_id: String(raw.user_id), checkin_date: isoOf(String(raw.checkin_date)), created_at: isoOf(String(raw.created_at)) };
}

function toPrediction(raw: Record<string, unknown>): Prediction {
  return {
    id: String(raw.id).toLowerCase(),
    user_id: String(raw.user_id),
    checkin_id: String(raw.checkin_id).toLowerCase(),
    prediction_type: raw.prediction_type as Prediction["prediction_type"],
    model_name: String(raw.model_name),
    model_version: String(raw.model_version),
    label: raw.label === null ? null : String(raw.label),
    score: raw.score as number,
    probabilities: raw.probabilities === null ? null : [...(raw.probabilities as number[])],
    created_at: isoOf(String(raw.created_at)),
  };
}

/** Where the JSON breaks, as a line and column, else JSON.parse's own words. */
function jsonErrorWhere(text: string, error: unknown): string {
  const at = jsonSyntaxErrorAt(text);
  if (at) return at.atEnd ? "it ends too early; was the download cut short?" : `line ${at.line}, column ${at.column}`;
  return error instanceof Error ? error.message : String(error);
}
