import { describe, expect, it } from "vitest";
import { readCsvRecords } from "./csv-records";

const rows = (text: string) => readCsvRecords(text).map((r) => ({ line: r.line, fields: r.fields, error: r.error }));

describe("readCsvRecords (RFC 4180)", () => {
  it("splits fields on commas and records on CRLF, LF or CR, with the line each record starts on", () => {
    expect(rows("a,b\r\nc,d\ne,f\rg,h")).toEqual([
      { line: 1, fields: ["a", "b"], error: null },
      { line: 2, fields: ["c", "d"], error: null },
      { line: 3, fields: ["e", "f"], error: null },
      { line: 4, fields: ["g", "h"], error: null },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks, counting the lines they span", () => {
    expect(rows('x,"a, b ""c""\r\nd\ne",y\r\nnext,1\r\n')).toEqual([
      { line: 1, fields: ["x", 'a, b "c"\r\nd\ne', "y"], error: null },
      { line: 4, fields: ["next", "1"], error: null },
    ]);
  });

  it("drops a byte order mark, skips blank lines, keeps empty fields", () => {
    expect(rows("\ufeffa,,\r\n\r\n,b\r\n")).toEqual([
      { line: 1, fields: ["a", "", ""], error: null },
      { line: 3, fields: ["", "b"], error: null },
    ]);
    expect(rows('""')).toEqual([{ line: 1, fields: [""], error: null }]);
  });

  it("marks a spoiled record and reads on from the next line", () => {
    const [bareQuote, afterQuote, good] = rows('a,b"c\n"x"y,z\nok,1');
    expect(bareQuote).toMatchObject({ line: 1, error: expect.stringMatching(/quote inside the unquoted field 2/) });
    expect(afterQuote).toMatchObject({ line: 2, error: expect.stringMatching(/text after a closing quote in field 1/) });
    expect(good).toEqual({ line: 3, fields: ["ok", "1"], error: null });
  });

  it("reports a quote never closed on the line it opened", () => {
    const records = rows('h\n"open\nstill open\n');
    expect(records[1]).toMatchObject({ line: 2, error: expect.stringMatching(/opened on line 2 is never closed/) });
  });
});
