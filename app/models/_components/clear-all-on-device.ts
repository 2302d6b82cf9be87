import type { ModelRegistry } from "@/lib/models/registry";

/** "Clear all" on the Models page. */
export async function clearAllOnDevice(registry: Pick<ModelRegistry, "clear">): Promise<void> {
  await registry.clear();
}
