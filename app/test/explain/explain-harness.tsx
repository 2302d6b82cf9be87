"use client";

import { useEffect, useState } from "react";
import { explainRows, prepareExplanation } from "@/lib/explain/explain-prediction";
import type { Explanation } from "@/lib/explain/treeshap";
import { manifestSchema, type Manifest } from "@/lib/models/manifest-schema";

declare global {
  interface Window {
    __explainTest?: {
      manifest: Manifest;
      /** Loads (and verifies) a model's tree file; resolves to where it came from and the bytes transferred. */
      prepare: (name: string) => Promise<{ source: string; transferredBytes: number }>;
      /** One round trip to the worker; `workerMs` is TreeSHAP's time inside it. */
      explain: (name: string, rows: Float32Array[]) => Promise<{ explanations: Explanation[]; workerMs: number }>;
    };
  }
}

export function ExplainHarness() {
  const [state, setState] = useState("starting");
  useEffect(() => {
    void fetch("/models/manifest.json")
      .then((r) => r.json())
      .then((json: unknown) => {
        const manifest = manifestSchema.parse(json);
        const entry = (name: string) => {
          const found = manifest.models.find((m) => m.name === name);
          if (!found) throw new Error(`no model ${name}`);
          return found;
        };
        window.__explainTest = {
          manifest,
          prepare: async (name) => {
            const loaded = await prepareExplanation(entry(name));
            return { source: loaded.source, transferredBytes: loaded.transferredBytes };
          },
          explain: (name, rows) => explainRows(entry(name), rows),
        };
        setState("ready");
      }, (error: unknown) => setState(`error: ${String(error)}`));
  }, []);
  return <p data-testid="explain-harness-state">{state}</p>;
}
