import type { CheckIn } from "@/lib/checkins/schema";

/**
 * One page of check-in history, newest first. `nextCursor` is the `checkin_date` of the last item when more may follow
 * (the next page holds `checkin_date < nextCursor`), or null at the end. Same contract as the Supabase query
 * (lib/data/check-ins/supabase-history.ts), so both data modes page the same way.
 */
export type CheckInHistoryPage = { items: CheckIn[]; nextCursor: string | null };
