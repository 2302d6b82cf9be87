import { type Field, pushFloats, pushInts, text, WIRE, WireReader } from "./protobuf-wire";

/**
 * Thrown when an ONNX file holds something this reader does not evaluate exactly as onnxruntime would; the save then
 * waits for onnxruntime instead (early-model.ts).
 */
export class UnsupportedTreeModelError extends Error {
  override name = "UnsupportedTreeModelError";
  constructor(detail: string) {
    super(`This model cannot be evaluated before onnxruntime starts (${detail}); its prediction waits for onnxruntime.`);
  }
}

/**
 * One ai.onnx.ml TreeEnsembleClassifier or TreeEnsembleRegressor, in flat arrays indexed by the node's position in the
 * file. Exactly what our pipeline writes (tools/training/gbm/onnx/export.ts): BRANCH_LEQ splits and leaves, float32
 * thresholds and weights, no base values; binary classifiers with mixed-sign weights on one class and LOGISTIC,
 * multiclass with SOFTMAX, regression with SUM and NONE. Anything else is refused, not approximated.
 */
export type TreeEnsembleModel = {
  kind: "binary" | "multiclass" | "regression";
  /** Classifiers: the class labels (`classlabels_int64s`); regression: []. */
  labels: number[];
  /** Output columns: classes for multiclass, 1 otherwise. */
  nOutputs: number;
  /** Per node: the input column compared, or -1 for a leaf. */
  feature: Int32Array;
  threshold: Float32Array;
  /** 1 when a NaN input takes the true branch (`nodes_missing_value_tracks_true`). */
  missingTrue: Uint8Array;
  /** Per branch node: the node index of its true and false children. */
  trueNode: Int32Array;
  falseNode: Int32Array;
  /** Per leaf: its weights are `weightTarget/weightValue[leafStart[n] .. leafStart[n] + leafCount[n]]`, in file order. */
  leafStart: Int32Array;
  leafCount: Int32Array;
  weightTarget: Int32Array;
  weightValue: Float32Array;
  /** The first node listed for each tree, in the order trees first appear: onnxruntime sums trees in this order. */
  roots: Int32Array;
};

type Attribute = { ints: number[]; floats: number[]; strings: string[]; s: string | undefined };

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const NODE_DOMAIN = 7;
const ATTR_NAME = 1;
const ATTR_INT = 3;
const ATTR_S = 4;
const ATTR_FLOATS = 7;
const ATTR_INTS = 8;
const ATTR_STRINGS = 9;

const INTS_VARINT_KEY = (ATTR_INTS << 3) | WIRE.VARINT;
const FLOATS_FIXED32_KEY = (ATTR_FLOATS << 3) | WIRE.FIXED32;
const STRINGS_LEN_KEY = (ATTR_STRINGS << 3) | WIRE.LEN;

const OPS = new Set(["TreeEnsembleClassifier", "TreeEnsembleRegressor"]);

