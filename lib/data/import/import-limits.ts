import type { ImportPlan, ImportProblem } from "@/lib/data/import/import-plan";

/**
 * The account limits of Supabase mode (supabase/migrations/014_limits.sql, docs/security.md): the server refuses the
 * 101st check-in of a person's UTC day (of checkin_date) and the 20,001st of an account. An import checks them before
 * anything is stored, so that no row is stored here only to wait in Needs attention forever.
 */
export const DAILY_CHECK_IN_LIMIT = 100;
export const ACCOUNT_CHECK_IN_LIMIT = 20_000;

export type LimitCheck = {
  /** The plan less the check-ins (and their predictions) past a day's limit, each now one of its problems. */
  plan: ImportPlan;
  /** How many check-ins the account would hold after the import, and whether that is past the limit. */
  totalAfter: number;
  overAccountLimit: boolean;
};

/**
 * Applies the daily limit to a plan, given the days of the check-ins already stored for the person (`existing`: their
 * checkin_date values, ids alongside so that a row of the file already stored is not counted twice).
 */
export function checkImportLimits(plan: ImportPlan, existing: readonly { id: string; checkin_date: string }[]): LimitCheck {
  const lineOf = (id: string) => plan.lines.get(id) ?? 0;
  const present = new Set(existing.map((c) => c.id));
  const perDay = new Map<string, number>();
  for (const c of existing) perDay.set(utcDay(c.checkin_date), (perDay.get(utcDay(c.checkin_date)) ?? 0) + 1);
  const dropped = new Set<string>();
  const problems: ImportProblem[] = [];
  // In time order, so that the first 100 of a day are kept, as the server would keep them.
  const inOrder = [...plan.checkIns].sort((a, b) => (a.checkin_date < b.checkin_date ? -1 : a.checkin_date > b.checkin_date ? 1 : 0));
  let added = 0;
  for (const c of inOrder) {
    if (present.has(c.id)) continue;
    const day = utcDay(c.checkin_date);
    const count = perDay.get(day) ?? 0;
    if (count >= DAILY_CHECK_IN_LIMIT) {
      dropped.add(c.id);
      problems.push({
        line: lineOf(c.id),
        field: "checkin_date",
        message: `More than ${DAILY_CHECK_IN_LIMIT} check-ins on ${day} (UTC): Supabase keeps at most ${DAILY_CHECK_IN_LIMIT} a day, so this one is skipped.`,
      });
      continue;
    }
    perDay.set(day, count + 1);
    added += 1;
  }
  const totalAfter = existing.length + added;
  return {
    plan: {
      ...plan,
      checkIns: plan.checkIns.filter((c) => !dropped.has(c.id)),
      predictions: plan.predictions.filter((p) => !dropped.has(p.checkin_id)),
      problems: [...plan.problems, ...problems].sort((a, b) => a.line - b.line),
    },
    totalAfter,
    overAccountLimit: totalAfter > ACCOUNT_CHECK_IN_LIMIT,
  };
}

const utcDay = (iso: string) => new Date(iso).toISOString().slice(0, 10);
