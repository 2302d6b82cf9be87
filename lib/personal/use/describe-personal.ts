import type { StoredPersonalModel } from "@/lib/personal/store/stored-personal-model";
import { MIN_SCORED_DAYS, type HeldOutScores, type PersonalType } from "@/lib/personal/types";

export type PersonalStatus = "needs-days" | "not-built" | "training" | "chosen" | "declined" | "failed";

/** The person's state for one type, in the words of the Models page. */
export function personalStatusText(status: PersonalStatus, scoredDays: number, off: boolean): string {
  switch (status) {
    case "needs-days":
      return `Needs ${MIN_SCORED_DAYS} scored days: ${Math.min(scoredDays, MIN_SCORED_DAYS)} of ${MIN_SCORED_DAYS}`;
    case "not-built":
      return "Not built yet: it is trained on this device when the browser is idle";
    case "training":
      return "Training on this device…";
    case "chosen":
      return off ? "Chosen, but you turned personal models off: the general model is used" : "Chosen: used for your predictions";
    case "declined":
      return "Declined: the general model did at least as well on your recent days, so it is used";
    case "failed":
      return "Could not be trained: the general model is used";
  }
}

const count = (rate: number, days: number) => Math.round(rate * days);

/**
 * The gate's held-out comparison in plain words, every number beside the general model's and "tomorrow is like today"
 * on the same days. The days are the person's most recent ones, which the personal model being scored had not seen.
 */
export function heldOutText(type: PersonalType, h: HeldOutScores): string {
  // Never let "chosen" read as "good": the gate compares with the general model only.
  const caveat = (h.higherIsBetter ? h.persistence >= h.personal : h.persistence <= h.personal)
    ? ` On these days, ${type === "energy_dip" ? 'always saying "no dip"' : "assuming tomorrow is like today"} did at least as well as the personal model.`
    : "";
  return heldOutComparison(type, h) + caveat;
}

function heldOutComparison(type: PersonalType, h: HeldOutScores): string {
  const days = `On your last ${h.days} days (held out from its training)`;
  if (h.metric === "mood_accuracy") {
    return `${days}: personal model right on ${count(h.personal, h.days)}, general model ${count(h.generic, h.days)}, assuming tomorrow is like today ${count(h.persistence, h.days)}.`;
  }
  if (h.metric === "stress_mae") {
    const f = (x: number) => x.toFixed(2);
    return `${days}, tomorrow's stress was missed by ${f(h.personal)} points on average with the personal model, ${f(h.generic)} with the general model, ${f(h.persistence)} assuming tomorrow is like today.`;
  }
  const f = (x: number) => x.toFixed(3);
  return `${days}, Brier score of the chance of a dip (0 is perfect; lower is better): personal model ${f(h.personal)}, general model ${f(h.generic)}, always saying "no dip" ${f(h.persistence)}.`;
}

/** The status of one type from its stored build (undefined: never built) and what the page's trainer is doing. */
export function statusOf(record: StoredPersonalModel | undefined, scoredDays: number, training: boolean, failed: boolean): PersonalStatus {
  if (training) return "training";
  if (scoredDays < MIN_SCORED_DAYS && (!record || record.decision === "too-few-days")) return "needs-days";
  if (failed) return "failed";
  if (!record || record.decision === "too-few-days") return "not-built";
  return record.decision === "personal" && record.model ? "chosen" : "declined";
}
