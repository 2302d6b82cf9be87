import { describe, expect, it } from "vitest";
import { Faults } from "@/tests/stack/faults";

describe("the gateway's faults", () => {
  it("holds only the method it names, and counts only the requests it holds", () => {
    const faults = new Faults();
    faults.set({ target: "rest", mode: "delay", delayMs: 5_000, count: 1, method: "POST" });
    // A pull goes through while the upload is awaited.
    expect(faults.take("rest", "/rest/v1/check_ins", "GET")).toEqual({ kind: "none" });
    expect(faults.take("rest", "/rest/v1/rpc/push_changes", "post")).toEqual({ kind: "delay", delayMs: 5_000 });
    // Used up: the Delete that follows is not held.
    expect(faults.take("rest", "/rest/v1/rpc/delete_my_data", "POST")).toEqual({ kind: "none" });
  });

  it("without a method, faults every method under its path", () => {
    const faults = new Faults();
    faults.set({ target: "both", mode: "error", status: 503, count: 2, pathPrefix: "/rest/v1/predictions" });
    expect(faults.take("rest", "/rest/v1/check_ins", "POST")).toEqual({ kind: "none" });
    expect(faults.take("rest", "/rest/v1/predictions", "GET")).toEqual({ kind: "error", status: 503 });
    expect(faults.take("rest", "/rest/v1/predictions", "POST")).toEqual({ kind: "error", status: 503 });
    expect(faults.take("rest", "/rest/v1/predictions", "POST")).toEqual({ kind: "none" });
  });
});
