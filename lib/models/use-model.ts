"use client";

import { useSyncExternalStore } from "react";
import { getModelRegistry, type ModelStatus } from "./registry";

const EMPTY: ModelStatus[] = [];

function subscribe(listener: () => void): () => void {
  const registry = getModelRegistry();
  // Subscribing is what starts the registry: it reads the manifest (only) so there is something to show.
  void registry.manifest().catch(() => undefined);
  return registry.subscribe(listener);
}

/** Every model's status, re-rendering on change. Empty on the server and before the manifest arrives. */
export function useModelStatuses(): ModelStatus[] {
  return useSyncExternalStore(subscribe, () => getModelRegistry().statuses(), () => EMPTY);
}

/** One model's status (not-loaded until the manifest lists it). */
export function useModelStatus(name: string): ModelStatus {
  const statuses = useModelStatuses();
  return statuses.find((s) => s.name === name) ?? { name, phase: "not-loaded", loadedBytes: 0, totalBytes: 0, cachedBytes: 0, persisted: false };
}
