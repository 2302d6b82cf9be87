import type { CheckIn } from "@/lib/domain/check-in";
import type { Prediction } from "@/lib/domain/prediction";

/** Where an import's rows come from: our own JSON backup, or a Daylio CSV export. */
export type ImportSource = "backup" | "daylio";

/**
 * A row the import will not store, and why. `line` is the 1-based line of the file the row starts on (for a JSON
 * backup: the line of the row's opening brace); `field` the column or key at fault, or null when the whole row is.
 * The person sees these before anything is stored, and accepts skipping them or picks another file.
 */
export type ImportProblem = { line: number; field: string | null; message: string };

/**
 * What an importer makes of a file, before anything is stored: rows already valid by the app's rules (the form's and
 * the database's), owned by the person importing (`user_id` is theirs), each prediction pointing at a check-in of
 * `checkIns` — and the rows it skipped. `applyImportPlan` stores it, all or nothing.
 *
 * Importers invent nothing: a Daylio plan has no predictions; a backup plan has exactly the predictions the file had.
 */
export type ImportPlan = {
  source: ImportSource;
  checkIns: CheckIn[];
  predictions: Prediction[];
  problems: ImportProblem[];
  /** The line of the file each check-in (by id) starts on, for problems found after parsing (the daily limit). */
  lines: ReadonlyMap<string, number>;
};

/** The file cannot be imported at all (not a backup, a PNG, too large, not UTF-8, a future version…). */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

/** The person pressed Cancel: nothing was stored. */
export class ImportCancelledError extends Error {
  override name = "ImportCancelledError";
  constructor() {
    super("Import cancelled: nothing was stored.");
  }
}
