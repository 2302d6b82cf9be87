import type { ShapForest } from "@/lib/explain/tree-file";
import { ProtoWriter } from "./protobuf-writer";

/**
 * Writes a forest as one ONNX TreeEnsembleClassifier or TreeEnsembleRegressor in the form the shipped models take
 * (tools/training/gbm/onnx/export.ts, docs/models.md "The file format"): IR 8, opsets ai.onnx 15 and ai.onnx.ml 3,
 * BRANCH_LEQ splits with nodes_missing_value_tracks_true, float32 input `input` [N, F]; classifiers output `label`
 * int64 [N] and `probabilities` float32 [N, C] (post_transform LOGISTIC for binary with every tree on class 0, SOFTMAX
 * for multiclass), regressors `variable` float32 [N, 1] (SUM, NONE). Node ids are each tree's preorder positions.
 *
 * Field numbers are those of onnx.proto (the subset in tools/training/gbm/onnx/onnx-schema.ts).
 */
export type OnnxWriteOptions = { graphName: string; docString: string; metadata: Record<string, string> };

const ATTR = { INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;
const ELEM = { float32: 1, int64: 7 } as const;
const encoder = new TextEncoder();

type Attribute = { name: string; write: (w: ProtoWriter) => void };

export function writeOnnx(forest: ShapForest, options: OnnxWriteOptions): Uint8Array {
  const isClassifier = forest.task !== "regression";
  const nClasses = forest.task === "binary" ? 2 : forest.nOutputs;
  const nTrees = forest.treeOutput.length;

  // Typed arrays sized up front: a combined model has ~10^5 nodes, and this runs in the person's browser.
  const nNodes = forest.feature.length;
  let nLeaves = 0;
  for (let n = 0; n < nNodes; n++) if ((forest.feature[n] as number) < 0) nLeaves += 1;
  const treeIds = new Uint32Array(nNodes);
  const nodeIds = new Uint32Array(nNodes);
  const featureIds = new Uint32Array(nNodes);
  const modes: Uint8Array[] = new Array<Uint8Array>(nNodes);
  const values = new Float32Array(nNodes);
  const trueIds = new Uint32Array(nNodes);
  const falseIds = new Uint32Array(nNodes);
  const missingTrue = new Uint8Array(nNodes);
  const leafTree = new Uint32Array(nLeaves);
  const leafNode = new Uint32Array(nLeaves);
  const leafTarget = new Uint32Array(nLeaves);
  const leafWeight = new Float32Array(nLeaves);
  const BRANCH_LEQ = encoder.encode("BRANCH_LEQ");
  const LEAF = encoder.encode("LEAF");
  let leaf = 0;
  for (let t = 0; t < nTrees; t++) {
    const start = forest.treeStart[t] as number;
    const end = forest.treeStart[t + 1] as number;
    for (let n = start; n < end; n++) {
      const f = forest.feature[n] as number;
      treeIds[n] = t;
      nodeIds[n] = n - start;
      if (f >= 0) {
        featureIds[n] = f;
        modes[n] = BRANCH_LEQ;
        values[n] = forest.threshold[n] as number;
        trueIds[n] = n + 1 - start;
        falseIds[n] = (forest.right[n] as number) - start;
        missingTrue[n] = forest.missingLeft[n] ? 1 : 0;
      } else {
        modes[n] = LEAF;
        leafTree[leaf] = t;
        leafNode[leaf] = n - start;
        leafTarget[leaf] = forest.treeOutput[t] as number;
        leafWeight[leaf] = forest.value[n] as number;
        leaf += 1;
      }
    }
  }

  const prefix = isClassifier ? "class" : "target";
  const ints = (name: string, v: ArrayLike<number>): Attribute => ({ name, write: (w) => w.packedVarints(8, v).varint(20, ATTR.INTS) });
  const floats = (name: string, v: ArrayLike<number>): Attribute => ({ name, write: (w) => w.packedFloats(7, v).varint(20, ATTR.FLOATS) });
  const str = (name: string, s: string): Attribute => ({ name, write: (w) => w.bytes(4, encoder.encode(s)).varint(20, ATTR.STRING) });
  const int = (name: string, i: number): Attribute => ({ name, write: (w) => w.varint(3, i).varint(20, ATTR.INT) });
  const strs = (name: string, v: Uint8Array[]): Attribute => ({
    name,
    write: (w) => w.repeatedBytes(9, v).varint(20, ATTR.STRINGS),
  });
  const attributes: Attribute[] = [
    ...(isClassifier ? [] : [str("aggregate_function", "SUM")]),
    ints(`${prefix}_ids`, leafTarget),
    ints(`${prefix}_nodeids`, leafNode),
    ints(`${prefix}_treeids`, leafTree),
    floats(`${prefix}_weights`, leafWeight),
    ...(isClassifier ? [ints("classlabels_int64s", Array.from({ length: nClasses }, (_, i) => i))] : [int("n_targets", 1)]),
    ints("nodes_falsenodeids", falseIds),
    ints("nodes_featureids", featureIds),
    floats("nodes_hitrates", new Float32Array(nNodes).fill(1)),
    ints("nodes_missing_value_tracks_true", missingTrue),
    strs("nodes_modes", modes),
    ints("nodes_nodeids", nodeIds),
    ints("nodes_treeids", treeIds),
    ints("nodes_truenodeids", trueIds),
    floats("nodes_values", values),
    str("post_transform", forest.task === "multiclass" ? "SOFTMAX" : forest.task === "binary" ? "LOGISTIC" : "NONE"),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const outputs: [string, number, number | null][] = isClassifier
    ? [
        ["label", ELEM.int64, null],
        ["probabilities", ELEM.float32, nClasses],
      ]
    : [["variable", ELEM.float32, 1]];
  const valueInfo = (w: ProtoWriter, name: string, elemType: number, width: number | null) => {
    w.string(1, name).message(2, (type) =>
      type.message(1, (tensor) =>
        tensor.varint(1, elemType).message(2, (shape) => {
          shape.message(1, (dim) => dim.string(2, "N"));
          if (width !== null) shape.message(1, (dim) => dim.varint(1, width));
        }),
      ),
    );
  };
  const opType = isClassifier ? "TreeEnsembleClassifier" : "TreeEnsembleRegressor";

  const model = new ProtoWriter()
    .varint(1, 8) // ir_version
    .string(2, "checkin-predict lib/personal")
    .string(3, "1")
    .string(4, "checkin-predict")
    .varint(5, 1) // model_version
    .string(6, options.docString)
    .message(7, (graph) => {
      graph.message(1, (node) => {
        node.string(1, "input");
        for (const [name] of outputs) node.string(2, name);
        node.string(3, opType).string(4, opType);
        for (const a of attributes) node.message(5, (w) => a.write(w.string(1, a.name)));
        node.string(7, "ai.onnx.ml");
      });
      graph.string(2, options.graphName);
      graph.message(11, (w) => valueInfo(w, "input", ELEM.float32, forest.nFeatures));
      for (const [name, elem, width] of outputs) graph.message(12, (w) => valueInfo(w, name, elem, width));
    })
    .message(8, (w) => w.string(1, "").varint(2, 15))
    .message(8, (w) => w.string(1, "ai.onnx.ml").varint(2, 3));
  for (const key of Object.keys(options.metadata).sort()) {
    model.message(14, (w) => w.string(1, key).string(2, options.metadata[key] as string));
  }
  return model.finish();
}
