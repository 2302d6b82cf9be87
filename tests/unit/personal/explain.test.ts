import { describe, expect, it } from "vitest";
import { decodeTreeFile } from "@/lib/explain/tree-file";
import { explain } from "@/lib/explain/treeshap";
import { buildPersonalModel } from "@/lib/personal/build-personal-model";
import { rawScores } from "@/lib/personal/forest";
import { buildRows } from "@/lib/personal/rows";
import { generic, heldOutPerson } from "./support";

describe("the personal tree file", () => {
  it("is explained by the app's TreeSHAP: expected value + contributions = the combined raw score; the personal trees move it", () => {
    const { entry, treeFile } = generic("energy_dip");
    let person = 0;
    let build = buildPersonalModel({ entry, treeFile, checkIns: heldOutPerson(person), timeZone: "UTC" });
    while (!build.model) build = buildPersonalModel({ entry, treeFile, checkIns: heldOutPerson(++person), timeZone: "UTC" });
    const forest = decodeTreeFile(build.model.treeFile);
    const base = decodeTreeFile(treeFile);
    const rows = buildRows(entry.features, heldOutPerson(person), "UTC");
    const combined = rawScores(forest, rows.x, rows.nRows);
    const genericOnly = rawScores(base, rows.x, rows.nRows);
    let moved = 0;
    for (let r = 0; r < rows.nRows; r++) {
      const row = rows.x.subarray(r * rows.nFeatures, (r + 1) * rows.nFeatures);
      const e = explain(forest, row);
      const sum = (e.expectedValue[0] as number) + e.contributions.reduce((s, v) => s + v, 0);
      expect(sum).toBeCloseTo(combined[r] as number, 9);
      expect(e.rawScore[0]).toBeCloseTo(combined[r] as number, 9);
      moved = Math.max(moved, Math.abs((combined[r] as number) - (genericOnly[r] as number)));
    }
    expect(moved).toBeGreaterThan(1e-3);
  });
});
