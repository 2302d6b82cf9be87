import { currentGeneration, type Generation, StaleGenerationError } from "@/lib/data/local/generation";
import { listAllLocalCheckIns } from "@/lib/data/local/local-check-ins";
import type { LocalStore } from "@/lib/data/local/local-db";
import { ACCOUNT_CHECK_IN_LIMIT, checkImportLimits } from "@/lib/data/import/import-limits";
import type { ImportPlan } from "@/lib/data/import/import-plan";

/** What the person reads before pressing Import: what will be added, what is already here, what is skipped and why. */
export type ImportPreview = {
  /** The plan to apply: in Supabase mode, less the check-ins past a day's limit (now among its problems). */
  plan: ImportPlan;
  newCheckIns: number;
  /** Check-ins of the file already on this device (a file imported before, or rows never deleted). */
  presentCheckIns: number;
  predictions: number;
  /** The person's check-ins after the import, and a warning when that is past Supabase's account limit. */
  totalAfter: number;
  accountLimitWarning: string | null;
};

/**
 * Compares a plan with what the device holds for the person. `limits` (Supabase mode) applies 014's limits: rows past
 * a UTC day's 100 are skipped as problems, and going past 20,000 check-ins is a warning the person must accept (the
 * rows past it would be refused by the server and wait in Needs attention).
 */
export async function previewImport(store: LocalStore, userId: string, plan: ImportPlan, options: { limits: boolean }): Promise<ImportPreview> {
  const existing = await listAllLocalCheckIns(store, userId);
  const checked = options.limits ? checkImportLimits(plan, existing) : null;
  const applied = checked?.plan ?? plan;
  const present = new Set(existing.map((c) => c.id));
  const presentCheckIns = applied.checkIns.filter((c) => present.has(c.id)).length;
  const newCheckIns = applied.checkIns.length - presentCheckIns;
  const totalAfter = existing.length + newCheckIns;
  return {
    plan: applied,
    newCheckIns,
    presentCheckIns,
    predictions: applied.predictions.length,
    totalAfter,
    accountLimitWarning:
      checked?.overAccountLimit
        ? `After this import you would have ${totalAfter.toLocaleString("en")} check-ins; Supabase keeps at most ${ACCOUNT_CHECK_IN_LIMIT.toLocaleString("en")} per account, so the newest ${(totalAfter - ACCOUNT_CHECK_IN_LIMIT).toLocaleString("en")} would be refused and wait in Needs attention.`
        : null,
  };
}

/**
 * The generation an import is fenced by, read BEFORE the person is (as a save does): if someone else signs in, or
 * this person signs out or deletes their data, after this point, applyImportPlan stores nothing. Refuses at once when
 * the signed-in person is no longer the one the import was prepared for.
 */
export async function importGeneration(store: LocalStore, getUserId: () => Promise<string | null>, userId: string): Promise<Generation> {
  const generation = await currentGeneration(store);
  if ((await getUserId()) !== userId) throw new StaleGenerationError();
  return generation;
}
