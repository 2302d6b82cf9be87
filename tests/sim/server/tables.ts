import { formatFloat8, formatTimestamptz, jsonbText, type Json } from "./pg-values";

/**
 * The server's tables as the model keeps them: values as PostgreSQL stores them (timestamps in microseconds, numeric
 * as its text, jsonb as JSON), rows in insertion order (the order a fresh heap returns them), never mutated in place
 * (a write replaces the row). Writes go through the methods below, which keep the undo log of a transaction.
 */
export type CheckInRow = {
  id: string;
  user_id: string;
  checkin_date: bigint;
  mood: number;
  energy: number | null;
  stress: number | null;
  sleep_hours: string | null;
  activity_minutes: number | null;
  notes: string | null;
  created_at: bigint;
  change_seq: number | null;
};

export type PredictionRow = {
  id: string;
  user_id: string;
  checkin_id: string;
  prediction_type: string;
  model_name: string;
  model_version: string;
  label: string | null;
  score: number;
  /** SQL NULL is null; a JSON null inside jsonb cannot reach this column (jsonb_to_recordset makes it NULL). */
  probabilities: Json;
  created_at: bigint;
  change_seq: number | null;
};

export type SyncStateRow = { user_id: string; last_change: number; epoch: number };
export type TombstoneRow = { user_id: string; change_seq: number; checkin_id: string };

export type ColumnType = "uuid" | "timestamptz" | "smallint" | "bigint" | "numeric" | "text" | "float8" | "jsonb";

/** Column order and types as the migrations create them (change_seq last: 013 adds it to existing tables). */
export const TABLES = {
  check_ins: {
    id: "uuid", user_id: "uuid", checkin_date: "timestamptz", mood: "smallint", energy: "smallint", stress: "smallint", sleep_hours: "numeric",
    activity_minutes: "smallint", notes: "text", created_at: "timestamptz", change_seq: "bigint",
  },
  predictions: {
    id: "uuid", user_id: "uuid", checkin_id: "uuid", prediction_type: "text", model_name: "text", model_version: "text", label: "text", score: "float8",
    probabilities: "jsonb", created_at: "timestamptz", change_seq: "bigint",
  },
  sync_state: { user_id: "uuid", last_change: "bigint", epoch: "bigint" },
  sync_tombstones: { user_id: "uuid", change_seq: "bigint", checkin_id: "uuid" },
} as const satisfies Record<string, Record<string, ColumnType>>;

export type TableName = keyof typeof TABLES;

/** A stored value in the JSON text PostgreSQL's to_json prints for its type (what PostgREST sends). */
export function jsonValueText(type: ColumnType, value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (type) {
    case "uuid":
    case "text":
      return JSON.stringify(value);
    case "timestamptz":
      return `"${formatTimestamptz(value as bigint)}"`;
    case "smallint":
    case "bigint":
      return String(value);
    case "numeric":
      return value as string;
    case "float8": {
      const text = formatFloat8(value as number);
      return Number.isFinite(value) ? text : `"${text}"`;
    }
    case "jsonb":
      return jsonbText(value as Json);
  }
}

/** row_to_json of the given columns: {"a":1,"b":"x"} with no spaces, in the order asked for. */
export function rowJsonText(table: TableName, row: Record<string, unknown>, columns: readonly string[]): string {
  const types = TABLES[table] as Record<string, ColumnType>;
  return `{${columns.map((column) => `${JSON.stringify(column)}:${jsonValueText(types[column]!, row[column])}`).join(",")}}`;
}

/** json_agg's text: elements separated by ", " and, for composite values, a newline and a space. */
export const jsonAggText = (elements: string[]) => (elements.length === 0 ? "[]" : `[${elements.join(", \n ")}]`);

export class ServerTables {
  readonly users = new Set<string>();
  readonly checkIns = new Map<string, CheckInRow>();
  readonly predictions = new Map<string, PredictionRow>();
  readonly syncState = new Map<string, SyncStateRow>();
  tombstones: TombstoneRow[] = [];
  /** Check-ins per user and UTC day (`user|day number`), and per user: what 014's limit triggers count. */
  private readonly dayCounts = new Map<string, number>();
  private readonly userCounts = new Map<string, number>();
  /** The predictions' unique key of 014, (checkin_id, user_id, prediction_type). */
  private readonly predictionKeys = new Set<string>();
  /** The undo steps of the open transaction (null: none open); writes outside a transaction are final. */
  private journal: (() => void)[] | null = null;

  /**
   * Runs `work` as one transaction: if it throws, every write it made is undone (in reverse), so the tables are as
   * before, and the error goes on. An undo log rather than a copy, so a write costs the same with 10 or 60,000 rows.
   */
  transaction<T>(work: () => T): T {
    if (this.journal !== null) throw new Error("ServerTables: transactions do not nest");
    const journal: (() => void)[] = [];
    this.journal = journal;
    try {
      return work();
    } catch (error) {
      for (const undo of journal.reverse()) undo();
      throw error;
    } finally {
      this.journal = null;
    }
  }

