// TEMPORARY SHIM (issue 6): type-only stand-ins for modules other issues are landing in parallel, copied from
// /work/notes/contracts.md. TypeScript only falls back to these ambient declarations when the real file is missing,
// so they go unused as soon as the real modules exist; delete this file once issues 4 and 5 are merged (issue 3's module is real now).
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

declare module "@/lib/data/check-ins/supabase-history" {
  import type { SupabaseClient } from "@supabase/supabase-js";
  import type { CheckIn } from "@/lib/checkins/schema";
  import type { Database } from "@/lib/supabase/database.types";
  export type HistoryPage = { items: CheckIn[]; nextCursor: string | null };
  export function fetchCheckInHistory(
    client: SupabaseClient<Database>,
    params: { userId: string; cursor: string | null; pageSize: number; signal?: AbortSignal },
  ): Promise<HistoryPage>;
}

declare module "@/lib/data/predictions/supabase-by-type" {
  import type { SupabaseClient } from "@supabase/supabase-js";
  import type { Database } from "@/lib/supabase/database.types";
  import type { PredictionType } from "@/lib/predictions/types";
  export type PredictionRow = Database["public"]["Tables"]["predictions"]["Row"];
  export function fetchPredictionsByType(
    client: SupabaseClient<Database>,
    params: { userId: string; type: PredictionType; limit: number; signal?: AbortSignal },
  ): Promise<PredictionRow[]>;
}
