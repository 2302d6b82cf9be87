import type { LocalStore } from "@/lib/data/local/local-db";
import type { ModelRegistry } from "@/lib/models/registry";
import { isPersonalOff, listPersonalModels } from "@/lib/personal/store/personal-models-store";
import { isPersonalType } from "@/lib/personal/types";
import type { PersonalLookup } from "@/lib/predictions/run-predictions";

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/**
 * Which personal models a Save uses: one per type whose gate chose it (decision "personal"), built on the generic
 * model the manifest lists now, unless the person turned personal models off. Reads the store once per Save (Blob
 * handles: the bytes are read only when the registry has no live session of that build).
 */
export async function personalLookup(store: LocalStore, registry: Pick<ModelRegistry, "getPersonal">, userId: string): Promise<PersonalLookup> {
  if (await isPersonalOff(store, userId)) return async () => null;
  const records = new Map((await listPersonalModels(store, userId)).map((r) => [r.prediction_type, r]));
  return async (type, generic) => {
    const record = isPersonalType(type) ? records.get(type) : undefined;
    const model = record?.model;
    if (!record || !model || record.decision !== "personal") return null;
    const g = record.generic;
    // Built on another generic version: never used (the next build replaces it).
    if (g.name !== generic.name || g.version !== generic.version || g.sha256 !== generic.sha256) return null;
    try {
      const loaded = await registry.getPersonal({
        generic,
        size: model.onnx.size,
        read: () => bytesOf(model.onnx),
        sha256: model.sha256,
        tree: { bytes: model.treeFile.size, sha256: model.treeSha256 },
      });
      return { model: loaded, treeFile: () => bytesOf(model.treeFile) };
    } catch {
      return null; // the generic model answers; the Models page shows the build's state
    }
  };
}
