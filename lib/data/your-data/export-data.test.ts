import { describe, expect, it } from "vitest";
import { toCsv } from "@/lib/data/your-data/export-data";

describe("CSV export", () => {
  it("quotes commas, quotes and line breaks, leaves nulls empty, and defuses spreadsheet formulas", () => {
    const rows = [
      { id: "a", notes: 'said "hi", then\nleft', score: 0.5, probabilities: [0.5, 0.5] as number[] | null },
      { id: "b", notes: "=HYPERLINK(\"x\")", score: 1, probabilities: null },
    ];
    expect(toCsv(rows, ["id", "notes", "score", "probabilities"])).toBe(
      'id,notes,score,probabilities\r\na,"said ""hi"", then\nleft",0.5,"[0.5,0.5]"\r\nb,"\'=HYPERLINK(""x"")",1,\r\n',
    );
  });
});
