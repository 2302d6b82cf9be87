import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { adoptRows } from "@/lib/data/import/adopt-rows";
import { applyImportPlan } from "@/lib/data/import/apply-import";
import { ImportCancelledError, type ImportPlan } from "@/lib/data/import/import-plan";
import { importGeneration } from "@/lib/data/import/import-preview";
import { parseBackup } from "@/lib/data/import/parse-backup";
import { historyRows } from "@/tests/support/import-rows";
import { currentGeneration, StaleGenerationError } from "@/lib/data/local/generation";
import { countLocalCheckIns, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { ChangeBus } from "@/lib/data/local/data-changes";
import { type LocalStore, openLocalStore } from "@/lib/data/local/local-db";
import { listAllLocalPredictions, putLocalPredictions } from "@/lib/data/local/local-predictions";
import { listQueue } from "@/lib/data/local/local-sync-queue";
import { wipeOtherUsers, wipeUserData } from "@/lib/data/local/local-wipe";
import { deleteLocalModeData } from "@/lib/data/your-data/delete-data";
import { collectUserData } from "@/lib/data/your-data/export-data";

const ME = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const NOW = Date.UTC(2026, 11, 7, 12);
let store: LocalStore;

beforeEach(() => {
  const factory = new IDBFactory();
  store = openLocalStore({ factory: () => factory, name: `import-${crypto.randomUUID()}` });
});

async function seed(userId: string, days: number) {
  const { checkIns, predictions } = historyRows(userId, days);
  for (const c of checkIns) {
    await putLocalCheckIn(store, c);
    await putLocalPredictions(store, predictions.filter((p) => p.checkin_id === c.id));
  }
}

const exportText = async (userId: string) => JSON.stringify(await collectUserData(store, userId), null, 2);
const withoutStamp = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), exported_at: null });
const planOf = (text: string) => parseBackup(text, { now: NOW }).plan;

