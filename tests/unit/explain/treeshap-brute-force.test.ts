import { describe, expect, it } from "vitest";
import { decodeTreeFile } from "@/lib/explain/tree-file";
import { explain } from "@/lib/explain/treeshap";
import { writeTreeFile } from "@/tools/training/gbm/explain/write-tree-file";
import { Random } from "@/tools/training/gbm/random";
import { bruteForce, N_FEATURES, randomEnsemble } from "../../support/brute-force-shap";

/**
 * TreeSHAP against the definition: Shapley values of v(S) = E[f(x) | x_S], where a split on a feature outside S
 * averages its children by cover. Computed here by enumerating every coalition, on small random trees (repeated
 * features on one path, NaN inputs, several outputs), independently of the path algebra in lib/explain/treeshap.ts.
 */
describe("TreeSHAP vs brute-force Shapley values", () => {
  it("agrees on 300 random small ensembles and inputs (including missing values), to rounding", () => {
    const rng = new Random(13);
    let worst = 0;
    for (let trial = 0; trial < 300; trial++) {
      const nOutputs = trial % 3 === 0 ? 3 : 1;
      const { ensemble, covers } = randomEnsemble(rng, nOutputs, 1 + rng.int(0, 3));
      const forest = decodeTreeFile(writeTreeFile(ensemble, covers));
      const row = Float32Array.from({ length: N_FEATURES }, () => (rng.chance(0.25) ? Number.NaN : rng.int(0, 8) / 2));
      const got = explain(forest, row);
      const want = bruteForce(ensemble, covers, row);
      for (let i = 0; i < want.length; i++) {
        worst = Math.max(worst, Math.abs((got.contributions[i] as number) - (want[i] as number)));
      }
    }
    // Both sides are float64 sums of the same float32 leaves; only the order of additions differs.
    expect(worst).toBeLessThan(1e-12);
  });
});
