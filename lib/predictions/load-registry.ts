import type { ModelRegistry } from "@/lib/models/registry";
import { hasUsageHistory } from "@/lib/models/usage-store";

/**
 * The model registry, imported on first use only: the registry pulls in onnxruntime-web, and the home page must ship
 * none of it until someone shows they are about to check in.
 */
export async function loadModelRegistry(): Promise<ModelRegistry> {
  const { getModelRegistry } = await import("@/lib/models/registry");
  return getModelRegistry();
}

/**
 * Ready before Save: on the first sign of a check-in (focus or input in the form), start the runtime and the sessions
 * of every model the check-in runs, in the background — from IndexedDB, or the network with progress on the first ever
 * visit. By the time the form is filled, Save → predictions is inference plus storage. Errors are left to the save
 * (which joins the same loads and reports them); `signal` cancels (a load stops once no caller waits for it).
 */
export async function warmUpModels(signal: AbortSignal): Promise<void> {
  try {
    const registry = await loadModelRegistry();
    await registry.loadAll({ signal });
  } catch {
    // Offline on a first visit, aborted, a server error: the save retries and says what went wrong.
  }
}

/**
 * Returning users: when the browser is idle, bring the most used models' bytes in from the network if they were
 * evicted (from IndexedDB they cost a read only). A first visit does nothing here — not even the manifest.
 */
export async function preloadForReturningUser(): Promise<void> {
  if (!hasUsageHistory()) return;
  try {
    await (await loadModelRegistry()).preloadByUsage();
  } catch {
    // Best effort, as preloading always is.
  }
}