describe("applyImportPlan", () => {
  it("Export → Delete my data → Import → Export gives the same rows (ids, times, values, notes, predictions)", async () => {
    await seed(ME, 30);
    const before = await exportText(ME);
    await deleteLocalModeData(store, new ChangeBus(null), ME);
    expect(await countLocalCheckIns(store, ME)).toBe(0);
    const result = await applyImportPlan(store, ME, planOf(before), { queue: false, generation: await currentGeneration(store) });
    expect(result).toEqual({ addedCheckIns: 30, addedPredictions: 150, alreadyPresent: 0, conflicting: 0 });
    expect(withoutStamp(await exportText(ME))).toEqual(withoutStamp(before));
  });

  it("adds nothing when the same file is imported twice, and does not queue the rows again", async () => {
    await seed(ME, 10);
    const text = await exportText(ME);
    await wipeUserData(store, ME, { keepQueued: false });
    const first = await applyImportPlan(store, ME, planOf(text), { queue: true, generation: await currentGeneration(store) });
    expect(first.addedCheckIns).toBe(10);
    const queued = await listQueue(store, ME);
    expect(queued).toHaveLength(10);
    expect(queued.every((e) => e.version === 1 && e.status === "pending")).toBe(true);
    const second = await applyImportPlan(store, ME, planOf(text), { queue: true, generation: await currentGeneration(store) });
    expect(second).toEqual({ addedCheckIns: 0, addedPredictions: 0, alreadyPresent: 60, conflicting: 0 });
    expect(await listQueue(store, ME)).toEqual(queued);
    expect(await countLocalCheckIns(store, ME)).toBe(10);
  });

  it("queues a check-in already here once more only when the file brings a prediction it lacked", async () => {
    const { checkIns, predictions } = historyRows(ME, 2);
    await applyImportPlan(store, ME, { source: "backup", checkIns, predictions: [], problems: [], lines: new Map() }, { queue: true, generation: 0 });
    const result = await applyImportPlan(store, ME, { source: "backup", checkIns, predictions: predictions.slice(0, 1), problems: [], lines: new Map() }, { queue: true, generation: 0 });
    expect(result).toEqual({ addedCheckIns: 0, addedPredictions: 1, alreadyPresent: 2, conflicting: 0 });
    const versions = Object.fromEntries((await listQueue(store, ME)).map((e) => [e.checkin_id, e.version]));
    expect(versions).toEqual({ [checkIns[0]!.id]: 2, [checkIns[1]!.id]: 1 });
  });

  it("counts a row whose only difference is the server's created_at (Supabase mode, after the push) as already here", async () => {
    const { checkIns, predictions } = historyRows(ME, 2);
    const plan: ImportPlan = { source: "backup", checkIns, predictions, problems: [], lines: new Map() };
    await applyImportPlan(store, ME, plan, { queue: true, generation: 0 });
    const db = await store.db();
    for (const c of checkIns) await db.put("check_ins", { ...c, created_at: "2026-12-07T20:00:00.123Z" });
    for (const p of predictions) await db.put("predictions", { ...p, created_at: "2026-12-07T20:00:00.123Z" });
    for (const c of checkIns) await db.delete("sync_queue", c.id); // sent
    const again = await applyImportPlan(store, ME, plan, { queue: true, generation: 0 });
    expect(again).toEqual({ addedCheckIns: 0, addedPredictions: 0, alreadyPresent: 12, conflicting: 0 });
    expect(await listQueue(store, ME)).toEqual([]);
  });

  it("keeps the device's row when the file has the same id with other values, and skips that row's predictions", async () => {
    const { checkIns, predictions } = historyRows(ME, 1);
    await putLocalCheckIn(store, checkIns[0]!);
    const edited = { ...checkIns[0]!, mood: checkIns[0]!.mood === 5 ? 6 : 5 };
    const result = await applyImportPlan(store, ME, { source: "backup", checkIns: [edited], predictions, problems: [], lines: new Map() }, { queue: false, generation: 0 });
    expect(result).toEqual({ addedCheckIns: 0, addedPredictions: 0, alreadyPresent: 0, conflicting: 6 });
    expect((await collectUserData(store, ME)).check_ins).toEqual([checkIns[0]]);
  });

  it("stores nothing when cancelled half-way through (one transaction)", async () => {
    const { checkIns, predictions } = historyRows(ME, 1200);
    const controller = new AbortController();
    const progress: number[] = [];
    const plan: ImportPlan = { source: "backup", checkIns, predictions, problems: [], lines: new Map() };
    const run = applyImportPlan(store, ME, plan, {
      queue: true,
      generation: 0,
      signal: controller.signal,
      onProgress: ({ done }) => {
        progress.push(done);
        if (done >= 1000) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(ImportCancelledError);
    expect(progress).toEqual([500, 1000]);
    expect(await countLocalCheckIns(store, ME)).toBe(0);
    expect(await listAllLocalPredictions(store, ME)).toEqual([]);
    expect(await listQueue(store, ME)).toEqual([]);
  });

  it("stores nothing when the person signed out, switched or deleted their data after the import began", async () => {
    const { checkIns } = historyRows(ME, 3);
    const plan: ImportPlan = { source: "backup", checkIns, predictions: [], problems: [], lines: new Map() };
    const generation = await currentGeneration(store);
    await wipeOtherUsers(store, OTHER, {}); // someone else signed in on this device
    await expect(applyImportPlan(store, ME, plan, { queue: true, generation })).rejects.toThrow(StaleGenerationError);
    expect(await countLocalCheckIns(store, ME)).toBe(0);
    expect(await listQueue(store, ME)).toEqual([]);
  });

  it("an import racing a switch lands either before it (then wiped or kept queued under its owner) or not at all", async () => {
    const { checkIns } = historyRows(ME, 600);
    const plan: ImportPlan = { source: "backup", checkIns, predictions: [], problems: [], lines: new Map() };
    const generation = await currentGeneration(store);
    const importing = applyImportPlan(store, ME, plan, { queue: true, generation }).then(
      () => "stored",
      (e: unknown) => (e instanceof StaleGenerationError ? "refused" : Promise.reject(e)),
    );
    const switching = wipeOtherUsers(store, OTHER, {});
    const [outcome] = await Promise.all([importing, switching]);
    const db = await store.db();
    const everyone = await db.getAll("check_ins");
    // The import's transaction began first: it stored, the switch kept its unsent rows queued under their owner.
    expect(outcome).toBe("stored");
    expect(everyone.every((c) => c.user_id === ME)).toBe(true);
    expect((await listQueue(store, ME)).length).toBe(600);
    expect(await listQueue(store, OTHER)).toEqual([]);
  });

  it("an import whose transaction comes after a switch's stores nothing", async () => {
    const { checkIns } = historyRows(ME, 50);
    const plan: ImportPlan = { source: "backup", checkIns, predictions: [], problems: [], lines: new Map() };
    const generation = await currentGeneration(store);
    const switching = wipeOtherUsers(store, OTHER, {});
    const importing = applyImportPlan(store, ME, plan, { queue: true, generation });
    await switching;
    await expect(importing).rejects.toThrow(StaleGenerationError);
    expect(await (await store.db()).count("check_ins")).toBe(0);
    expect(await listQueue(store, ME)).toEqual([]);
  });

  it("refuses at once when the signed-in person is no longer the one the import was prepared for", async () => {
    await expect(importGeneration(store, () => Promise.resolve(OTHER), ME)).rejects.toThrow(StaleGenerationError);
    await expect(importGeneration(store, () => Promise.resolve(ME), ME)).resolves.toBe(0);
  });

  it("refuses a plan holding another person's rows (adoptRows first)", async () => {
    const { checkIns } = historyRows(OTHER, 1);
    await expect(applyImportPlan(store, ME, { source: "backup", checkIns, predictions: [], problems: [], lines: new Map() }, { queue: false, generation: 0 })).rejects.toThrow(/another user/);
  });
});

describe("a file exported by another account", () => {
  it("becomes this person's rows with new ids, predictions re-pointed, and adds nothing when imported again", async () => {
    await seed(OTHER, 5);
    const theirs = planOf(await exportText(OTHER));
    const mine = await adoptRows(theirs, ME);
    expect(mine.checkIns.every((c) => c.user_id === ME && !theirs.checkIns.some((t) => t.id === c.id))).toBe(true);
    for (const p of mine.predictions) expect(mine.checkIns.some((c) => c.id === p.checkin_id)).toBe(true);
    expect(mine.checkIns.map(({ id: _i, user_id: _u, ...rest }) => rest)).toEqual(theirs.checkIns.map(({ id: _i, user_id: _u, ...rest }) => rest));
    expect(await adoptRows(theirs, ME)).toEqual(mine);
    const first = await applyImportPlan(store, ME, mine, { queue: true, generation: 0 });
    expect(first.addedCheckIns).toBe(5);
    const again = await applyImportPlan(store, ME, await adoptRows(theirs, ME), { queue: true, generation: 0 });
    expect(again.addedCheckIns + again.addedPredictions).toBe(0);
    // Their rows on this device are untouched.
    expect(await countLocalCheckIns(store, OTHER)).toBe(5);
    expect((await listQueue(store, ME)).length).toBe(5);
  });
});
