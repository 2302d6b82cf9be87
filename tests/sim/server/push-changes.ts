import { lockSyncState, nextChange } from "./change-feed";
import { checkViolation, foreignKeyViolation, ModelUnsupportedError, notNull, PgError, rlsViolation } from "./pg-error";
import {
  charLength, containsNul, formatTimestamptz, jsonbText, jsonToText, numericText, parseFloat8, parseInteger, parseNumeric31, parseTimestamptz, parseUuid,
  type Json,
} from "./pg-values";
import type { CheckInRow, PredictionRow, ServerTables } from "./tables";

/**
 * POST /rest/v1/rpc/push_changes {p_epoch, p_check_ins, p_predictions}: migration 013's function, step by step in the
 * order PostgreSQL does the work, because the order decides which error a bad batch gets:
 *   1. PostgREST turns the arguments into jsonb (a U+0000 anywhere fails here, 22P05);
 *   2. the user's sync_state row is locked (created if missing) and the epoch compared (SY409);
 *   3. jsonb_populate_recordset reads every check-in into the table's column types, change_seq included (all rows,
 *      before any insert: 22P02, 22003…);
 *   4. each row in order: BEFORE triggers in name order (012's server created_at; change_seq from next_change — also
 *      for a row that turns out a duplicate, but not for a row of another user_id, which RLS refuses next; 014's
 *      limit of 100 check-ins a UTC day, SY429, for a row not already stored), RLS WITH CHECK, NOT NULL in column
 *      order, CHECK constraints by name, then ON CONFLICT (id) DO NOTHING; after the statement, 014's limit of
 *      20,000 check-ins in all (SY507) if it inserted any;
 *   5. the same for predictions (ON CONFLICT DO NOTHING on either unique key: the id, or 014's (checkin_id, user_id,
 *      prediction_type)), whose foreign key to (check_ins.id, user_id) is checked at the end of their statement.
 * One transaction: the caller runs it in ServerTables.transaction, which undoes every write if anything throws.
 */
export type PushResult = { epoch: number; check_ins: InsertedStamp[]; predictions: InsertedStamp[] };
type InsertedStamp = { id: string; created_at: bigint; change_seq: number };

const DAY_MICROS = 86_400_000_000n;
/** 014's bounds: checkin_date from 2000-01-01 UTC; per person 100 check-ins a UTC day and 20,000 in all. */
const Y2000_MICROS = 946_684_800_000_000n;
const DAILY_LIMIT = 100;
const TOTAL_LIMIT = 20_000;
const PROBABILITIES_MAX_BYTES = 400;
const PROBABILITY_MAX_DECIMALS = 20;
const PREDICTION_TYPES = new Set(["mood_tomorrow", "burnout_risk", "sleep_quality", "stress_forecast", "energy_dip"]);

type Converter = (text: string) => unknown;
const CHECK_IN_RECORD: [keyof CheckInRow, Converter][] = [
  ["id", parseUuid], ["user_id", parseUuid], ["checkin_date", parseTimestamptz], ["mood", (t) => parseInteger(t, "smallint")],
  ["energy", (t) => parseInteger(t, "smallint")], ["stress", (t) => parseInteger(t, "smallint")], ["sleep_hours", parseNumeric31],
  ["activity_minutes", (t) => parseInteger(t, "smallint")], ["notes", (t) => t], ["created_at", parseTimestamptz],
  ["change_seq", (t) => parseInteger(t, "bigint")],
];
const PREDICTION_RECORD: [keyof PredictionRow, Converter | "jsonb"][] = [
  ["id", parseUuid], ["user_id", parseUuid], ["checkin_id", parseUuid], ["prediction_type", (t) => t], ["model_name", (t) => t],
  ["model_version", (t) => t], ["label", (t) => t], ["score", parseFloat8], ["probabilities", "jsonb"], ["created_at", parseTimestamptz],
  ["change_seq", (t) => parseInteger(t, "bigint")],
];

