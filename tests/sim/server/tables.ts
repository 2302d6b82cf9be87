import { formatFloat8, formatTimestamptz, jsonbText, type Json } from "./pg-values";

/**
 * The server's tables as the model keeps them: values as PostgreSQL stores them (timestamps in microseconds, numeric
 * as its text, jsonb as JSON), rows in insertion order (the order a fresh heap returns them), never mutated in place
 * (a write replaces the row), so a transaction can be a copy of the maps, thrown away on error.
 */
export type CheckInRow = {
  id: string;
  user_id: string;
  checkin_date: bigint;
  mood: number;
  energy: number;
  stress: number;
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
  users = new Set<string>();
  checkIns = new Map<string, CheckInRow>();
  predictions = new Map<string, PredictionRow>();
  syncState = new Map<string, SyncStateRow>();
  tombstones: TombstoneRow[] = [];

  /** A copy to write in; `commit` it to keep the writes, or drop it to roll them back. */
  begin(): ServerTables {
    const copy = new ServerTables();
    copy.users = new Set(this.users);
    copy.checkIns = new Map(this.checkIns);
    copy.predictions = new Map(this.predictions);
    copy.syncState = new Map(this.syncState);
    copy.tombstones = [...this.tombstones];
    return copy;
  }

  commit(from: ServerTables): void {
    this.users = from.users;
    this.checkIns = from.checkIns;
    this.predictions = from.predictions;
    this.syncState = from.syncState;
    this.tombstones = from.tombstones;
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
