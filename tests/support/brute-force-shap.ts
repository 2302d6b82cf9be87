import type { Tree, TreeEnsemble } from "@/tools/training/gbm/ensemble";
import type { Random } from "@/tools/training/gbm/random";

/**
 * Shapley values by definition, for tests: small random ensembles (repeated features on one path, several outputs)
 * and an enumeration of every coalition of v(S) = E[f(x) | x_S], where a split on a feature outside S averages its
 * children by cover. Independent of the path algebra in lib/explain/treeshap.ts.
 */
export const N_FEATURES = 5;

export function randomEnsemble(rng: Random, nOutputs: number, nTrees: number, task?: TreeEnsemble["task"]): { ensemble: TreeEnsemble; covers: Float64Array[] } {
  const trees: Tree[] = [];
  const covers: Float64Array[] = [];
  const treeOutput: number[] = [];
  for (let t = 0; t < nTrees * nOutputs; t++) {
    const tree: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [] };
    const cover: number[] = [];
    const grow = (depth: number): number => {
      const n = tree.feature.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.missingLeft.push(false);
      tree.left.push(0);
      tree.right.push(0);
      tree.value.push(0);
      cover.push(0);
      if (depth < 4 && rng.chance(depth === 0 ? 1 : 0.6)) {
        tree.feature[n] = rng.int(0, N_FEATURES - 1);
        // Half the thresholds sit exactly on input values (inputs are multiples of 0.5): ties, as real scores make them.
        tree.threshold[n] = Math.fround(rng.int(0, 8) / 2 + (rng.chance(0.5) ? 0 : 0.25));
        tree.missingLeft[n] = rng.chance(0.5);
        tree.left[n] = grow(depth + 1);
        tree.right[n] = grow(depth + 1);
      } else {
        tree.value[n] = Math.fround(rng.uniform(-2, 2));
        cover[n] = rng.int(1, 50);
      }
      return n;
    };
    grow(0);
    trees.push(tree);
    covers.push(Float64Array.from(cover));
    treeOutput.push(t % nOutputs);
  }
  return { ensemble: { task: task ?? (nOutputs > 1 ? "multiclass" : "regression"), nFeatures: N_FEATURES, nOutputs, trees, treeOutput }, covers };
}

/** [output][feature] Shapley values by enumerating all 2^M coalitions. */
export function bruteForce(ensemble: TreeEnsemble, leafCovers: Float64Array[], row: Float32Array): Float64Array {
  const M = ensemble.nFeatures;
  const out = new Float64Array(ensemble.nOutputs * M);
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const value = (inS: (f: number) => boolean, output: number): number => {
    let total = 0;
    ensemble.trees.forEach((tree, t) => {
      if (ensemble.treeOutput[t] !== output) return;
      const cover = leafCovers[t] as Float64Array;
      const weight = (n: number): number => ((tree.feature[n] as number) < 0 ? (cover[n] as number) : weight(tree.left[n] as number) + weight(tree.right[n] as number));
      const expect = (n: number): number => {
        const f = tree.feature[n] as number;
        if (f < 0) return tree.value[n] as number;
        const l = tree.left[n] as number;
        const r = tree.right[n] as number;
        if (inS(f)) {
          const x = row[f] as number;
          return expect(Number.isNaN(x) ? (tree.missingLeft[n] ? l : r) : x <= (tree.threshold[n] as number) ? l : r);
        }
        return (weight(l) * expect(l) + weight(r) * expect(r)) / weight(n);
      };
      total += expect(0);
    });
    return total;
  };
  for (let o = 0; o < ensemble.nOutputs; o++) {
    for (let i = 0; i < M; i++) {
      let phi = 0;
      for (let mask = 0; mask < 1 << M; mask++) {
        if (mask & (1 << i)) continue;
        let size = 0;
        for (let f = 0; f < M; f++) if (mask & (1 << f)) size += 1;
        const w = (factorial(size) * factorial(M - size - 1)) / factorial(M);
        phi += w * (value((f) => f === i || (mask & (1 << f)) !== 0, o) - value((f) => (mask & (1 << f)) !== 0, o));
      }
      out[o * M + i] = phi;
    }
  }
  return out;
}
