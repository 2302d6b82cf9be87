import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compareOutputs } from "./compare-outputs";

const dirs: string[] = [];
function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), "compare-outputs-"));
  dirs.push(d);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), content);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("compareOutputs (models:verify)", () => {
  it("reports nothing for identical directories and ignores files the pipeline does not own", () => {
    const files = { "manifest.json": "{}", "a.1.onnx": "x", "a.1.onnx.gz": "y" };
    expect(compareOutputs(dir(files), dir({ ...files, "README.txt": "hi" }))).toEqual([]);
  });

  it("names changed, missing and stale files", () => {
    const built = dir({ "manifest.json": "{1}", "a.2.onnx": "x" });
    const committed = dir({ "manifest.json": "{0}", "a.1.onnx": "x" });
    expect(compareOutputs(built, committed)).toEqual([
      "a.1.onnx is committed but the pipeline no longer writes it",
      "a.2.onnx is written by the pipeline but not committed",
      "manifest.json differs",
    ]);
  });
});
