import type { Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { enqueueInTx } from "@/lib/data/local/local-sync-queue";
import { writeTx } from "@/lib/data/local/write-tx";
import { ImportCancelledError, type ImportPlan } from "@/lib/data/import/import-plan";
import type { CheckIn } from "@/lib/domain/check-in";
import { CHECK_IN_COLUMNS } from "@/lib/domain/check-in-row";
import type { Prediction } from "@/lib/domain/prediction";

/** Rows written between two progress reports (and two looks at Cancel). */
const CHUNK = 500;

export type ImportProgress = { done: number; total: number };

export type ApplyImportOptions = {
  /** Supabase mode: each check-in with a new row (itself or a prediction) is queued for the server, once. */
  queue: boolean;
  /**
   * The store's generation, read before the importing user was (lib/data/local/generation.ts): a sign-out, account
   * switch or Delete my data since makes the import store nothing (StaleGenerationError).
   */
  generation: Generation;
  /** Cancel: the transaction is aborted and nothing is stored (ImportCancelledError). */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
};

export type ImportResult = {
  addedCheckIns: number;
  addedPredictions: number;
  /** Rows already on this device, identical: nothing to do (importing the same file twice adds nothing). */
  alreadyPresent: number;
  /** Rows whose id is on this device with other values: the device's row is kept. */
  conflicting: number;
};

/**
 * Stores an import plan in ONE IndexedDB transaction: every new row, and in Supabase mode one queue entry per check-in
 * that gained a row, or nothing at all (Cancel, a stale generation, a full disk). Rows already here are skipped and not
 * queued again, so the same file imported twice adds nothing. The rows are written as they are (ids, times, values,
 * notes, predictions): they must already belong to `userId` (the importers and adoptRows see to it; a row of anyone
 * else is a programming error and aborts the import).
 *
 * Runs inside the transaction without awaiting anything but IndexedDB requests (a transaction closes when its tasks
 * run out); progress is reported between chunks, where the event loop also lets Cancel's click through.
 */
export async function applyImportPlan(store: LocalStore, userId: string, plan: ImportPlan, options: ApplyImportOptions): Promise<ImportResult> {
  for (const row of [...plan.checkIns, ...plan.predictions]) {
    if (row.user_id !== userId) throw new Error(`Import plan holds a row of another user (${row.id}); adopt the rows first.`);
  }
  const total = plan.checkIns.length + plan.predictions.length;
  const result: ImportResult = { addedCheckIns: 0, addedPredictions: 0, alreadyPresent: 0, conflicting: 0 };
  const checkCancel = () => {
    if (options.signal?.aborted) throw new ImportCancelledError();
  };
  checkCancel();
  await writeTx(store, ["check_ins", "predictions", "sync_queue"], options.generation, async (tx) => {
    const checkIns = tx.objectStore("check_ins");
    const predictions = tx.objectStore("predictions");
    /** Check-ins that gained a row (themselves or a prediction), to queue; and those stored or already here. */
    const changed = new Map<string, CheckIn>();
    const known = new Map<string, CheckIn>();
    // One read of every id on the device instead of a read per row: an IndexedDB request costs a round trip to the
    // browser's database process, and a fresh import would otherwise spend half its requests learning "not here".
    const presentCheckIns = new Set(await checkIns.getAllKeys());
    let done = 0;
    for (let i = 0; i < plan.checkIns.length; i += CHUNK) {
      checkCancel();
      const chunk = plan.checkIns.slice(i, i + CHUNK);
      const existing = await Promise.all(chunk.map((c) => (presentCheckIns.has(c.id) ? checkIns.get(c.id) : undefined)));
      const writes: Promise<unknown>[] = [];
      chunk.forEach((c, j) => {
        const here = existing[j];
        if (!here) {
          writes.push(checkIns.put(c));
          changed.set(c.id, c);
          known.set(c.id, c);
          result.addedCheckIns += 1;
        } else if (here.user_id === userId && sameCheckIn(here, c)) {
          known.set(c.id, here);
          result.alreadyPresent += 1;
        } else {
          // The device's row is kept, and the file's predictions of it are skipped with it.
          result.conflicting += 1;
        }
      });
      await Promise.all(writes);
      done += chunk.length;
      options.onProgress?.({ done, total });
    }
    // A prediction is new unless its id, or another prediction of the same check-in and type (one per pair, as the
    // database's unique index has it), is already here.
    const presentPredictions = new Set(await predictions.getAllKeys());
    const takenPairs = new Set<string>();
    if (changed.size < known.size) {
      const userRange = IDBKeyRange.bound([userId, "", ""], [userId, "\uffff", "\uffff"]);
      for (const p of await predictions.index("user_type_created").getAll(userRange)) takenPairs.add(pairKey(p));
    }
    for (let i = 0; i < plan.predictions.length; i += CHUNK) {
      checkCancel();
      const chunk = plan.predictions.slice(i, i + CHUNK);
      const existing = await Promise.all(chunk.map((p) => (presentPredictions.has(p.id) ? predictions.get(p.id) : undefined)));
      const writes: Promise<unknown>[] = [];
      chunk.forEach((p, j) => {
        const here = existing[j];
        const owner = known.get(p.checkin_id);
        if (here) {
          if (samePrediction(here, p)) result.alreadyPresent += 1;
          else result.conflicting += 1;
        } else if (!owner || takenPairs.has(pairKey(p))) {
          result.conflicting += 1;
        } else {
          takenPairs.add(pairKey(p));
          writes.push(predictions.put(p));
          changed.set(owner.id, owner);
          result.addedPredictions += 1;
        }
      });
      await Promise.all(writes);
      done += chunk.length;
      options.onProgress?.({ done, total });
    }
    checkCancel();
    if (options.queue) {
      const queue = tx.objectStore("sync_queue");
      await Promise.all([...changed.values()].map((c) => enqueueInTx(queue, c.id, userId, c.created_at)));
    }
  });
  return result;
}

/**
 * The same row, but for `created_at`: in Supabase mode the server sets it to when it received the row (012) and the
 * device takes the server's stamp after the push, so a row of one's own backup differs from the device's copy there
 * and nowhere else.
 */
function sameCheckIn(a: CheckIn, b: CheckIn): boolean {
  return CHECK_IN_COLUMNS.every((c) => c === "created_at" || a[c] === b[c]);
}

const pairKey = (p: Prediction) => `${p.checkin_id}\u0000${p.prediction_type}`;

function samePrediction(a: Prediction, b: Prediction): boolean {
  return (
    a.id === b.id &&
    a.user_id === b.user_id &&
    a.checkin_id === b.checkin_id &&
    a.prediction_type === b.prediction_type &&
    a.model_name === b.model_name &&
    a.model_version === b.model_version &&
    a.label === b.label &&
    a.score === b.score &&
    JSON.stringify(a.probabilities) === JSON.stringify(b.probabilities)
  );
}
