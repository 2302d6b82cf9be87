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
};

/** The marker in a check-in's notes that the chaos run's CHECK constraint refuses. */
export const REFUSED_MARKER = "chaos-refused";

export class Ledger {
  readonly saves: SaveRecord[] = [];
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
