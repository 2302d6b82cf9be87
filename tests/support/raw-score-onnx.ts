import { modelProtoType } from "@/tools/training/gbm/onnx/onnx-schema";
import { ATTRIBUTE_TYPE, ELEM_TYPE } from "@/tools/training/gbm/onnx/onnx-schema";

type Attr = { name: string; type?: number; i?: unknown; s?: Uint8Array; ints?: unknown[]; floats?: number[]; strings?: Uint8Array[] };
type Model = {
  graph: {
    node: { op_type: string; name?: string; output: string[]; attribute: Attr[] }[];
    output: { name: string; type: { tensor_type: { elem_type: number; shape: { dim: Record<string, unknown>[] } } } }[];
  };
};

/**
 * The same .onnx with its post-transform removed, so that onnxruntime itself reports the raw score (the margin
 * before sigmoid/softmax) that TreeSHAP decomposes: a TreeEnsembleClassifier becomes a TreeEnsembleRegressor over the
 * very same nodes, thresholds and leaf weights (class_* → target_*, one target per class column; a binary model's
 * single column is its logit), post_transform NONE, SUM. Output: "variable", float32 [N, nOutputs].
 * Inverting onnxruntime's float32 probabilities instead would lose ~1e-4 of the logit near p = 1.
 */
export function rawScoreModel(bytes: Uint8Array): { bytes: Uint8Array; nOutputs: number } {
  const type = modelProtoType();
  const model = type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as Model;
  const node = model.graph.node[0];
  if (!node) throw new Error("the model has no node");
  const attrs = node.attribute;
  const find = (name: string) => attrs.find((a) => a.name === name);
  let nOutputs = 1;
  if (node.op_type === "TreeEnsembleClassifier") {
    const labels = (find("classlabels_int64s")?.ints ?? []).map(Number);
    const classIds = (find("class_ids")?.ints ?? []).map(Number);
    nOutputs = labels.length === 2 && classIds.every((c) => c === 0) ? 1 : labels.length;
    node.attribute = attrs
      .filter((a) => a.name !== "classlabels_int64s" && a.name !== "post_transform")
      .map((a) => (a.name.startsWith("class_") ? { ...a, name: a.name.replace(/^class_/, "target_") } : a));
    node.attribute.push(
      { name: "n_targets", type: ATTRIBUTE_TYPE.INT, i: nOutputs },
      { name: "aggregate_function", type: ATTRIBUTE_TYPE.STRING, s: new TextEncoder().encode("SUM") },
      { name: "post_transform", type: ATTRIBUTE_TYPE.STRING, s: new TextEncoder().encode("NONE") },
    );
    node.op_type = "TreeEnsembleRegressor";
    node.name = "TreeEnsembleRegressor";
    node.output = ["variable"];
    model.graph.output = [
      { name: "variable", type: { tensor_type: { elem_type: ELEM_TYPE.float32, shape: { dim: [{ dim_param: "N" }, { dim_value: nOutputs }] } } } },
    ];
  }
  return { bytes: type.encode(type.fromObject(model)).finish(), nOutputs };
}
