"use client";

import { useEffect, useState } from "react";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { hasSavedManifest } from "@/lib/models/saved-manifest-key";

/**
 * The models of the last manifest this browser validated (their test-data records and base rates), or none. Read after
 * the first render, and only when a manifest was kept: validating it takes Zod, which is then a chunk of its own
 * instead of 32 KB gzip evaluated before this page can answer a tap (issue 20). Until then, and if it fails, the page
 * shows no comparison with the models' records, which says less, never more, than the models know.
 */
export function useSavedModels(): ModelEntry[] {
  const [models, setModels] = useState<ModelEntry[]>([]);
  useEffect(() => {
    if (!hasSavedManifest()) return;
    let live = true;
    import("@/lib/models/saved-manifest")
      .then(({ readSavedManifest }) => live && setModels(readSavedManifest()?.manifest.models ?? []))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return models;
}
