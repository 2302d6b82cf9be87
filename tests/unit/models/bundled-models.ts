import { readFileSync } from "node:fs";
import { join } from "node:path";
import { manifestSchema, type Manifest } from "@/lib/models/manifest-schema";

/** The committed public/models directory and its validated manifest, for the tests of the bundled models. */
export const MODELS_DIR = join(process.cwd(), "public", "models");

export function readManifest(): Manifest {
  return manifestSchema.parse(JSON.parse(readFileSync(join(MODELS_DIR, "manifest.json"), "utf8")));
}

export function readModelFile(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(MODELS_DIR, file)));
}
