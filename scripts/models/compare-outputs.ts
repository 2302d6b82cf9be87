import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The files the pipeline owns in an output directory: the manifest, every model file and every tree file. */
export function pipelineFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f === "manifest.json" || /\.(onnx|trees)(\.gz)?$/.test(f))
    .sort();
}

/** Differences between a fresh build and the committed directory, one readable line each (empty when identical). */
export function compareOutputs(builtDir: string, committedDir: string): string[] {
  const built = pipelineFiles(builtDir);
  const committed = pipelineFiles(committedDir);
  const problems: string[] = [];
  for (const f of committed) if (!built.includes(f)) problems.push(`${f} is committed but the pipeline no longer writes it`);
  for (const f of built) {
    if (!committed.includes(f)) problems.push(`${f} is written by the pipeline but not committed`);
    else if (!readFileSync(join(builtDir, f)).equals(readFileSync(join(committedDir, f)))) problems.push(`${f} differs`);
  }
  return problems;
}
