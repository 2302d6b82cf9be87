import { queryOptions } from "@tanstack/react-query";
import { listLocalCheckInsBetween } from "@/lib/data/local/local-check-ins";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { listLocalPredictionsOfCheckIns } from "@/lib/data/local/local-predictions-of-check-ins";
import { predictionKeys } from "@/lib/data/predictions/keys";
import { calendarDay } from "@/lib/features/calendar-day";
import { browserTimeZone, startOfLocalDay } from "@/lib/features/time-zone";
import { buildTrackRecord, localDayOfNow, type TrackEntry } from "@/lib/predictions/track-record";
import { TRACK_WINDOW_DAYS } from "@/lib/predictions/track-record-summary";

export type TrackRecordData = {
  entries: TrackEntry[];
  /** The person's local day when this was read (the summary's "today"). */
  today: number;
};

/**
 * The track record from the local store (both modes, offline too), in this browser's time zone.
 * `from`: the `checkin_date` of the oldest check-in the caller shows (History: the oldest loaded row); its day and the
 * day before are read, so that row's "predicted for this day" is there. Null: the last TRACK_WINDOW_DAYS days and the
 * day before them (the Predictions page's window). The key starts with "predictions", so a save or a pull refreshes it.
 */
export function trackRecordQueryOptions(userId: string, from: string | null) {
  return queryOptions({
    queryKey: predictionKeys.trackRecord(userId, from),
    queryFn: async (): Promise<TrackRecordData> => {
      const timeZone = browserTimeZone();
      const now = Date.now();
      const today = localDayOfNow(now, timeZone);
      const fromDay = (from === null ? today - TRACK_WINDOW_DAYS + 1 : (calendarDay(from, timeZone) ?? today)) - 1;
      const store = browserLocalStore();
      const checkIns = await listLocalCheckInsBetween(store, {
        userId,
        from: new Date(startOfLocalDay(fromDay, timeZone)).toISOString(),
        // After every ISO timestamp: up to the newest row (one dated ahead by another device's clock included).
        before: "\uffff",
      });
      const predictions = await listLocalPredictionsOfCheckIns(store, checkIns.map((c) => c.id));
      return { entries: buildTrackRecord({ checkIns, predictions, timeZone, now }), today };
    },
  });
}
