import type { DataSource } from "@/lib/data/source/data-source";
import { listLocalCheckIns, putLocalCheckIn } from "@/lib/data/local/local-check-ins";
import { listLocalPredictionsByType, putLocalPredictions } from "@/lib/data/local/local-predictions";
import { getLocalUserId } from "@/lib/data/local/local-user";

/** Local mode: everything in this browser's IndexedDB; works the same online and offline. */
export function createLocalDataSource(): DataSource {
  return {
    mode: "local",
    currentUserId: getLocalUserId,
    checkInHistory: ({ userId, cursor, pageSize }) => listLocalCheckIns({ userId, cursor, pageSize }),
    predictionsByType: ({ userId, type, limit }) => listLocalPredictionsByType({ userId, type, limit }),
    async saveCheckIn(checkIn) {
      await putLocalCheckIn(checkIn);
      return { queued: false };
    },
    async savePredictions(predictions) {
      await putLocalPredictions(predictions);
      return { queued: false };
    },
  };
}