/** The PostgREST body → arguments step, with the shapes the model imitates (anything else: ModelUnsupportedError). */
export function pushArguments(body: Json): { epoch: number | null; checkIns: Json[]; predictions: Json[] } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ModelUnsupportedError("push_changes with a body that is not a JSON object");
  const keys = Object.keys(body).sort().join(",");
  if (keys !== "p_check_ins,p_epoch,p_predictions") throw new ModelUnsupportedError(`push_changes with arguments ${keys}`);
  const { p_epoch, p_check_ins, p_predictions } = body as Record<string, Json>;
  if (p_epoch !== null && (typeof p_epoch !== "number" || !Number.isSafeInteger(p_epoch))) throw new ModelUnsupportedError(`p_epoch ${JSON.stringify(p_epoch)}`);
  if (containsNul(p_check_ins!) || containsNul(p_predictions!)) throw new PgError("22P05", "unsupported Unicode escape sequence", "\\u0000 cannot be converted to text.");
  const arrayOfObjects = (value: Json | undefined, name: string) => {
    if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== "object" || Array.isArray(v))) throw new ModelUnsupportedError(`${name} that is not an array of objects`);
    return value;
  };
  return { epoch: p_epoch, checkIns: arrayOfObjects(p_check_ins, "p_check_ins"), predictions: arrayOfObjects(p_predictions, "p_predictions") };
}

/** jsonb_populate_recordset: every element read into the record's types, in order; missing keys and JSON null are NULL. */
function readRecords(elements: Json[], record: [string, Converter | "jsonb"][]): Record<string, unknown>[] {
  return elements.map((element) => {
    const object = element as Record<string, Json>;
    const row: Record<string, unknown> = {};
    for (const [column, convert] of record) {
      const value = object[column] ?? null;
      if (convert === "jsonb") row[column] = value;
      else {
        const text = jsonToText(value);
        row[column] = text === null ? null : convert(text);
      }
    }
    return row;
  });
}

function requireNotNull(row: Record<string, unknown>, columns: string[], table: string): void {
  for (const column of columns) if (row[column] === null) throw notNull(column, table);
}

const between = (value: number | null, low: number, high: number) => value === null || (value >= low && value <= high);

function checkInChecks(row: CheckInRow, nowMicros: bigint): void {
  const failed = (name: string) => checkViolation("check_ins", name);
  if (!between(row.activity_minutes, 0, 1440)) throw failed("check_ins_activity_minutes_range");
  if (row.checkin_date < Y2000_MICROS) throw failed("check_ins_checkin_date_from_2000");
  if (row.checkin_date > nowMicros + DAY_MICROS) throw failed("check_ins_checkin_date_not_future");
  if (!between(row.energy, 1, 10)) throw failed("check_ins_energy_range");
  if (!between(row.mood, 1, 10)) throw failed("check_ins_mood_range");
  if (row.notes !== null && charLength(row.notes) > 2000) throw failed("check_ins_notes_length");
  if (!between(row.sleep_hours === null ? null : Number(row.sleep_hours), 0, 24)) throw failed("check_ins_sleep_hours_range");
  if (!between(row.stress, 1, 10)) throw failed("check_ins_stress_range");
}

function predictionChecks(row: PredictionRow): void {
  const failed = (name: string) => checkViolation("predictions", name);
  const length = (text: string | null, low: number, high: number) => text === null || between(charLength(text), low, high);
  if (!length(row.label, 1, 50)) throw failed("predictions_label_length");
  if (!length(row.model_name, 1, 100)) throw failed("predictions_model_name_length");
  if (!length(row.model_version, 1, 50)) throw failed("predictions_model_version_length");
  if (!PREDICTION_TYPES.has(row.prediction_type)) throw failed("predictions_prediction_type_known");
  const p = row.probabilities;
  // jsonb_path_exists in lax mode: the filter unwraps an element that is an array, one level, so [[0.5], 0.5] passes.
  const probability = (v: Json) => typeof v === "number" && v >= 0 && v <= 1;
  const shaped = p === null || (Array.isArray(p) && p.length >= 2 && p.length <= 10 && p.every((v) => probability(v) || (Array.isArray(v) && v.every(probability))));
  if (!shaped) throw failed("predictions_probabilities_shape");
  // 014: the document's text at most 400 bytes, and no number (lax: also one inside a nested array) with a 21st decimal.
  const decimals = (v: number) => numericText(v).split(".")[1]?.length ?? 0;
  const numbers = p === null ? [] : (p as Json[]).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is number => typeof v === "number");
  if (p !== null && (Buffer.byteLength(jsonbText(p)) > PROBABILITIES_MAX_BYTES || numbers.some((v) => decimals(v) > PROBABILITY_MAX_DECIMALS))) {
    throw failed("predictions_probabilities_size");
  }
  if (!Number.isFinite(row.score)) throw failed("predictions_score_finite");
}

