// TEMPORARY SHIM (issue 6): type-only stand-ins for modules other issues are landing in parallel, copied from
// /work/notes/contracts.md.
// Delete this file once issue 4 is merged (issues 3 and 5 are real now). Note: an ambient declaration WINS over a real file, so each block must go as soon as its module lands.
declare module "@/lib/models/registry" {
  import type { Manifest, ModelEntry } from "@/lib/models/manifest-schema";
  import type { PredictionType } from "@/lib/predictions/types";
  export type ModelPhase =
    | "not-loaded" | "downloading" | "reading-cache" | "verifying" | "cached" | "creating-session" | "ready" | "error";
  export type ModelStatus = {
    name: string; phase: ModelPhase; loadedBytes: number; totalBytes: number; cachedBytes: number;
    persisted: boolean; error?: string;
  };
  export type ModelOutput = { label: number | null; probabilities: number[] | null; value: number | null };
  export interface LoadedModel {
    readonly entry: ModelEntry;
    run(features: Float32Array): Promise<ModelOutput>;
  }
  export class ModelRegistry {
    manifest(): Promise<Manifest>;
    get(name: string, opts?: { signal?: AbortSignal }): Promise<LoadedModel>;
    getByType(type: PredictionType, opts?: { signal?: AbortSignal }): Promise<LoadedModel>;
    status(name: string): ModelStatus;
    statuses(): ModelStatus[];
    subscribe(listener: () => void): () => void;
    clear(name?: string): Promise<void>;
  }
  export function getModelRegistry(): ModelRegistry;
}

declare module "@/lib/models/use-model" {
  import type { ModelStatus } from "@/lib/models/registry";
  export function useModelStatuses(): ModelStatus[];
  export function useModelStatus(name: string): ModelStatus;
}

