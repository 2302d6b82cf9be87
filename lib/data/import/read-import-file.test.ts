import { describe, expect, it } from "vitest";
import { ImportFileError } from "@/lib/data/import/import-plan";
import { type ImportFile, MAX_IMPORT_BYTES, readImportFile } from "@/lib/data/import/read-import-file";

const file = (bytes: Uint8Array<ArrayBuffer> | string, name = "x.json"): ImportFile => {
  const blob = new Blob([bytes]);
  return Object.assign(blob, { name });
};

describe("readImportFile", () => {
  it("reads UTF-8 text, drops a byte order mark, and tells a backup from a CSV by its content", async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('  {"a": "é"}')]);
    await expect(readImportFile(file(bom))).resolves.toEqual({ text: '  {"a": "é"}', kind: "json" });
    await expect(readImportFile(file("full_date,date\n", "daylio.json"))).resolves.toMatchObject({ kind: "csv" });
  });

  it("refuses a PNG by its first bytes, whatever its name", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await expect(readImportFile(file(png, "backup.json"))).rejects.toThrow(/"backup.json" is a PNG image/);
  });

  it("refuses a 200 MB file on its size, before reading a byte of it", async () => {
    let read = false;
    const huge: ImportFile = {
      name: "big.json",
      size: 200 * 1024 * 1024,
      slice: () => {
        read = true;
        return new Blob([]);
      },
      arrayBuffer: () => {
        read = true;
        return Promise.resolve(new ArrayBuffer(0));
      },
    };
    await expect(readImportFile(huge)).rejects.toThrow(new ImportFileError(`"big.json" is 200 MB; an import reads at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Pick the JSON from Download my data or a Daylio CSV export.`));
    expect(read).toBe(false);
  });

  it("refuses invalid UTF-8 with the line it is on, instead of turning it into U+FFFD", async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("full_date,note\n2026-01-01,"), 0xe9, 0x74, 0xe9, 0x0a]);
    await expect(readImportFile(file(latin1, "daylio.csv"))).rejects.toThrow(/"daylio.csv" is not UTF-8 text \(line 2 has bytes that are not valid UTF-8\)/);
  });

  it("refuses empty files and text with NUL bytes", async () => {
    await expect(readImportFile(file(""))).rejects.toThrow(/is empty/);
    await expect(readImportFile(file("{\u0000}"))).rejects.toThrow(/contains NUL bytes/);
  });
});