/** Reads the tree ensemble of an ONNX model's bytes (already checked against the manifest's SHA-256). */
export function readTreeEnsemble(bytes: Uint8Array): TreeEnsembleModel {
  const { opType, attributes } = findEnsembleNode(bytes);
  const get = (name: string): Attribute => attributes.get(name) ?? { ints: [], floats: [], strings: [], s: undefined };
  for (const name of ["base_values", "base_values_as_tensor", "nodes_values_as_tensor", "class_weights_as_tensor", "target_weights_as_tensor"]) {
    if (attributes.has(name)) throw new UnsupportedTreeModelError(`attribute ${name}`);
  }
  const isClassifier = opType === "TreeEnsembleClassifier";
  const prefix = isClassifier ? "class" : "target";
  const postTransform = get("post_transform").s ?? "NONE";
  const labels = isClassifier ? get("classlabels_int64s").ints : [];
  if (isClassifier && labels.length < 2) throw new UnsupportedTreeModelError("classifier without classlabels_int64s");

  const treeIds = get("nodes_treeids").ints;
  const nodeIds = get("nodes_nodeids").ints;
  const n = treeIds.length;
  const modes = get("nodes_modes").strings;
  const features = get("nodes_featureids").ints;
  const values = get("nodes_values").floats;
  const trueIds = get("nodes_truenodeids").ints;
  const falseIds = get("nodes_falsenodeids").ints;
  const missing = get("nodes_missing_value_tracks_true").ints;
  for (const [name, list] of [["nodes_nodeids", nodeIds], ["nodes_modes", modes], ["nodes_featureids", features], ["nodes_values", values], ["nodes_truenodeids", trueIds], ["nodes_falsenodeids", falseIds]] as const) {
    if (list.length !== n) throw new UnsupportedTreeModelError(`${name} has ${list.length} entries for ${n} nodes`);
  }
  if (missing.length !== 0 && missing.length !== n) throw new UnsupportedTreeModelError("nodes_missing_value_tracks_true of the wrong length");

  const model: TreeEnsembleModel = {
    kind: "regression",
    labels,
    nOutputs: 1,
    feature: new Int32Array(n),
    threshold: new Float32Array(n),
    missingTrue: new Uint8Array(n),
    trueNode: new Int32Array(n),
    falseNode: new Int32Array(n),
    leafStart: new Int32Array(n),
    leafCount: new Int32Array(n),
    weightTarget: new Int32Array(0),
    weightValue: new Float32Array(0),
    roots: new Int32Array(0),
  };

  // (tree id, node id) → node index. Our writer lists each tree's nodes together, with ids 0..k-1: that is required
  // here (anything else is refused), and makes the lookup an array index. Roots are each tree's first node listed, in
  // order, as onnxruntime's Init builds `roots_` — and the order it sums the trees in.
  const blockStart = new Map<number, number>();
  const blockLength = new Map<number, number>();
  const position = new Int32Array(n).fill(-1);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = treeIds[i] as number;
    if (i === 0 || t !== treeIds[i - 1]) {
      if (blockStart.has(t)) throw new UnsupportedTreeModelError(`the nodes of tree ${t} are not listed together`);
      blockStart.set(t, i);
      roots.push(i);
    }
    blockLength.set(t, i - (blockStart.get(t) as number) + 1);
  }
  for (let i = 0; i < n; i++) {
    const start = blockStart.get(treeIds[i] as number) as number;
    const id = nodeIds[i] as number;
    if (id < 0 || id >= (blockLength.get(treeIds[i] as number) as number) || position[start + id] !== -1) {
      throw new UnsupportedTreeModelError(`tree ${treeIds[i]} has node ids other than 0..${(blockLength.get(treeIds[i] as number) as number) - 1}`);
    }
    position[start + id] = i;
  }
  model.roots = Int32Array.from(roots);
  const resolve = (t: number, id: number): number => {
    const start = blockStart.get(t);
    const j = start === undefined || id < 0 || id >= (blockLength.get(t) as number) ? -1 : (position[start + id] as number);
    if (j < 0) throw new UnsupportedTreeModelError(`tree ${t} points to missing node ${id}`);
    return j;
  };

  for (let i = 0; i < n; i++) {
    const mode = modes[i];
    const t = treeIds[i] as number;
    model.missingTrue[i] = (missing[i] ?? 0) === 1 ? 1 : 0;
    if (mode === "LEAF") {
      model.feature[i] = -1;
      continue;
    }
    if (mode !== "BRANCH_LEQ") throw new UnsupportedTreeModelError(`node mode ${mode}`);
    model.feature[i] = features[i] as number;
    model.threshold[i] = values[i] as number; // already float32: read as such from the file
    model.trueNode[i] = resolve(t, trueIds[i] as number);
    model.falseNode[i] = resolve(t, falseIds[i] as number);
  }

  const wTrees = get(`${prefix}_treeids`).ints;
  const wNodes = get(`${prefix}_nodeids`).ints;
  const wTargets = get(`${prefix}_ids`).ints;
  const wValues = get(`${prefix}_weights`).floats;
  if (wNodes.length !== wTrees.length || wTargets.length !== wTrees.length || wValues.length !== wTrees.length) {
    throw new UnsupportedTreeModelError(`${prefix} weight lists of different lengths`);
  }
  attachWeights(model, wTrees, wNodes, wTargets, wValues, resolve);

  const targets = new Set(wTargets);
  if (isClassifier) {
    // onnxruntime's binary case: two labels and every weight on one class; its label is then the raw score's sign
    // when weights have mixed signs, which is what LightGBM-style trees have.
    if (labels.length === 2 && targets.size === 1 && targets.has(0)) {
      if (postTransform !== "LOGISTIC") throw new UnsupportedTreeModelError(`binary post_transform ${postTransform}`);
      if (wValues.every((w) => w >= 0)) throw new UnsupportedTreeModelError("a binary classifier with only positive weights");
      model.kind = "binary";
    } else if (labels.length > 2 && [...targets].every((c) => c >= 0 && c < labels.length)) {
      if (postTransform !== "SOFTMAX") throw new UnsupportedTreeModelError(`multiclass post_transform ${postTransform}`);
      model.kind = "multiclass";
      model.nOutputs = labels.length;
    } else {
      throw new UnsupportedTreeModelError(`${labels.length} class labels with weights on classes ${[...targets].join(", ")}`);
    }
  } else {
    if (postTransform !== "NONE") throw new UnsupportedTreeModelError(`regression post_transform ${postTransform}`);
    const aggregate = get("aggregate_function").s ?? "SUM";
    if (aggregate !== "SUM") throw new UnsupportedTreeModelError(`aggregate_function ${aggregate}`);
    const nTargets = get("n_targets").ints[0] ?? 1;
    if (nTargets !== 1 || !(targets.size === 1 && targets.has(0))) throw new UnsupportedTreeModelError(`${nTargets} regression targets`);
  }
  return model;
}

