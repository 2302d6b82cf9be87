import { describe, expect, it } from "vitest";
import type { HeldOutScores } from "@/lib/personal/types";
import { heldOutText, personalStatusText, statusOf } from "./describe-personal";

const h = (metric: HeldOutScores["metric"], personal: number, generic: number, persistence: number): HeldOutScores => ({
  days: 21,
  origins: 3,
  metric,
  higherIsBetter: metric === "mood_accuracy",
  personal,
  generic,
  persistence,
});

describe("the held-out comparison in words", () => {
  it("mood: days right out of the held-out days, for all three", () => {
    expect(heldOutText("mood_tomorrow", h("mood_accuracy", 15 / 21, 13 / 21, 12 / 21))).toBe(
      "On your last 21 days (held out from its training): personal model right on 15, general model 13, assuming tomorrow is like today 12.",
    );
  });

  it("stress: the mean miss in points; energy dip: the Brier score beside always saying no", () => {
    expect(heldOutText("stress_forecast", h("stress_mae", 0.8, 1.1, 1.3))).toBe(
      "On your last 21 days (held out from its training), tomorrow's stress was missed by 0.80 points on average with the personal model, 1.10 with the general model, 1.30 assuming tomorrow is like today.",
    );
    expect(heldOutText("energy_dip", h("energy_dip_brier", 0.1, 0.12, 0.15))).toMatch(/personal model 0\.100, general model 0\.120, always saying "no dip" 0\.150\.$/);
  });

  it("says so when tomorrow-like-today did at least as well as the chosen personal model", () => {
    expect(heldOutText("energy_dip", h("energy_dip_brier", 0.039, 0.097, 0))).toMatch(/always saying "no dip" did at least as well as the personal model\.$/);
    expect(heldOutText("mood_tomorrow", h("mood_accuracy", 1, 18 / 21, 1))).toMatch(/assuming tomorrow is like today did at least as well/);
    expect(heldOutText("stress_forecast", h("stress_mae", 0.8, 1.1, 1.3))).not.toMatch(/at least as well/);
  });
});

describe("status", () => {
  it("counts scored days towards 21, and never claims more than it has", () => {
    expect(personalStatusText(statusOf(undefined, 5, false, false), 5, false)).toBe("Needs 21 scored days: 5 of 21");
    expect(statusOf(undefined, 30, true, false)).toBe("training");
    expect(personalStatusText("chosen", 30, true)).toMatch(/turned personal models off/);
  });
});