  private put<K, V>(map: Map<K, V>, key: K, value: V): void {
    const before = map.get(key);
    const had = map.has(key);
    map.set(key, value);
    this.journal?.push(() => (had ? map.set(key, before as V) : map.delete(key)));
  }

  private remove<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const before = map.get(key) as V;
    map.delete(key);
    // Back at the end of the map's order: only a failed transaction undoes a delete, and none of ours deletes and then fails.
    this.journal?.push(() => map.set(key, before));
  }

  putCheckIn(row: CheckInRow): void {
    const before = this.checkIns.get(row.id);
    if (before !== undefined) this.countCheckIn(before, -1);
    this.put(this.checkIns, row.id, row);
    this.countCheckIn(row, 1);
  }

  putPrediction(row: PredictionRow): void {
    const before = this.predictions.get(row.id);
    if (before !== undefined) this.keyPrediction(before, false);
    this.put(this.predictions, row.id, row);
    this.keyPrediction(row, true);
  }

  /** How many check-ins the user has on the UTC day of `checkinDate` (micros), and in all. */
  checkInsOnDay(user: string, checkinDate: bigint): number {
    return this.dayCounts.get(dayKey(user, checkinDate)) ?? 0;
  }

  checkInsOf(user: string): number {
    return this.userCounts.get(user) ?? 0;
  }

  hasPredictionOf(row: Pick<PredictionRow, "checkin_id" | "user_id" | "prediction_type">): boolean {
    return this.predictionKeys.has(predictionKey(row));
  }

  private countCheckIn(row: CheckInRow, delta: 1 | -1): void {
    for (const [map, key] of [[this.dayCounts, dayKey(row.user_id, row.checkin_date)], [this.userCounts, row.user_id]] as const) {
      const next = (map.get(key) ?? 0) + delta;
      if (next === 0) map.delete(key);
      else map.set(key, next);
      this.journal?.push(() => {
        const undone = (map.get(key) ?? 0) - delta;
        if (undone === 0) map.delete(key);
        else map.set(key, undone);
      });
    }
  }

  private keyPrediction(row: PredictionRow, add: boolean): void {
    const key = predictionKey(row);
    if (add) this.predictionKeys.add(key);
    else this.predictionKeys.delete(key);
    this.journal?.push(() => (add ? this.predictionKeys.delete(key) : this.predictionKeys.add(key)));
  }

  private removeCheckIn(id: string): void {
    const row = this.checkIns.get(id);
    if (row === undefined) return;
    this.remove(this.checkIns, id);
    this.countCheckIn(row, -1);
  }

  private removePrediction(id: string): void {
    const row = this.predictions.get(id);
    if (row === undefined) return;
    this.remove(this.predictions, id);
    this.keyPrediction(row, false);
  }

  putSyncState(row: SyncStateRow): void {
    this.put(this.syncState, row.user_id, row);
  }

  addTombstone(row: TombstoneRow): void {
    this.tombstones.push(row);
    this.journal?.push(() => this.tombstones.pop());
  }

  /** A check-in and, by ON DELETE CASCADE on (checkin_id, user_id), its predictions. */
  deleteCheckIn(id: string): void {
    const row = this.checkIns.get(id);
    if (row === undefined) return;
    for (const [pid, prediction] of this.predictions) if (prediction.checkin_id === id && prediction.user_id === row.user_id) this.removePrediction(pid);
    this.removeCheckIn(id);
  }

  /** Every row of a user in the tables below auth.users (what ON DELETE CASCADE from auth.users or Delete removes). */
  deleteRowsOf(user: string, options: { syncState: boolean }): void {
    for (const [id, row] of this.checkIns) if (row.user_id === user) this.removeCheckIn(id);
    for (const [id, row] of this.predictions) if (row.user_id === user) this.removePrediction(id);
    if (options.syncState) this.remove(this.syncState, user);
    const before = this.tombstones;
    this.tombstones = before.filter((row) => row.user_id !== user);
    this.journal?.push(() => (this.tombstones = before));
  }

  rows(table: TableName): Record<string, unknown>[] {
    switch (table) {
      case "check_ins":
        return [...this.checkIns.values()];
      case "predictions":
        return [...this.predictions.values()];
      case "sync_state":
        return [...this.syncState.values()];
      case "sync_tombstones":
        return [...this.tombstones];
    }
  }
}

const DAY_MICROS = 86_400_000_000n;

/** The user and the UTC day (days since 1970-01-01, floored: dates before 1970 too) of a check-in. */
function dayKey(user: string, checkinDate: bigint): string {
  const day = checkinDate >= 0n ? checkinDate / DAY_MICROS : -((-checkinDate + DAY_MICROS - 1n) / DAY_MICROS);
  return `${user}|${day}`;
}

const predictionKey = (row: Pick<PredictionRow, "checkin_id" | "user_id" | "prediction_type">) => `${row.checkin_id}|${row.user_id}|${row.prediction_type}`;
