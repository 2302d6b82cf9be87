import { describe, expect, it } from "vitest";
import { MAIN_METRIC_DIRECTION, MODEL_DEFINITIONS } from "@/scripts/models/model-definitions";
import { readManifest } from "./bundled-models";

/**
 * Every shipped model against the trivial rules on held-out people (docs/models.md, "Baselines"), on its one main
 * metric: it must beat "tomorrow is like today" and the linear model on the same features. A model that cannot would
 * have to say so (`beats_*: 0`) and be listed here as an exception with the reason; none is today.
 */
describe("shipped models against their baselines", () => {
  const manifest = readManifest();

  it.each(MODEL_DEFINITIONS.map((d) => [d.name, d] as const))("%s beats persistence and linear on its main metric", (_name, def) => {
    const m = manifest.models.find((e) => e.name === def.name);
    expect(m, `${def.name} is in the manifest`).toBeDefined();
    const metrics = m?.metrics ?? {};
    const main = def.mainMetric;
    const mine = metrics[main];
    expect(mine, `metrics.${main}`).toBeTypeOf("number");
    for (const baseline of ["persistence", "linear", "base_rate"] as const) {
      const theirs = metrics[`${baseline}_${main}`];
      expect(theirs, `metrics.${baseline}_${main}`).toBeTypeOf("number");
      if (MAIN_METRIC_DIRECTION[main] === "lower") expect(mine, `${main} vs ${baseline}`).toBeLessThan(theirs as number);
      else expect(mine, `${main} vs ${baseline}`).toBeGreaterThan(theirs as number);
    }
    // The flags the app reads must agree with the numbers.
    expect(metrics.beats_persistence).toBe(1);
    expect(metrics.beats_linear).toBe(1);
  });

  it("records every baseline beside each model's metrics", () => {
    for (const def of MODEL_DEFINITIONS) {
      const metrics = manifest.models.find((e) => e.name === def.name)?.metrics ?? {};
      for (const prefix of ["", "base_rate_", "persistence_", "mean7d_", "linear_"]) {
        expect(metrics[`${prefix}${def.mainMetric}`], `${def.name}: ${prefix}${def.mainMetric}`).toBeTypeOf("number");
      }
    }
  });

  it("keeps the three probability models calibrated on held-out people: ECE ≤ 0.02, Brier below the base rate's", () => {
    for (const def of MODEL_DEFINITIONS.filter((d) => d.task !== "regression")) {
      const metrics = manifest.models.find((e) => e.name === def.name)?.metrics ?? {};
      expect(metrics.ece, `${def.name} ece`).toBeLessThanOrEqual(0.02);
      expect(metrics.brier, `${def.name} brier`).toBeLessThan(metrics.base_rate_brier as number);
    }
  });

  it("gives every model's explain file the mean output over the training population, one number per output", () => {
    for (const m of manifest.models) {
      const mean = m.explain?.mean_output;
      expect(mean?.length, m.name).toBe(m.task === "regression" ? 1 : m.labels?.length);
      if (m.task !== "regression") expect(mean?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });
});
