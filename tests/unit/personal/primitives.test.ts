import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeTreeFile } from "@/lib/explain/tree-file";
import { detExp, detLog } from "@/lib/personal/det-math";
import { sha256HexSync } from "@/lib/personal/sha256";
import { encodeTreeFile } from "@/lib/personal/tree-file-encode";
import { MODELS_DIR, readManifest } from "../models/bundled-models";

describe("sha256HexSync", () => {
  it("equals node:crypto on lengths around the 64-byte block and padding edges", () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 10_000, 300_001]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 17) & 0xff);
      expect(sha256HexSync(bytes), `length ${n}`).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });
});

describe("det-math", () => {
  it("detExp and detLog agree with Math.exp and Math.log to a few ulp", () => {
    let worstExp = 0;
    let worstLog = 0;
    for (let i = 0; i <= 100_000; i++) {
      const x = -700 + (1400 * i) / 100_000;
      worstExp = Math.max(worstExp, Math.abs(detExp(x) - Math.exp(x)) / Math.exp(x));
      const y = 10 ** (-300 + (600 * i) / 100_000);
      worstLog = Math.max(worstLog, Math.abs(detLog(y) - Math.log(y)) / Math.max(1, Math.abs(Math.log(y))));
    }
    expect(worstExp).toBeLessThan(1e-15);
    expect(worstLog).toBeLessThan(1e-15);
    expect(detExp(0)).toBe(1);
    expect(detLog(1)).toBe(0);
    expect(detLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(detLog(5e-324)).toBeCloseTo(Math.log(5e-324), 12);
    expect(detExp(800)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("encodeTreeFile", () => {
  it("writes every shipped tree file back byte for byte from its decoded forest", () => {
    for (const entry of readManifest().models) {
      if (!entry.explain) continue;
      const bytes = new Uint8Array(readFileSync(join(MODELS_DIR, entry.explain.file)));
      const again = encodeTreeFile(decodeTreeFile(bytes));
      expect(again.length, entry.name).toBe(bytes.length);
      expect(Buffer.from(again).equals(Buffer.from(bytes)), entry.name).toBe(true);
    }
  });
});
