"use client";

import { useEffect, useState } from "react";
import { prepareExplanation } from "@/lib/explain/explain-prediction";
import { manifestSchema } from "@/lib/models/manifest-schema";
import type { PersonalCheckIn, PersonalDecision, PersonalType } from "@/lib/personal/types";
import { trainInWorker } from "@/lib/personal/worker/train-in-worker";

declare global {
  interface Window {
    __personalTest?: {
      /**
       * Trains one type in the page's training worker: `workerMs` is buildPersonalModel's time inside the worker,
       * `roundTripMs` adds posting the check-ins and bringing the build back (the tree file is loaded before).
       */
      train: (type: PersonalType, checkIns: PersonalCheckIn[], timeZone: string) => Promise<{ workerMs: number; roundTripMs: number; decision: PersonalDecision; scoredDays: number; onnxBytes: number }>;
    };
  }
}

export function PersonalHarness() {
  const [state, setState] = useState("starting");
  useEffect(() => {
    void fetch("/models/manifest.json")
      .then((r) => r.json())
      .then((json: unknown) => {
        const manifest = manifestSchema.parse(json);
        window.__personalTest = {
          train: async (type, checkIns, timeZone) => {
            const entry = manifest.models.find((m) => m.prediction_type === type);
            if (!entry) throw new Error(`no model for ${type}`);
            const treeFile = (await prepareExplanation(entry)).bytes.slice();
            const started = performance.now();
            const { build, ms } = await trainInWorker({ entry, treeFile, checkIns, timeZone });
            return { workerMs: ms, roundTripMs: performance.now() - started, decision: build.decision, scoredDays: build.scoredDays, onnxBytes: build.model?.onnx.length ?? 0 };
          },
        };
        setState("ready");
      }, (error: unknown) => setState(`error: ${String(error)}`));
  }, []);
  return <p data-testid="personal-harness-state">{state}</p>;
}