/** Groups the leaf weights by leaf, keeping file order within a leaf (onnxruntime adds them in that order). */
function attachWeights(model: TreeEnsembleModel, trees: number[], nodes: number[], targets: number[], values: number[], resolve: (t: number, id: number) => number): void {
  const leafOf = trees.map((t, i) => resolve(t, nodes[i] as number));
  for (const leaf of leafOf) {
    if ((model.feature[leaf] as number) >= 0) throw new UnsupportedTreeModelError("a weight on a branch node");
    model.leafCount[leaf] = (model.leafCount[leaf] as number) + 1;
  }
  let offset = 0;
  for (let i = 0; i < model.leafCount.length; i++) {
    model.leafStart[i] = offset;
    offset += model.leafCount[i] as number;
  }
  const filled = new Int32Array(model.leafCount.length);
  model.weightTarget = new Int32Array(offset);
  model.weightValue = new Float32Array(offset);
  leafOf.forEach((leaf, i) => {
    const at = (model.leafStart[leaf] as number) + (filled[leaf] as number);
    filled[leaf] = (filled[leaf] as number) + 1;
    model.weightTarget[at] = targets[i] as number;
    model.weightValue[at] = values[i] as number;
  });
}

/** The graph's one TreeEnsemble node and its attributes, by name. */
function findEnsembleNode(bytes: Uint8Array): { opType: string; attributes: Map<string, Attribute> } {
  const top = new WireReader(bytes);
  let graph: Field | undefined;
  while (!top.done) {
    const field = top.next();
    if (field.number === MODEL_GRAPH) graph = field;
  }
  if (!graph) throw new UnsupportedTreeModelError("no graph");
  const found: { opType: string; node: Field }[] = [];
  const graphReader = new WireReader(bytes, graph.start, graph.end);
  while (!graphReader.done) {
    const field = graphReader.next();
    if (field.number !== GRAPH_NODE) continue;
    const nodeReader = new WireReader(bytes, field.start, field.end);
    let opType = "";
    let domain = "";
    while (!nodeReader.done) {
      const f = nodeReader.next();
      if (f.number === NODE_OP_TYPE) opType = text(bytes, f);
      else if (f.number === NODE_DOMAIN) domain = text(bytes, f);
    }
    found.push({ opType: domain === "ai.onnx.ml" && OPS.has(opType) ? opType : `${domain}:${opType}`, node: field });
  }
  // One node, the ensemble, whose outputs are the graph's: anything before or after it (a ZipMap, a Cast) would change
  // what the app reads.
  const only = found[0];
  if (found.length !== 1 || !only || !OPS.has(only.opType)) throw new UnsupportedTreeModelError(`graph nodes ${found.map((f) => f.opType).join(", ") || "(none)"}`);
  const attributes = new Map<string, Attribute>();
  const nodeReader = new WireReader(bytes, only.node.start, only.node.end);
  while (!nodeReader.done) {
    const f = nodeReader.next();
    if (f.number !== NODE_ATTRIBUTE) continue;
    const read = readAttribute(nodeReader, f);
    if (read) attributes.set(read.name, read.attribute);
  }
  return { opType: only.opType, attributes };
}

