/**
 * The few protobuf wire-format primitives an ONNX model file needs, written by hand. protobufjs is not an option in
 * lib/: it generates its codecs with `Function()`, which the app's Content-Security-Policy forbids (no 'unsafe-eval').
 * Fields are written in the order the caller gives, so the same calls always give the same bytes.
 */
const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LENGTH = 2;
const encoder = new TextEncoder();

export class ProtoWriter {
  private buf = new Uint8Array(1024);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private rawVarint(value: number): void {
    // Non-negative integers below 2^53 only (ids, counts, enum values): no int64 sign extension is ever needed.
    if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER) || value !== Math.floor(value)) {
      throw new RangeError(`varint ${value} is not a non-negative safe integer`);
    }
    this.reserve(10);
    this.len = writeVarint(this.buf, this.len, value);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(field * 8 + wire);
  }

  varint(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH);
    this.rawVarint(value.length);
    this.reserve(value.length);
    this.buf.set(value, this.len);
    this.len += value.length;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.view());
  }

  /** A packed repeated varint field (proto2 parsers accept packed and unpacked encodings alike). */
  packedVarints(field: number, values: ArrayLike<number>): this {
    // Encode straight into a buffer sized for the worst case: this runs over ~10^5 node ids per model.
    const out = new Uint8Array(values.length * 10);
    let at = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER) || v !== Math.floor(v)) throw new RangeError(`varint ${v} is not a non-negative safe integer`);
      at = writeVarint(out, at, v);
    }
    return this.bytes(field, out.subarray(0, at));
  }

  /** The same bytes field `count` times (a repeated string whose values come from a small set, written one by one). */
  repeatedBytes(field: number, values: readonly Uint8Array[]): this {
    let size = 0;
    for (const v of values) size += 12 + v.length;
    this.reserve(size);
    for (const v of values) {
      this.len = writeVarint(this.buf, this.len, field * 8 + WIRE_LENGTH);
      this.len = writeVarint(this.buf, this.len, v.length);
      this.buf.set(v, this.len);
      this.len += v.length;
    }
    return this;
  }

  /** A packed repeated float field: each value as little-endian float32. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const out = new Uint8Array(values.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
    return this.bytes(field, out);
  }

  fixed32Float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat32(this.len, value, true);
    this.len += 4;
    return this;
  }

  /** The bytes written so far, as a copy of their own (its `.buffer` holds exactly these bytes). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** The bytes written so far, without copying: valid until the next write. */
  private view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** Writes `value` (a non-negative safe integer) as a base-128 varint at `at`; returns the position after it. */
function writeVarint(buf: Uint8Array, at: number, value: number): number {
  let v = value;
  let i = at;
  while (v >= 0x80000000) {
    buf[i++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  while (v >= 0x80) {
    buf[i++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[i++] = v;
  return i;
}
