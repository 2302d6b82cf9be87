/**
 * From raw-score TreeSHAP values to amounts of the shown probability (docs/models.md, "Why?").
 *
 * TreeSHAP splits the raw score exactly: Z = E + Σ_i φ_i (per output k: Z_k = E_k + Σ_i φ_{k,i}). The shown
 * probability p_c = g_c(Z) (sigmoid, or softmax's class c) is not additive in the features, so each feature's amount
 * is what moving the raw scores along its own contributions does to p_c, on the straight path from E to Z:
 *
 *   a_i = Σ_k w_k · φ_{k,i},   w_k = ∫₀¹ ∂g_c/∂z_k (E + t·(Z − E)) dt
 *
 * (the Aumann–Shapley / integrated-gradients rule for g applied to TreeSHAP's additive parts). The weights w_k are the
 * same for every feature of the row, so a feature's amount depends on its own contributions only, its sign is that of
 * Σ_k w_k φ_{k,i} (for a binary model w > 0: the sign of φ_i), and by the chain rule Σ_i a_i = g_c(Z) − g_c(E)
 * exactly: nothing is scaled to fit and nothing is left over for a "remainder" to absorb.
 * Binary: w = (σ(Z) − σ(E)) / (Z − E), the secant slope. Multiclass: w_k by Gauss–Legendre quadrature.
 */
export type LinkTask = "binary" | "multiclass";

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function softmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** The shown probability (class `cls`; for a binary model the positive class) at raw scores `z`. */
export function linkProbability(task: LinkTask, z: readonly number[], cls: number): number {
  return task === "binary" ? sigmoid(z[0] as number) : (softmax(z)[cls] as number);
}

/** w_k of the rule above: the path-averaged slope of the shown probability in each raw output. */
export function pathWeights(task: LinkTask, start: readonly number[], end: readonly number[], cls: number): number[] {
  if (task === "binary") {
    const e = start[0] as number;
    const z = end[0] as number;
    const d = z - e;
    // Below ~1e-6 the secant is lost to cancellation; the slope at the midpoint is then exact to O(d²).
    if (Math.abs(d) < 1e-6) {
      const s = sigmoid((e + z) / 2);
      return [s * (1 - s)];
    }
    return [(sigmoid(z) - sigmoid(e)) / d];
  }
  const k = start.length;
  const delta = end.map((v, o) => v - (start[o] as number));
  // The integrand is smooth but bends on a scale of one raw unit: one 8-point panel per raw unit travelled keeps the
  // quadrature error far below display precision (the tests check Σ a_i against g(Z) − g(E) to 1e-9).
  const span = delta.reduce((a, b) => a + Math.abs(b), 0);
  const panels = Math.min(256, Math.max(2, Math.ceil(2 * span)));
  const w = new Array<number>(k).fill(0);
  const z = new Array<number>(k);
  for (let p = 0; p < panels; p++) {
    for (let q = 0; q < GL_NODES.length; q++) {
      const t = (p + (GL_NODES[q] as number)) / panels;
      const weight = (GL_WEIGHTS[q] as number) / panels;
      for (let o = 0; o < k; o++) z[o] = (start[o] as number) + t * (delta[o] as number);
      const s = softmax(z);
      const pc = s[cls] as number;
      // ∂softmax_c/∂z_k = p_c (δ_ck − p_k)
      for (let o = 0; o < k; o++) w[o] = (w[o] as number) + weight * pc * ((o === cls ? 1 : 0) - (s[o] as number));
    }
  }
  return w;
}

/**
 * Per feature, the amount (as a probability, 0–1 scale) that it moves the shown probability: see the rule above.
 * `contributions` is TreeSHAP's [output][feature] row-major array; `expected` its per-output expected values.
 */
export function probabilityAmounts(task: LinkTask, contributions: ArrayLike<number>, expected: readonly number[], nFeatures: number, cls: number): number[] {
  const k = expected.length;
  const end = expected.map((e, o) => {
    let z = e;
    for (let i = 0; i < nFeatures; i++) z += contributions[o * nFeatures + i] as number;
    return z;
  });
  const w = pathWeights(task, expected, end, cls);
  return Array.from({ length: nFeatures }, (_, i) => {
    let a = 0;
    for (let o = 0; o < k; o++) a += (w[o] as number) * (contributions[o * nFeatures + i] as number);
    return a;
  });
}

// 8-point Gauss–Legendre on [0, 1].
const GL_X = [0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
const GL_NODES = [...GL_X.map((x) => (1 - x) / 2), ...GL_X.map((x) => (1 + x) / 2)];
const GL_WEIGHTS = [...GL_W.map((w) => w / 2), ...GL_W.map((w) => w / 2)];
