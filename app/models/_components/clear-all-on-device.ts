import { clearTreeFiles } from "@/lib/explain/explain-prediction";
import type { ModelRegistry } from "@/lib/models/registry";

/**
 * "Clear all" on the Models page: the models and onnxruntime (the registry's) and the "Why?" tree files (lib/explain's
 * own database, which the registry does not know of — each module clears what it owns).
 */
export async function clearAllOnDevice(registry: Pick<ModelRegistry, "clear">): Promise<void> {
  await Promise.all([registry.clear(), clearTreeFiles()]);
}
