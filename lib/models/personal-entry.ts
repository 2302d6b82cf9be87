import { MANIFEST_LIMITS, type ModelEntry } from "./manifest-schema";

/** Appended to the generic model's name: the stored prediction row says which model made it. */
export const PERSONAL_SUFFIX = "_personal";

/** A personal model: the generic model's trees plus the person's own, built on this device (lib/personal/). */
export type PersonalModelSpec = {
  /** The manifest entry of the generic model it continues (the same input, outputs, labels and target). */
  generic: ModelEntry;
  /** Its size, and how to read its bytes (from the device's store: only when no session of it is live). */
  size: number;
  read: () => Promise<Uint8Array>;
  /** Lowercase hex SHA-256 the bytes must have: checked before a session is made. */
  sha256: string;
  /** Its tree file for "Why?" (kept on the device with it), when there is one. */
  tree?: { bytes: number; sha256: string };
};

/**
 * The entry a personal model runs and is stored under: the generic one's contract, with a name and version of its own.
 * Within the database's limits (MANIFEST_LIMITS, supabase/migrations/002_predictions.sql): the name is the generic
 * name + "_personal" (≤ 100), the version the generic version + "+p." + 12 hex of the personal bytes' hash (≤ 50),
 * so a prediction row names the generic version it was based on and which personal build made it.
 */
export function personalEntry(spec: Omit<PersonalModelSpec, "read">): ModelEntry {
  const { generic, sha256, size, tree } = spec;
  const hash = `+p.${sha256.slice(0, 12)}`;
  const name = `${generic.name.slice(0, MANIFEST_LIMITS.nameLength - PERSONAL_SUFFIX.length)}${PERSONAL_SUFFIX}`;
  const version = `${generic.version.slice(0, MANIFEST_LIMITS.versionLength - hash.length)}${hash}`;
  const { compressed: _compressed, explain: _explain, ...rest } = generic;
  return {
    ...rest,
    name,
    version,
    title: `${generic.title} (personal)`,
    file: `${name}.${sha256.slice(0, 12)}.onnx`,
    bytes: size,
    sha256,
    // Its held-out numbers are the person's, shown on the Models page; the generic model's metrics are not its own.
    metrics: {},
    ...(tree ? { explain: { format: "treeshap-v1" as const, file: `${name}.${tree.sha256.slice(0, 12)}.trees`, bytes: tree.bytes, sha256: tree.sha256 } } : {}),
  };
}

export function isPersonalModelName(name: string): boolean {
  return name.endsWith(PERSONAL_SUFFIX);
}
