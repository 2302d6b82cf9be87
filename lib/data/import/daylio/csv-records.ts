/**
 * An RFC 4180 CSV reader, written here rather than taken from a library: an import must say where a bad row is (the
 * line it starts on), and a quoted field may hold commas, doubled quotes and line breaks, so a record can span lines.
 *
 * Accepted: fields separated by commas; records ended by CRLF, LF or a lone CR; a field in double quotes may hold any
 * of those, with `""` for a quote; a UTF-8 byte order mark at the start is dropped; the last record may lack its line
 * break. Refused, as a problem of that record (the reader then goes on with the next line): a quote inside an unquoted
 * field, text after a closing quote. A quote left open to the end of the file is a problem of the record it opened.
 */

/** One record: its fields, the 1-based line it starts on, and the problem that spoiled it (fields then incomplete). */
export type CsvRecord = { line: number; fields: string[]; error: string | null };

export function readCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let error: string | null = null;
    let quoted = false;
    // One record: fields until an unquoted line break or the end.
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        quoted = true;
        i += 1;
        let closed = false;
        while (i < n) {
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (c === "\r" || c === "\n") {
            // A line break inside quotes is part of the field (CRLF kept as one break, as written).
            if (c === "\r" && text[i + 1] === "\n") {
              field += "\r\n";
              i += 2;
            } else {
              field += c;
              i += 1;
            }
            line += 1;
            continue;
          }
          field += c;
          i += 1;
        }
        if (!closed) {
          error = `a quoted field opened on line ${start} is never closed (a missing " before the end of the file)`;
          fields.push(field);
          break;
        }
        if (i < n && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
          error = `text after a closing quote in field ${fields.length + 1} (a quote inside a field must be doubled: "")`;
        }
      } else {
        while (i < n) {
          const c = text[i] as string;
          if (c === "," || c === "\r" || c === "\n") break;
          if (c === '"' && error === null) error = `a quote inside the unquoted field ${fields.length + 1} (quote the field and double the quote: "")`;
          field += c;
          i += 1;
        }
      }
      if (error !== null && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n" && i < n) {
        // Skip the rest of a spoiled record's line, so the next record starts on the next line.
        while (i < n && text[i] !== "\r" && text[i] !== "\n") i += 1;
      }
      fields.push(field);
      if (i >= n) break;
      if (text[i] === ",") {
        i += 1;
        continue;
      }
      // A record ends at CRLF, LF or CR.
      i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line += 1;
      break;
    }
    // A blank line (one empty, unquoted field) is no record.
    if (!(fields.length === 1 && fields[0] === "" && !quoted && error === null)) records.push({ line: start, fields, error });
  }
  return records;
}
