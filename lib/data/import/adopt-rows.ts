import type { ImportPlan } from "@/lib/data/import/import-plan";

/**
 * Makes the rows of a file exported by someone else (another account, or local mode in another browser) the rows of
 * `userId`, after the person confirmed it: `user_id` becomes theirs and every row gets a new id, predictions re-pointed
 * to their check-in's new id. The old ids stay with the account that has them: reusing them under another account
 * would make Supabase skip the rows as duplicates (push_changes: on conflict (id) do nothing).
 *
 * The new ids are derived (SHA-256 of the person's id and the old id, as a version-8 UUID), not random: importing the
 * same file again yields the same ids, so it adds nothing, like a file of one's own.
 */
export async function adoptRows(plan: ImportPlan, userId: string): Promise<ImportPlan> {
  const ids = new Map<string, string>();
  const newId = async (oldId: string) => {
    let id = ids.get(oldId);
    if (!id) {
      id = await derivedUuid(`${userId}:${oldId}`);
      ids.set(oldId, id);
    }
    return id;
  };
  const checkIns = await Promise.all(plan.checkIns.map(async (c) => ({ ...c, id: await newId(c.id), user_id: userId })));
  const predictions = await Promise.all(
    plan.predictions.map(async (p) => ({ ...p, id: await newId(p.id), checkin_id: await newId(p.checkin_id), user_id: userId })),
  );
  const lines = new Map<string, number>();
  for (const [oldId, line] of plan.lines) lines.set(await newId(oldId), line);
  return { ...plan, checkIns, predictions, lines };
}

/** A UUID (RFC 9562 version 8, variant 10) made from the first 16 bytes of SHA-256(`name`). */
export async function derivedUuid(name: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name))).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
