import { describe, expect, it } from "vitest";
import { buildPersonalModel } from "@/lib/personal/build-personal-model";
import { PERSONAL_TYPES } from "@/lib/personal/types";
import { Random } from "@/tools/training/gbm/random";
import { generic, heldOutPerson } from "./support";

/** Same check-ins → same bytes, whatever order they come in: nothing about a personal model needs syncing. */
describe.each(PERSONAL_TYPES.map((t) => [t] as const))("%s", (type) => {
  it("two runs and a shuffled input give identical bytes and hashes", { timeout: 60_000 }, () => {
    const { entry, treeFile } = generic(type);
    // A person for whom the gate deploys a model, so there are bytes to compare.
    let person = 0;
    let first = buildPersonalModel({ entry, treeFile, checkIns: heldOutPerson(person), timeZone: "UTC" });
    while (!first.model) first = buildPersonalModel({ entry, treeFile, checkIns: heldOutPerson(++person), timeZone: "UTC" });
    const checkIns = heldOutPerson(person);
    const second = buildPersonalModel({ entry, treeFile, checkIns, timeZone: "UTC" });
    const shuffled = [...checkIns];
    const rng = new Random(3);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as (typeof shuffled)[number], shuffled[i] as (typeof shuffled)[number]];
    }
    expect(shuffled).not.toEqual(checkIns);
    const third = buildPersonalModel({ entry, treeFile, checkIns: shuffled, timeZone: "UTC" });
    for (const other of [second, third]) {
      expect(other.decision).toBe("personal");
      expect(other.heldOut).toEqual(first.heldOut);
      expect(Buffer.from(other.model?.onnx ?? []).equals(Buffer.from(first.model.onnx))).toBe(true);
      expect(Buffer.from(other.model?.treeFile ?? []).equals(Buffer.from(first.model.treeFile))).toBe(true);
      expect(other.model?.sha256).toBe(first.model.sha256);
      expect(other.model?.treeSha256).toBe(first.model.treeSha256);
    }
  });
});
