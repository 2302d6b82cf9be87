/**
 * The line each element of the top-level arrays `keys` starts on, in a JSON text (JSON.parse gives no positions, and a
 * person fixing a file needs the line). A single pass over the characters that follows strings and nesting: the
 * elements of `{"check_ins": [ {…}, {…} ]}` are the values opening at depth 2 inside those keys.
 */
export function jsonRowLines<K extends string>(text: string, keys: readonly K[]): Record<K, number[]> {
  const lines = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  let line = 1;
  let depth = 0;
  let topKey: string | null = null;
  let expectingKey = false;
  let expectingElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a) {
      line += 1;
      continue;
    }
    if (ch === 0x20 || ch === 0x09 || ch === 0x0d) continue;
    const atElement = expectingElement && depth === 2 && topKey !== null;
    if (atElement && (keys as readonly string[]).includes(topKey!)) lines[topKey as K].push(line);
    expectingElement = false;
    if (ch === 0x22) {
      // A string: read it whole (escapes included); at depth 1 right after `{` or `,` it is a top-level key.
      let j = i + 1;
      let value = "";
      while (j < text.length && text.charCodeAt(j) !== 0x22) {
        if (text.charCodeAt(j) === 0x5c) j += 1;
        else if (depth === 1 && expectingKey) value += text[j];
        j += 1;
      }
      if (depth === 1 && expectingKey) topKey = value;
      expectingKey = false;
      i = j;
    } else if (ch === 0x7b || ch === 0x5b) {
      depth += 1;
      expectingKey = depth === 1 && ch === 0x7b;
      expectingElement = depth === 2 && ch === 0x5b;
    } else if (ch === 0x7d || ch === 0x5d) {
      depth -= 1;
    } else if (ch === 0x2c) {
      expectingKey = depth === 1;
      expectingElement = depth === 2;
    }
  }
  return lines;
}
