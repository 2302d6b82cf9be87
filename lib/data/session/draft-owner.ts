import { currentGeneration } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { getCurrentUser } from "@/lib/data/session/current-user";

/**
 * Whose a form draft is: the person signed in and the store's generation when it was typed. A draft is restored only
 * into the same person's form under the same generation, so a sign-out, an account switch or Delete my data (each
 * raises the generation) leaves it behind, and it is never shown to the next person on the device.
 */
export type DraftOwner = { userId: string; generation: number };

export async function currentDraftOwner(store: LocalStore): Promise<DraftOwner | null> {
  const [user, generation] = await Promise.all([getCurrentUser(store), currentGeneration(store)]);
  return user ? { userId: user.userId, generation } : null;
}

export function sameOwner(a: DraftOwner | null, b: DraftOwner | null): boolean {
  return a !== null && b !== null && a.userId === b.userId && a.generation === b.generation;
}

export const isDraftOwner = (v: unknown): v is DraftOwner =>
  typeof v === "object" && v !== null && typeof (v as DraftOwner).userId === "string" && typeof (v as DraftOwner).generation === "number";
