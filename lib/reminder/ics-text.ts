/**
 * RFC 5545's text rules, for the reminder's .ics: TEXT values escaped (§3.3.11), content lines folded at 75 octets
 * (§3.1: a CRLF followed by one space, never inside a UTF-8 sequence), lines ended with CRLF.
 */

/** Escapes a TEXT value: backslash, semicolon, comma, and line breaks (as \n). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/** Folds one content line into pieces of at most 75 octets; continuation lines start with a space (which counts). */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = "";
  let octets = 0;
  // Iterating a string yields whole code points, so a multi-byte character is never split.
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = pieces.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      pieces.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  pieces.push(current);
  return pieces.join("\r\n ");
}

/** Joins content lines into a calendar file: each folded, each ended with CRLF (the last one too). */
export function contentLines(lines: readonly string[]): string {
  return lines.map((l) => `${foldLine(l)}\r\n`).join("");
}
