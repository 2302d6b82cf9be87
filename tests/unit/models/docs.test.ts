import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FEATURE_SPECS } from "@/lib/features/feature-specs";
import { readManifest } from "./bundled-models";

describe("docs/models.md", () => {
  const doc = readFileSync(join(process.cwd(), "docs", "models.md"), "utf8");

  it("has a model card for every bundled model and documents every feature", () => {
    for (const m of readManifest().models) expect(doc).toContain(`### \`${m.name}\``);
    for (const f of FEATURE_SPECS) expect(doc).toContain(`\`${f.name}\``);
  });

  it("says plainly that the models are synthetic-data demonstrations, not medical advice", () => {
    expect(doc).toMatch(/demonstrations trained on synthetic data/);
    expect(doc).toMatch(/not medical advice/);
  });
});
