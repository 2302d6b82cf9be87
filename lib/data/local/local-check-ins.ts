import { type CheckIn, checkInInputSchema } from "@/lib/domain/check-in";
import type { CheckInHistoryPage } from "@/lib/domain/check-in";
import { getLocalDb } from "@/lib/data/local/local-db";

/** Stores a check-in after validating it with the same schema as the form and the database's CHECKs. */
export async function putLocalCheckIn(checkIn: CheckIn): Promise<CheckIn> {
  checkInInputSchema.parse(checkIn);
  const db = await getLocalDb();
  await db.put("check_ins", checkIn);
  return checkIn;
}

/**
 * Newest-first page of a user's check-ins: a reverse range scan over [user_id, checkin_date], starting strictly
 * below the cursor, like `where user_id = $1 and checkin_date < $cursor order by checkin_date desc limit $n`.
 */
export async function listLocalCheckIns(params: {
  userId: string;
  cursor: string | null;
  pageSize: number;
}): Promise<CheckInHistoryPage> {
  const { userId, cursor, pageSize } = params;
  const db = await getLocalDb();
  // "\uffff" sorts after every ISO timestamp, so a null cursor means "from the newest".
  const upper = cursor ?? "\uffff";
  const range = IDBKeyRange.bound([userId, ""], [userId, upper], false, cursor !== null);
  const items: CheckIn[] = [];
  let c = await db.transaction("check_ins").store.index("user_date").openCursor(range, "prev");
  // Read one more than a page to know whether another page follows.
  while (c && items.length < pageSize + 1) {
    items.push(c.value);
    c = await c.continue();
  }
  const hasMore = items.length > pageSize;
  const page = hasMore ? items.slice(0, pageSize) : items;
  return { items: page, nextCursor: hasMore ? (page[page.length - 1]?.checkin_date ?? null) : null };
}
