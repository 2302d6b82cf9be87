import { applyBinMapper, fitBinMapper } from "./binning";
import type { Task, TreeEnsemble } from "./ensemble";
import { growTree, leafOfBinnedRow, type TreeParams } from "./grow-tree";
import type { Objective } from "./objectives";
import { Random } from "./random";

export type TrainParams = TreeParams & {
  task: Task;
  objective: Objective;
  /** Boosting rounds; a multiclass round adds one tree per class. */
  rounds: number;
  learningRate: number;
  /** Bins per feature including the NaN bin (≤ 256). */
  maxBins: number;
  /** Fraction of rows each round trains on (bagging, redrawn every round from `seed`). */
  baggingFraction: number;
  seed: number;
};

export type TrainingData = { x: Float32Array; y: Float64Array; nRows: number; nFeatures: number };

/**
 * Gradient boosting with histogram splits. The constant initial score is folded into the leaves of the first
 * round's trees (as LightGBM does with `boost_from_average`), so the exported ensemble needs no base values.
 */
export function train(data: TrainingData, params: TrainParams, onRound?: (round: number) => void): TreeEnsemble {
  const { nRows, nFeatures, y } = data;
  const k = params.objective.nOutputs;
  const binned = applyBinMapper(fitBinMapper(data.x, nRows, nFeatures, params.maxBins), data.x, nRows, nFeatures);
  const init = params.objective.initScores(y);
  const scores = new Float64Array(nRows * k);
  const grad = new Float64Array(nRows * k);
  const hess = new Float64Array(nRows * k);
  const g1 = new Float64Array(nRows);
  const h1 = new Float64Array(nRows);
  const rng = new Random(params.seed);
  const ensemble: TreeEnsemble = { task: params.task, nFeatures, nOutputs: k, trees: [], treeOutput: [] };

  for (let round = 0; round < params.rounds; round++) {
    params.objective.gradients(y, scores, grad, hess);
    const bag = sampleRows(nRows, params.baggingFraction, rng);
    for (let c = 0; c < k; c++) {
      for (let r = 0; r < nRows; r++) {
        g1[r] = grad[r * k + c] as number;
        h1[r] = hess[r * k + c] as number;
      }
      const grown = growTree(binned, g1, h1, bag.slice(), params);
      const offset = round === 0 ? (init[c] as number) : 0;
      const values = grown.tree.value;
      for (let n = 0; n < values.length; n++) {
        values[n] = grown.tree.feature[n] === -1 ? Math.fround((values[n] as number) * params.learningRate + offset) : 0;
      }
      for (let r = 0; r < nRows; r++) {
        scores[r * k + c] = (scores[r * k + c] as number) + (values[leafOfBinnedRow(grown, binned, r)] as number);
      }
      ensemble.trees.push(grown.tree);
      ensemble.treeOutput.push(c);
    }
    onRound?.(round);
  }
  return ensemble;
}

function sampleRows(nRows: number, fraction: number, rng: Random): Uint32Array {
  if (fraction >= 1) return Uint32Array.from({ length: nRows }, (_, i) => i);
  const picked: number[] = [];
  for (let r = 0; r < nRows; r++) if (rng.next() < fraction) picked.push(r);
  return Uint32Array.from(picked);
}