/** 014's SY429, with the UTC date of the refused check-in. */
function dailyLimit(checkinDate: bigint): PgError {
  const day = formatTimestamptz(checkinDate - (((checkinDate % DAY_MICROS) + DAY_MICROS) % DAY_MICROS)).slice(0, 10);
  return new PgError("SY429", `Not stored: ${day} (UTC) already has 100 check-ins, the most one day can hold.`, null, "Delete some check-ins of that day first.");
}

/** Runs push_changes as user `uid` (inside a ServerTables transaction); throws PgError as PostgreSQL would. */
export function pushChanges(tables: ServerTables, uid: string | null, body: Json, nowMicros: bigint): PushResult {
  const args = pushArguments(body);
  const state = lockSyncState(tables, uid, "Sign in first: syncing needs a signed-in user.");
  // `is distinct from`: a null p_epoch is stale too.
  if (state.epoch !== args.epoch) throw new PgError("SY409", "Your data was deleted on another device.");

  const insertedCheckIns: InsertedStamp[] = [];
  for (const record of readRecords(args.checkIns, CHECK_IN_RECORD)) {
    // 013's trigger numbers only the caller's own rows; another user_id (or none) is refused by RLS right after.
    if (record.user_id !== uid) throw rlsViolation("check_ins");
    const row = { ...record, change_seq: nextChange(tables, state.user_id), created_at: nowMicros } as CheckInRow;
    if (row.checkin_date !== null && !tables.checkIns.has(row.id) && tables.checkInsOnDay(row.user_id, row.checkin_date) >= DAILY_LIMIT) {
      throw dailyLimit(row.checkin_date);
    }
    requireNotNull(row, ["id", "user_id", "checkin_date", "mood", "created_at"], "check_ins"); // 015: energy and stress may be null
    checkInChecks(row, nowMicros);
    if (tables.checkIns.has(row.id)) continue;
    tables.putCheckIn(row);
    insertedCheckIns.push({ id: row.id, created_at: row.created_at, change_seq: row.change_seq! });
  }
  if (insertedCheckIns.length > 0 && tables.checkInsOf(state.user_id) > TOTAL_LIMIT) {
    throw new PgError("SY507", "Not stored: your account already holds 20,000 check-ins, the most one account can hold.", null, "Download your data, then delete older check-ins to make room.");
  }

  const insertedPredictions: PredictionRow[] = [];
  for (const record of readRecords(args.predictions, PREDICTION_RECORD)) {
    if (record.user_id !== uid) throw rlsViolation("predictions");
    const row = { ...record, change_seq: nextChange(tables, state.user_id), created_at: nowMicros } as PredictionRow;
    requireNotNull(row, ["id", "user_id", "checkin_id", "prediction_type", "model_name", "model_version", "score", "created_at"], "predictions");
    predictionChecks(row);
    if (tables.predictions.has(row.id) || tables.hasPredictionOf(row)) continue;
    tables.putPrediction(row);
    insertedPredictions.push(row);
  }
  // The foreign key is an AFTER trigger: checked once the statement has inserted every row. RLS on check_ins hides the key.
  for (const row of insertedPredictions) {
    if (tables.checkIns.get(row.checkin_id)?.user_id !== row.user_id) {
      throw foreignKeyViolation("predictions", "predictions_checkin_fkey", "check_ins", null);
    }
  }
  const stamp = ({ id, created_at, change_seq }: { id: string; created_at: bigint; change_seq: number | null }) => ({ id, created_at, change_seq: change_seq! });
  return { epoch: state.epoch, check_ins: insertedCheckIns, predictions: insertedPredictions.map(stamp) };
}

/** The jsonb push_changes returns, as PostgreSQL prints it (jsonb key order: shorter keys first). */
export function pushResultText(result: PushResult, formatTimestamp: (micros: bigint) => string): string {
  const stamps = (list: InsertedStamp[]) => list.map((s) => ({ id: s.id, created_at: formatTimestamp(s.created_at), change_seq: s.change_seq }));
  return jsonbText({ epoch: result.epoch, check_ins: stamps(result.check_ins), predictions: stamps(result.predictions) });
}
