import { describe, expect, it } from "vitest";
import { wallClockInstant } from "./wall-clock";

const iso = (t: number) => new Date(t).toISOString();

describe("wallClockInstant", () => {
  it("reads a wall-clock time in the given zone, on either side of a DST change", () => {
    expect(iso(wallClockInstant("2026-03-07", 20 * 60, "America/New_York"))).toBe("2026-03-08T01:00:00.000Z");
    expect(iso(wallClockInstant("2026-03-09", 20 * 60, "America/New_York"))).toBe("2026-03-10T00:00:00.000Z");
    expect(iso(wallClockInstant("2026-06-01", 9 * 60, "Asia/Kolkata"))).toBe("2026-06-01T03:30:00.000Z");
    expect(iso(wallClockInstant("2026-06-01", 0, "UTC"))).toBe("2026-06-01T00:00:00.000Z");
  });

  it("moves a time in the spring-forward gap forward, and takes the first of a repeated hour", () => {
    // 02:30 on 2026-03-08 never happened in New York (02:00 EST → 03:00 EDT): read as 03:30 EDT.
    expect(iso(wallClockInstant("2026-03-08", 150, "America/New_York"))).toBe("2026-03-08T07:30:00.000Z");
    // 01:30 on 2026-11-01 happened twice (EDT, then EST): the first.
    expect(iso(wallClockInstant("2026-11-01", 90, "America/New_York"))).toBe("2026-11-01T05:30:00.000Z");
  });
});
