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
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint ${value} is not a non-negative safe integer`);
    this.reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
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
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated varint field (proto2 parsers accept packed and unpacked encodings alike). */
  packedVarints(field: number, values: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.rawVarint(values[i] as number);
    return this.bytes(field, inner.finish());
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

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
