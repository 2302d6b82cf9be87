import type { ModelRegistry } from "@/lib/models/registry";

/**
 * The model registry, imported on first use only: the registry pulls in onnxruntime-web, and the home page must ship
 * none of it until someone saves a check-in.
 */
export async function loadModelRegistry(): Promise<ModelRegistry> {
  const { getModelRegistry } = await import("@/lib/models/registry");
  return getModelRegistry();
}
