import type { TreeEnsemble } from "./gbm/ensemble";
import { exportOnnx } from "./gbm/onnx/export";

/**
 * The smallest model that exercises what the real ones do: a binary TreeEnsembleClassifier with one split. The app
 * creates a session from it right after onnxruntime's wasm is in hand, so that the wasm's instantiation, the execution
 * provider's start and the tree operator's first use run while the real models are still being read and hashed
 * (lib/models/warm-up-model.ts holds its bytes; tests/unit/models/warm-up-model.test.ts checks they are these).
 */
export function warmUpModelBytes(): Uint8Array {
  const ensemble: TreeEnsemble = {
    task: "binary",
    nFeatures: 1,
    nOutputs: 1,
    trees: [{ feature: [0, -1, -1], threshold: [0.5, 0, 0], missingLeft: [true, false, false], left: [1, 0, 0], right: [2, 0, 0], value: [0, -1, 1] }],
    treeOutput: [0],
  };
  return exportOnnx(ensemble, { graphName: "warm_up", docString: "Starts onnxruntime early; predicts nothing.", metadata: {} });
}
