import { browserLocalStore } from "@/lib/data/local/local-db";
import { prepareExplanation } from "@/lib/explain/explain-prediction";
import { browserTimeZone } from "@/lib/features/time-zone";
import { withCrossTabLock } from "@/lib/models/cross-tab-lock";
import { getModelRegistry } from "@/lib/models/registry";
import { trainInWorker } from "@/lib/personal/worker/train-in-worker";
import { type TrainOutcome, trainPersonalModels } from "./train-personal-models";
import { trainingActivity } from "./training-activity";

const flights = new Map<string, Promise<TrainOutcome[]>>();

/**
 * Brings this person's personal models up to date, in this page's training worker. One run at a time per person in
 * this page (a second call joins it) and across tabs (a Web Lock: the second tab then finds the builds up to date).
 * Imported on demand only (lib/personal/train/schedule-training.ts): the trainer is in no page's first-load JS.
 */
export function trainPersonalModelsInPage(userId: string): Promise<TrainOutcome[]> {
  let flight = flights.get(userId);
  if (flight) return flight;
  flight = withCrossTabLock(`checkin-personal-train:${userId}`, () =>
    trainPersonalModels({
      store: browserLocalStore(),
      userId,
      timeZone: browserTimeZone(),
      manifest: () => getModelRegistry().manifest(),
      // The tree file "Why?" uses, loaded and verified the same way (and kept for it); a copy, since it is transferred.
      treeFile: async (entry) => (await prepareExplanation(entry)).bytes.slice(),
      train: trainInWorker,
      now: () => new Date(),
      onTraining: (type, training) => trainingActivity.setTraining(type, training),
    }),
  ).then(
    (outcomes) => {
      flights.delete(userId);
      trainingActivity.finished(Object.fromEntries(outcomes.flatMap((o) => (o.result === "failed" ? [[o.type, o.error]] : []))));
      return outcomes;
    },
    (error: unknown) => {
      flights.delete(userId);
      trainingActivity.finished({});
      throw error;
    },
  );
  flights.set(userId, flight);
  return flight;
}