/**
 * One AttributeProto. Its lists are read in one tight loop over the bytes, without an object per value: 65,000-long
 * unpacked lists (proto2 writers emit one key per value) made a generic field-by-field reader spend most of its
 * time allocating and collecting.
 */
/** Attributes the evaluator ignores, like onnxruntime (hit rates only guide its node layout): not decoded. */
const IGNORED = new Set(["nodes_hitrates"]);

function readAttribute(parent: WireReader, field: Field): { name: string; attribute: Attribute } | null {
  const bytes = parent.bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const attribute: Attribute = { ints: [], floats: [], strings: [], s: undefined };
  const { ints, floats } = attribute;
  const end = field.end;
  let name = "";
  let pos = field.start;
  const seen: Uint8Array[] = [];
  while (pos < end) {
    const key = bytes[pos] as number;
    // Keys of fields 1-15 are one byte. Unpacked ints (ids, features: one to three bytes) and floats, and short
    // strings (node modes), are read right here.
    if (key === INTS_VARINT_KEY) {
      let value = 0;
      let shift = 0;
      let at = pos + 1;
      let b = 0x80;
      while (at < end && shift < 28 && b >= 0x80) {
        b = bytes[at++] as number;
        value |= (b & 0x7f) << shift;
        shift += 7;
      }
      if (b < 0x80) {
        ints.push(value);
        pos = at;
        continue;
      }
    } else if (key === FLOATS_FIXED32_KEY && pos + 5 <= end) {
      floats.push(view.getFloat32(pos + 1, true));
      pos += 5;
      continue;
    } else if (key === STRINGS_LEN_KEY && pos + 1 < end && (bytes[pos + 1] as number) < 0x80) {
      const start = pos + 2;
      const stop = start + (bytes[pos + 1] as number);
      if (stop <= end) {
        attribute.strings.push(internText(bytes, start, stop, seen));
        pos = stop;
        continue;
      }
    }
    const reader = new WireReader(bytes, pos, end);
    const f = reader.next();
    pos = f.end;
    switch (f.number) {
      case ATTR_NAME:
        name = text(bytes, f);
        // The name comes first in our files (fields in number order): 65,000 hit rates are then never decoded.
        if (IGNORED.has(name)) return null;
        break;
      case ATTR_INT:
        ints.push(f.value);
        break;
      case ATTR_S:
        attribute.s = text(bytes, f);
        break;
      case ATTR_FLOATS:
        pushFloats(reader, f, floats);
        break;
      case ATTR_INTS:
        pushInts(reader, f, ints);
        break;
      case ATTR_STRINGS:
        attribute.strings.push(text(bytes, f));
        break;
      default:
        break; // type, doc_string and the rest: not needed to evaluate
    }
  }
  return { name, attribute };
}

const interned = new WeakMap<Uint8Array, string>();

/**
 * A short string, decoded once per distinct value: node modes are 65,000 strings of two values, and building each
 * anew was a large part of the parse.
 */
function internText(bytes: Uint8Array, start: number, stop: number, seen: Uint8Array[]): string {
  const length = stop - start;
  outer: for (const known of seen) {
    if (known.length !== length) continue;
    for (let k = 0; k < length; k++) if (known[k] !== bytes[start + k]) continue outer;
    return interned.get(known) as string;
  }
  const copy = bytes.slice(start, stop);
  seen.push(copy);
  const value = text(bytes, { number: ATTR_STRINGS, wire: WIRE.LEN, start, end: stop, value: 0 });
  interned.set(copy, value);
  return value;
}
