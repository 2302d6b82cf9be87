import type { DeviceId, UserId } from "../../tests/chaos/schedule";

/**
 * What the UI told the person, save by save: the model the invariants are checked against. A save is *acknowledged*
 * when the page said it was saved and showed its predictions; a save whose tab was closed mid-way is only *attempted*
 * (it may or may not have been stored: either is correct, but never twice, never under the other user).
 */
export type SaveRecord = {
  seq: number;
  notes: string;
  user: UserId;
  device: DeviceId;
  /** Its notes carry the marker the database refuses. */
  refused: boolean;
  acknowledged: boolean;
  /** Predictions the page showed as made and kept (a model that failed shows "not available"). */
  predictions: number;
  /**
   * The page took the check-in (the form emptied after Save): what a person who signs out right after Save has seen.
   * Absent: the same as `acknowledged`.
   */
  accepted?: boolean;
  /** A sign-out right after this save: whether the app asked about unsent check-ins, and the answer. */
  signOut?: "kept" | "deleted" | "not-asked";
};

/** A Delete my data that the page said was done, with that person's rows PostgreSQL held just before it. */
export type DeletionRecord = { seq: number; user: UserId; device: DeviceId; serverNotesBefore: string[] };

/** A sign-out that was asked about unsent check-ins and told to delete them. */
export type DroppingSignOut = { seq: number; user: UserId; device: DeviceId };

/** The marker in a check-in's notes that the chaos run's CHECK constraint refuses. */
export const REFUSED_MARKER = "chaos-refused";

export class Ledger {
  readonly saves: SaveRecord[] = [];
  readonly deletions: DeletionRecord[] = [];
  readonly droppingSignOuts: DroppingSignOut[] = [];
  /** Operations that could not complete, in the person's terms (kept for the failure report, not failures). */
  readonly notes: string[] = [];

  constructor(readonly runTag: string) {}

  notesFor(seq: number, user: UserId, refused: boolean): string {
    return `chaos ${this.runTag} #${seq} ${user}${refused ? ` ${REFUSED_MARKER}` : ""}`;
  }

  record(save: SaveRecord): void {
    this.saves.push(save);
  }

  usersOn(device: DeviceId): UserId[] {
    return [...new Set(this.saves.filter((s) => s.device === device).map((s) => s.user))];
  }
}

/** The operation number and user written into a check-in's notes, or null for a row the run did not make. */
export function parseNotes(notes: string | null): { seq: number; user: UserId } | null {
  const match = /^chaos \S+ #(\d+) ([AB])\b/.exec(notes ?? "");
  return match ? { seq: Number(match[1]), user: match[2] as UserId } : null;
}
