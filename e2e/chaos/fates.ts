import type { DeletionRecord, Ledger, SaveRecord } from "./ledger";

/**
 * What must have become of each save by the end of a run, given what happened after it: a Delete my data by its
 * person, a sign-out told to delete unsent check-ins, PostgREST's answer to its upload.
 *
 * - Delete my data removes that person's earlier rows everywhere: the rows PostgreSQL held just before it, and every
 *   row saved before it on the device that deleted (sent or not, in flight or not). A row saved earlier on another
 *   device and not yet on the server may still arrive, or wait in Needs attention there ("deleted on another device").
 * - A sign-out told to delete unsent check-ins may drop only rows not yet sent: a row PostgREST answered 2xx for stays.
 * - A check-in the page acknowledged, or that the page took (the form emptied) before a sign-out that kept unsent
 *   check-ins or did not ask, reaches PostgreSQL exactly once (after its person signs in there again).
 */
export type Fate = {
  save: SaveRecord;
  mustBeStored: boolean;
  /** Set when a later Delete my data of its person must have removed it from PostgreSQL and every device. */
  deletedBy: DeletionRecord | null;
  /** A Delete on another device came while it was (maybe) not yet sent: stored or set aside, both correct. */
  deletedElsewhereMaybeUnsent: boolean;
  mustNeedAttention: boolean;
  mayNeedAttention: boolean;
  /** Why it must be stored, for the failure message. */
  claim: string;
};

export function fateOf(save: SaveRecord, ledger: Ledger, storedOnWire: ReadonlySet<string>): Fate {
  const mine = ledger.deletions.filter((d) => d.user === save.user);
  const deletedBy = mine.find((d) => (d.device === save.device && save.seq <= d.seq) || d.serverNotesBefore.includes(save.notes)) ?? null;
  const deletedElsewhereMaybeUnsent = deletedBy === null && mine.some((d) => d.device !== save.device && save.seq < d.seq);
  const dropped = ledger.droppingSignOuts.some((s) => s.user === save.user && s.device === save.device && s.seq >= save.seq);
  const accepted = save.accepted ?? save.acknowledged;
  const claim = save.acknowledged
    ? "was acknowledged"
    : accepted && save.signOut === "kept"
      ? "was taken by the page before a sign-out that kept unsent check-ins"
      : accepted && save.signOut === "not-asked"
        ? "was taken by the page before a sign-out that did not ask (so it had been sent)"
        : storedOnWire.has(save.notes)
          ? "was answered 2xx by PostgREST"
          : "";
  const claimed = save.acknowledged || (accepted && (save.signOut === "kept" || save.signOut === "not-asked"));
  const sent = storedOnWire.has(save.notes);
  const mustBeStored =
    !save.refused && deletedBy === null && !deletedElsewhereMaybeUnsent && ((claimed && (!dropped || sent)) || sent);
  const open = deletedBy === null && !dropped && !deletedElsewhereMaybeUnsent;
  return {
    save,
    mustBeStored,
    deletedBy,
    deletedElsewhereMaybeUnsent,
    mustNeedAttention: save.refused && save.acknowledged && open,
    mayNeedAttention: (save.refused && deletedBy === null) || deletedElsewhereMaybeUnsent,
    claim,
  };
}

export function fatesOf(ledger: Ledger, storedOnWire: ReadonlySet<string>): Map<string, Fate> {
  return new Map(ledger.saves.map((s) => [s.notes, fateOf(s, ledger, storedOnWire)]));
}
