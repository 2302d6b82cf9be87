import type { TreeEnsemble } from "../ensemble";
import { ATTRIBUTE_TYPE, ELEM_TYPE, modelProtoType } from "./onnx-schema";

export type OnnxExportOptions = {
  graphName: string;
  docString: string;
  /** Key/value pairs stored in ModelProto.metadata_props (sorted by key for stable bytes). */
  metadata: Record<string, string>;
};

/** Output tensor names, as onnxmltools' LightGBM converter names them with `zipmap=False`. */
export const INPUT_NAME = "input";
export const CLASSIFIER_OUTPUTS = ["label", "probabilities"] as const;
export const REGRESSOR_OUTPUTS = ["variable"] as const;

const encoder = new TextEncoder();
const BRANCH_LEQ = encoder.encode("BRANCH_LEQ");
const LEAF = encoder.encode("LEAF");

type Attribute = Record<string, unknown>;

/**
 * Writes the ensemble as an ONNX model in the form LightGBM → ONNX converters emit: one ai.onnx.ml (opset 3)
 * TreeEnsembleClassifier (label int64 [N], probabilities float32 [N, C], no ZipMap) or TreeEnsembleRegressor
 * (variable float32 [N, 1]) reading a float32 [N, F] input. Every attribute is written in a fixed order, so the
 * same ensemble always gives the same bytes.
 */
export function exportOnnx(ensemble: TreeEnsemble, options: OnnxExportOptions): Uint8Array {
  const isClassifier = ensemble.task !== "regression";
  const nClasses = ensemble.task === "binary" ? 2 : ensemble.nOutputs;

  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: Uint8Array[] = [];
  const values: number[] = [];
  const hitrates: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const leafTree: number[] = [];
  const leafNode: number[] = [];
  const leafTarget: number[] = [];
  const leafWeight: number[] = [];

  ensemble.trees.forEach((tree, t) => {
    for (let n = 0; n < tree.feature.length; n++) {
      const f = tree.feature[n] as number;
      treeIds.push(t);
      nodeIds.push(n);
      hitrates.push(1);
      if (f >= 0) {
        featureIds.push(f);
        modes.push(BRANCH_LEQ);
        values.push(tree.threshold[n] as number);
        trueIds.push(tree.left[n] as number);
        falseIds.push(tree.right[n] as number);
        missingTrue.push(tree.missingLeft[n] ? 1 : 0);
      } else {
        featureIds.push(0);
        modes.push(LEAF);
        values.push(0);
        trueIds.push(0);
        falseIds.push(0);
        missingTrue.push(0);
        leafTree.push(t);
        leafNode.push(n);
        leafTarget.push(ensemble.treeOutput[t] as number);
        leafWeight.push(tree.value[n] as number);
      }
    }
  });

  const leafPrefix = isClassifier ? "class" : "target";
  const attributes: Attribute[] = [
    ...(isClassifier ? [] : [str("aggregate_function", "SUM")]),
    ints(`${leafPrefix}_ids`, leafTarget),
    ints(`${leafPrefix}_nodeids`, leafNode),
    ints(`${leafPrefix}_treeids`, leafTree),
    floats(`${leafPrefix}_weights`, leafWeight),
    ...(isClassifier ? [ints("classlabels_int64s", Array.from({ length: nClasses }, (_, i) => i))] : [int("n_targets", 1)]),
    ints("nodes_falsenodeids", falseIds),
    ints("nodes_featureids", featureIds),
    floats("nodes_hitrates", hitrates),
    ints("nodes_missing_value_tracks_true", missingTrue),
    strs("nodes_modes", modes),
    ints("nodes_nodeids", nodeIds),
    ints("nodes_treeids", treeIds),
    ints("nodes_truenodeids", trueIds),
    floats("nodes_values", values),
    str("post_transform", ensemble.task === "multiclass" ? "SOFTMAX" : ensemble.task === "binary" ? "LOGISTIC" : "NONE"),
  ].sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));

  const batch = { dim_param: "N" };
  const outputs = isClassifier
    ? [
        valueInfo("label", ELEM_TYPE.int64, [batch]),
        valueInfo("probabilities", ELEM_TYPE.float32, [batch, { dim_value: nClasses }]),
      ]
    : [valueInfo("variable", ELEM_TYPE.float32, [batch, { dim_value: 1 }])];

  const opType = isClassifier ? "TreeEnsembleClassifier" : "TreeEnsembleRegressor";
  const model = {
    ir_version: 8,
    producer_name: "checkin-predict lib/gbm",
    producer_version: "1",
    domain: "checkin-predict",
    model_version: 1,
    doc_string: options.docString,
    graph: {
      node: [
        {
          input: [INPUT_NAME],
          output: outputs.map((o) => o.name),
          name: opType,
          op_type: opType,
          domain: "ai.onnx.ml",
          attribute: attributes,
        },
      ],
      name: options.graphName,
      input: [valueInfo(INPUT_NAME, ELEM_TYPE.float32, [batch, { dim_value: ensemble.nFeatures }])],
      output: outputs,
    },
    opset_import: [
      { domain: "", version: 15 },
      { domain: "ai.onnx.ml", version: 3 },
    ],
    metadata_props: Object.keys(options.metadata)
      .sort()
      .map((key) => ({ key, value: options.metadata[key] })),
  };
  const type = modelProtoType();
  return type.encode(type.fromObject(model)).finish();
}

function valueInfo(name: string, elemType: number, dims: Record<string, unknown>[]) {
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim: dims } } } };
}
function int(name: string, i: number): Attribute {
  return { name, type: ATTRIBUTE_TYPE.INT, i };
}
function ints(name: string, values: number[]): Attribute {
  return { name, type: ATTRIBUTE_TYPE.INTS, ints: values };
}
function floats(name: string, values: number[]): Attribute {
  return { name, type: ATTRIBUTE_TYPE.FLOATS, floats: values };
}
function str(name: string, value: string): Attribute {
  return { name, type: ATTRIBUTE_TYPE.STRING, s: encoder.encode(value) };
}
function strs(name: string, values: Uint8Array[]): Attribute {
  return { name, type: ATTRIBUTE_TYPE.STRINGS, strings: values };
}
