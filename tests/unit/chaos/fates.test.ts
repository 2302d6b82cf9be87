import { describe, expect, it } from "vitest";
import { fateOf } from "@/e2e/chaos/fates";
import { Ledger, type SaveRecord } from "@/e2e/chaos/ledger";

const save = (over: Partial<SaveRecord> & Pick<SaveRecord, "seq">): SaveRecord => ({
  notes: `chaos t #${over.seq} ${over.user ?? "A"}`,
  user: "A",
  device: "d1",
  refused: false,
  acknowledged: true,
  predictions: 5,
  ...over,
});

function ledgerOf(...saves: SaveRecord[]): Ledger {
  const ledger = new Ledger("t");
  for (const s of saves) ledger.record(s);
  return ledger;
}

describe("what must become of a save (the chaos run's invariants 1, 2 and 5)", () => {
  it("an acknowledged save must be stored; an unacknowledged one need not", () => {
    const ledger = ledgerOf(save({ seq: 1 }), save({ seq: 2, acknowledged: false }));
    expect(fateOf(ledger.saves[0]!, ledger, new Set()).mustBeStored).toBe(true);
    expect(fateOf(ledger.saves[1]!, ledger, new Set()).mustBeStored).toBe(false);
  });

  it("taken before a sign-out that kept it or did not ask: must be stored; told to delete it: may be dropped unless it was sent", () => {
    const kept = save({ seq: 1, acknowledged: false, accepted: true, signOut: "kept" });
    const notAsked = save({ seq: 2, acknowledged: false, accepted: true, signOut: "not-asked" });
    const dropped = save({ seq: 3, device: "d2", acknowledged: false, accepted: true, signOut: "deleted" });
    const ledger = ledgerOf(kept, notAsked, dropped);
    ledger.droppingSignOuts.push({ seq: 3, user: "A", device: "d2" });
    expect(fateOf(kept, ledger, new Set()).mustBeStored).toBe(true);
    expect(fateOf(notAsked, ledger, new Set()).mustBeStored).toBe(true);
    expect(fateOf(dropped, ledger, new Set()).mustBeStored).toBe(false);
    expect(fateOf(dropped, ledger, new Set([dropped.notes])).mustBeStored).toBe(true);
  });

  it("a sign-out that deletes unsent rows drops the earlier acknowledged ones of that person on that device only", () => {
    const before = save({ seq: 1 });
    const otherDevice = save({ seq: 2, device: "d2" });
    const otherPerson = save({ seq: 3, user: "B" });
    const after = save({ seq: 9 });
    const ledger = ledgerOf(before, otherDevice, otherPerson, after);
    ledger.droppingSignOuts.push({ seq: 5, user: "A", device: "d1" });
    expect([before, otherDevice, otherPerson, after].map((s) => fateOf(s, ledger, new Set()).mustBeStored)).toEqual([false, true, true, true]);
  });

  it("Delete my data removes the person's earlier rows on its device and what the server held; later rows and others' stay", () => {
    const sentElsewhere = save({ seq: 1, device: "d2" });
    const unsentElsewhere = save({ seq: 2, device: "d2" });
    const here = save({ seq: 3 });
    const itsOwnSave = save({ seq: 4, acknowledged: false });
    const later = save({ seq: 6 });
    const otherPerson = save({ seq: 2, user: "B" });
    const ledger = ledgerOf(sentElsewhere, unsentElsewhere, here, itsOwnSave, later, otherPerson);
    ledger.deletions.push({ seq: 4, user: "A", device: "d1", serverNotesBefore: [sentElsewhere.notes] });
    const fates = [sentElsewhere, unsentElsewhere, here, itsOwnSave, later, otherPerson].map((s) => fateOf(s, ledger, new Set()));
    expect(fates.map((f) => f.deletedBy?.seq ?? null)).toEqual([4, null, 4, 4, null, null]);
    expect(fates.map((f) => f.mustBeStored)).toEqual([false, false, false, false, true, true]);
    // Saved on another device and perhaps not sent when the Delete came: it may wait in Needs attention there.
    expect(fates[1]).toMatchObject({ deletedElsewhereMaybeUnsent: true, mayNeedAttention: true });
  });

  it("a refused, acknowledged save must be in Needs attention, unless a Delete removed it", () => {
    const refused = save({ seq: 1, refused: true });
    const ledger = ledgerOf(refused);
    expect(fateOf(refused, ledger, new Set())).toMatchObject({ mustBeStored: false, mustNeedAttention: true, mayNeedAttention: true });
    ledger.deletions.push({ seq: 2, user: "A", device: "d1", serverNotesBefore: [] });
    expect(fateOf(refused, ledger, new Set())).toMatchObject({ mustNeedAttention: false, mayNeedAttention: false });
  });
});
