import { describe, expect, it } from "vitest";
import { manifestSchema } from "@/lib/models/manifest-schema";
import { readManifest } from "./bundled-models";

// A manifest written by a newer pipeline may list a model this version cannot word or run (a sixth prediction type, a
// new task). The app keeps running the models it knows: such an entry is dropped, never a reason to refuse the file.
describe("manifest schema: models this version does not know", () => {
  const manifest = readManifest();
  const known = manifest.models.map((m) => m.name);
  const withExtra = (change: (entry: Record<string, unknown>) => void, at = 1) => {
    const copy = structuredClone(manifest) as unknown as { models: Record<string, unknown>[] };
    const extra = structuredClone(copy.models[0]!);
    extra.name = "lgbm_future_v1";
    change(extra);
    copy.models.splice(at, 0, extra);
    return manifestSchema.safeParse(copy);
  };

  it("drops an entry of an unknown prediction type and keeps the others, in order", () => {
    const result = withExtra((e) => (e.prediction_type = "focus_tomorrow"));
    expect(result.success).toBe(true);
    expect(result.data?.models.map((m) => m.name)).toEqual(known);
  });

  it("drops an entry of a known type with an unknown task", () => {
    const result = withExtra((e) => (e.task = "ordinal"));
    expect(result.success).toBe(true);
    expect(result.data?.models.map((m) => m.name)).toEqual(known);
  });

  it("drops an unknown entry even when it carries fields this version has never seen", () => {
    const result = withExtra((e) => {
      e.prediction_type = "focus_tomorrow";
      e.outputs = [{ name: "quantiles", dtype: "float16", shape: [-1, 3] }];
      delete e.features;
    });
    expect(result.data?.models.map((m) => m.name)).toEqual(known);
  });

  it("still refuses a known model that is malformed, naming its place in the file (dropped entries counted)", () => {
    const copy = structuredClone(manifest) as unknown as { models: Record<string, unknown>[] };
    copy.models.unshift({ ...copy.models[0]!, name: "lgbm_future_v1", prediction_type: "focus_tomorrow" });
    copy.models[2]!.bytes = -1;
    const result = manifestSchema.safeParse(copy);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([["models", 2, "bytes"]]);
  });

  it("still refuses an entry without a prediction type, or with one that is not text", () => {
    expect(withExtra((e) => delete e.prediction_type).success).toBe(false);
    expect(withExtra((e) => (e.prediction_type = 7)).success).toBe(false);
  });
});
