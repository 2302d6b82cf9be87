import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ModelEntry } from "@/lib/models/manifest-schema";
import type { PersonalCheckIn, PersonalType } from "@/lib/personal/types";
import { simulate, type SimulatedPerson } from "@/scripts/models/simulate";
import { MODELS_DIR, readManifest } from "../models/bundled-models";

/** The shipped generic model of a personal type and its committed tree file. */
export function generic(type: PersonalType): { entry: ModelEntry; treeFile: Uint8Array } {
  const entry = readManifest().models.find((m) => m.prediction_type === type);
  if (!entry?.explain) throw new Error(`no bundled ${type} model with a tree file`);
  return { entry, treeFile: new Uint8Array(readFileSync(join(MODELS_DIR, entry.explain.file))) };
}

let people: SimulatedPerson[] | null = null;

/** Held-out simulated people (every fifth, as the generic models' test split), with their check-ins. */
export function heldOutPerson(index: number): PersonalCheckIn[] {
  people ??= simulate({ seed: 20261129, people: 500, minDays: 60, maxDays: 120 });
  const person = people.filter((p) => p.id % 5 === 4)[index];
  if (!person) throw new Error(`no held-out person ${index}`);
  return person.days.flatMap((d, i) => (d.checkIn ? [{ id: `p${person.id}-d${String(i).padStart(3, "0")}`, ...d.checkIn }] : []));
}
