import { queryOptions } from "@tanstack/react-query";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import { explainPrediction } from "./explain-prediction";
import { explainKeys } from "./keys";
import { whyBreakdown, type ExplainedPrediction, type WhyBreakdown } from "./why-breakdown";

/** `treeFile`: a personal model's tree file, kept on this device (lib/personal/); else it is the manifest's. */
export type WhyInput = { id: string; prediction: ExplainedPrediction; entry: ModelEntry; features: Float32Array; treeFile?: () => Promise<Uint8Array> };

/**
 * "Why?" for one prediction. Runs only when enabled (the disclosure opened): the tree file is fetched then, never at
 * startup or on Save. networkMode "always" and no retry: the local store answers offline, and "needs a connection
 * once" is an answer to show, not a failure to retry in a loop.
 */
export function whyQueryOptions(input: WhyInput, enabled: boolean) {
  return queryOptions({
    queryKey: explainKeys.prediction(input.id, input.entry.explain?.sha256 ?? "none"),
    queryFn: async ({ signal }): Promise<WhyBreakdown> => {
      const explanation = await explainPrediction(input.entry, input.features, { signal, treeFile: input.treeFile });
      return whyBreakdown(input.entry, input.prediction, explanation, input.features);
    },
    enabled,
    networkMode: "always",
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
