import { queryOptions } from "@tanstack/react-query";
import { listAllLocalCheckIns } from "@/lib/data/local/local-check-ins";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { browserTimeZone } from "@/lib/features/time-zone";
import { isPersonalOff, listPersonalModels } from "@/lib/personal/store/personal-models-store";
import type { StoredPersonalModel } from "@/lib/personal/store/stored-personal-model";
import { scoredDays } from "@/lib/personal/train/scored-days";
import { personalKeys } from "./keys";

export type PersonalOverview = {
  records: StoredPersonalModel[];
  off: boolean;
  /** The person's scored days now (a build may be older). */
  scoredDays: number;
};

/** The person's personal models as this device holds them, for the Models page. */
export function personalModelsQueryOptions(userId: string) {
  return queryOptions({
    queryKey: personalKeys.all(userId),
    queryFn: async (): Promise<PersonalOverview> => {
      const store = browserLocalStore();
      const [records, off, checkIns] = await Promise.all([listPersonalModels(store, userId), isPersonalOff(store, userId), listAllLocalCheckIns(store, userId)]);
      return { records, off, scoredDays: scoredDays(checkIns, browserTimeZone()).count };
    },
    networkMode: "always",
  });
}
