import { ImportFileError } from "@/lib/data/import/import-plan";

/**
 * The largest file an import reads. A 20,000-check-in backup with five predictions each (the account limit, see
 * supabase/migrations/014_limits.sql) is ~40 MB of pretty-printed JSON; a Daylio CSV of 20 years is a few MB.
 */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** What the first bytes say the file is; only "json" and "csv" are imported. */
export type SniffedKind = "json" | "csv";

/** Magic numbers of files people pick by mistake (a photo, a PDF, a zipped export), checked before decoding. */
const SIGNATURES: readonly { name: string; bytes: readonly number[] }[] = [
  { name: "a PNG image", bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: "a JPEG image", bytes: [0xff, 0xd8, 0xff] },
  { name: "a GIF image", bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: "a PDF document", bytes: [0x25, 0x50, 0x44, 0x46] },
  { name: "a ZIP archive (unzip it and pick the file inside)", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: "a gzip archive (unpack it and pick the file inside)", bytes: [0x1f, 0x8b] },
  { name: "a UTF-16 text file (save it as UTF-8)", bytes: [0xff, 0xfe] },
  { name: "a UTF-16 text file (save it as UTF-8)", bytes: [0xfe, 0xff] },
];

const startsWith = (head: Uint8Array, bytes: readonly number[]) => bytes.every((b, i) => head[i] === b);

/** The part of `File` an import reads (a Blob with a name); tests pass their own. */
export type ImportFile = Pick<Blob, "size" | "slice" | "arrayBuffer"> & { name: string };

/**
 * Reads a picked file as text for an importer, refusing what is not one: too large (checked on `size`, before a byte is
 * read), empty, a known binary format (by its first bytes), text with NUL bytes, or bytes that are not valid UTF-8
 * (TextDecoder with `fatal`: a wrong encoding is refused, never turned into U+FFFD in someone's notes). A UTF-8 byte
 * order mark is dropped. `kind` comes from the content, not the name: a backup starts with `{`.
 */
export async function readImportFile(file: ImportFile, options: { maxBytes?: number } = {}): Promise<{ text: string; kind: SniffedKind }> {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  if (file.size > maxBytes) {
    throw new ImportFileError(
      `"${file.name}" is ${megabytes(file.size)}; an import reads at most ${megabytes(maxBytes)}. Pick the JSON from Download my data or a Daylio CSV export.`,
    );
  }
  if (file.size === 0) throw new ImportFileError(`"${file.name}" is empty.`);
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const known = SIGNATURES.find((s) => startsWith(head, s.bytes));
  if (known) throw new ImportFileError(`"${file.name}" is ${known.name}, not a backup (.json) or a Daylio export (.csv).`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.includes(0)) throw new ImportFileError(`"${file.name}" is not a text file (it contains NUL bytes).`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError(`"${file.name}" is not UTF-8 text (${invalidUtf8At(bytes)}). Export it again, or save it as UTF-8.`);
  }
  const first = text.trimStart()[0];
  return { text, kind: first === "{" ? "json" : "csv" };
}

/** Where the first invalid UTF-8 sequence is, as a line number, so the person can find it. */
function invalidUtf8At(bytes: Uint8Array): string {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return `line ${line} has bytes that are not valid UTF-8`;
    }
    start = end + 1;
    line += 1;
  }
  return "it ends in the middle of a character";
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
