import type { Generation } from "@/lib/data/local/generation";
import type { LocalStore } from "@/lib/data/local/local-db";
import { writeTx } from "@/lib/data/local/write-tx";
import type { PersonalType } from "@/lib/personal/types";
import type { StoredPersonalModel } from "./stored-personal-model";

/**
 * The person's personal models in the local store (`personal_models`, version 4 of the browser database). Written
 * only by the trainer's scheduler (lib/personal/train/train-personal-models.ts), fenced by the store's generation like
 * a save: a build that began before a sign-out, an account switch or Delete my data is dropped instead of landing
 * after the wipe (lib/data/local/local-wipe.ts removes these rows in the wipe's own transaction).
 */
export async function getPersonalModel(store: LocalStore, userId: string, type: PersonalType): Promise<StoredPersonalModel | undefined> {
  return (await store.db()).get("personal_models", [userId, type]);
}

/** Every personal model (chosen, declined or waiting for days) of one person. */
export async function listPersonalModels(store: LocalStore, userId: string): Promise<StoredPersonalModel[]> {
  const range = IDBKeyRange.bound([userId, ""], [userId, "\uffff"]);
  return (await (await store.db()).getAll("personal_models", range)) as StoredPersonalModel[];
}

/** Stores a build unless the generation moved on since `generation` was read (StaleGenerationError). */
export async function putPersonalModel(store: LocalStore, record: StoredPersonalModel, generation: Generation): Promise<void> {
  await writeTx(store, ["personal_models"], generation, async (tx) => {
    await tx.objectStore("personal_models").put(record);
  });
}

/** Drops one stored build (one based on a generic model that is no longer the current one). */
export async function deletePersonalModel(store: LocalStore, userId: string, type: PersonalType): Promise<void> {
  await (await store.db()).delete("personal_models", [userId, type]);
}

/** The meta key of a person's "don't use personal models" switch (removed with the rest of their data by a wipe). */
export function personalOffKey(userId: string): string {
  return `personal_off:${userId}`;
}

export async function isPersonalOff(store: LocalStore, userId: string): Promise<boolean> {
  return (await (await store.db()).get("meta", personalOffKey(userId))) === true;
}

export async function setPersonalOff(store: LocalStore, userId: string, off: boolean): Promise<void> {
  const db = await store.db();
  if (off) await db.put("meta", true, personalOffKey(userId));
  else await db.delete("meta", personalOffKey(userId));
}
