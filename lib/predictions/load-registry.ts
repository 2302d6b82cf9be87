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
    // Beside it, the early evaluator (lib/models/early-model.ts), for a Save tapped before onnxruntime is up.
    void registry.prepareEarly({ signal }).catch(() => undefined);
    await registry.loadAll({ signal });
  } catch {
    // Offline on a first visit, aborted, a server error: the save retries and says what went wrong.
  }
}

/**
 * Returning users, when the browser is idle after the page loaded: the runtime starts at once if it is stored (it needs
 * no manifest); if every model is stored on this device too (no network needed), start them now — the runtime's compile and the five sessions take seconds on a phone, and
 * a person who fills the form and taps Save at once would otherwise wait for all of it (issue 20: 1.7–2.3 s). Else
 * only bring the most used models' bytes in from the network, as before.
 * A first visit does nothing here — not even the manifest. `signal` cancels (the page went away).
 */
export async function startForReturningUser(signal: AbortSignal): Promise<void> {
  if (!hasUsageHistory()) return;
  try {
    const registry = await loadModelRegistry();
    // The runtime first, from this device alone: its start overlaps the manifest's fetch. A person who has checked in
    // here before and still holds the runtime is about to need it; without the models stored, only the runtime runs.
    void registry.startRuntimeIfStored();
    if (await registry.storedLocally()) {
      // The exact evaluator beside onnxruntime's start, for a Save made before onnxruntime is up (docs/models.md).
      void registry.prepareEarly({ signal }).catch(() => undefined);
      await registry.loadAll({ signal });
    }
    else await registry.preloadByUsage();
  } catch {
    // Best effort: the warm-up on intent and the save join the same loads and report errors.
  }
}
