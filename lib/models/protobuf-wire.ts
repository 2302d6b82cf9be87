/**
 * The protobuf wire format, read field by field: just enough to walk an ONNX file (onnx-tree-ensemble.ts) without
 * a schema library in the save path's chunk. See https://protobuf.dev/programming-guides/encoding/.
 */

export class ProtobufFormatError extends Error {
  override name = "ProtobufFormatError";
  constructor(detail: string) {
    super(`The model file is not valid protobuf (${detail}); it cannot be read without onnxruntime. Reload the app to fetch it again.`);
  }
}

export const WIRE = { VARINT: 0, FIXED64: 1, LEN: 2, FIXED32: 5 } as const;

/** One field as it sits in the message: its number, wire type, where its payload starts and ends, a varint's value. */
export type Field = { number: number; wire: number; start: number; end: number; value: number };

const TWO_32 = 2 ** 32;

/** A cursor over a protobuf message (a view of `bytes`, from `start` to `end`). */
export class WireReader {
  private pos: number;
  private viewCache: DataView | undefined;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  private get view(): DataView {
    this.viewCache ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.viewCache;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /**
   * A varint as a JavaScript number. int64 fields are two's complement on 10 bytes when negative; values beyond 2^53
   * cannot be tree ids or features, so they are refused rather than rounded.
   */
  varint(): number {
    // Fast path: most ids and features fit in one byte.
    if (this.pos < this.end && (this.bytes[this.pos] as number) < 0x80) return this.bytes[this.pos++] as number;
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= this.end) throw new ProtobufFormatError("a varint runs past the end");
      const b = this.bytes[this.pos++] as number;
      const bits = b & 0x7f;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >> 4;
      } else hi |= bits << (shift - 32);
      if ((b & 0x80) === 0) {
        lo >>>= 0;
        hi >>>= 0;
        if (hi & 0x80000000) return -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1);
        const value = hi * TWO_32 + lo;
        if (!Number.isSafeInteger(value)) throw new ProtobufFormatError("an integer beyond 2^53");
        return value;
      }
    }
    throw new ProtobufFormatError("a varint longer than 10 bytes");
  }

  /** A float32 (protobuf `float`, little-endian) at the cursor. */
  float32(): number {
    if (this.pos + 4 > this.end) throw new ProtobufFormatError("a float runs past the end");
    const value = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return value;
  }

  /** The next field's header and payload bounds; the cursor moves past the payload. */
  next(): Field {
    const key = this.varint();
    return this.payload(Math.floor(key / 8), key & 7);
  }

  /** Reads the next field's key only; `payload()` or a typed read must follow. Allocates nothing (hot loops). */
  key(): number {
    return this.varint();
  }

  /** The payload of a field whose key was read with `key()`. */
  payload(number: number, wire: number): Field {
    let start = this.pos;
    let value = 0;
    switch (wire) {
      case WIRE.VARINT:
        value = this.varint();
        break;
      case WIRE.FIXED64:
        this.pos += 8;
        break;
      case WIRE.LEN: {
        const length = this.varint();
        start = this.pos;
        this.pos += length;
        break;
      }
      case WIRE.FIXED32:
        this.pos += 4;
        break;
      default:
        throw new ProtobufFormatError(`wire type ${wire} of field ${number}`);
    }
    if (this.pos > this.end) throw new ProtobufFormatError(`field ${number} runs past the end`);
    return { number, wire, start, end: this.pos, value };
  }

  /** A float32 at a byte offset (little-endian, as protobuf stores `float`). */
  float32At(offset: number): number {
    return this.view.getFloat32(offset, true);
  }
}

const decoder = new TextDecoder();

/**
 * A string field. Short ASCII strings (node modes: 65,000 of them in one model) are built directly: TextDecoder's
 * per-call cost made them most of the parse.
 */
export function text(bytes: Uint8Array, field: Field): string {
  const length = field.end - field.start;
  if (length <= 32) {
    let ascii = "";
    for (let i = field.start; i < field.end; i++) {
      const c = bytes[i] as number;
      if (c >= 0x80) return decoder.decode(bytes.subarray(field.start, field.end));
      ascii += String.fromCharCode(c);
    }
    return ascii;
  }
  return decoder.decode(bytes.subarray(field.start, field.end));
}

/** Appends a repeated int64 field's values, packed (one LEN field) or not (one varint per field). */
export function pushInts(reader: WireReader, field: Field, into: number[]): void {
  if (field.wire === WIRE.VARINT) {
    into.push(field.value);
    return;
  }
  if (field.wire !== WIRE.LEN) throw new ProtobufFormatError(`ints with wire type ${field.wire}`);
  const packed = new WireReader(reader.bytes, field.start, field.end);
  while (!packed.done) into.push(packed.varint());
}

/** Appends a repeated float field's values, packed or not. */
export function pushFloats(reader: WireReader, field: Field, into: number[]): void {
  if (field.wire === WIRE.FIXED32) {
    into.push(reader.float32At(field.start));
    return;
  }
  if (field.wire !== WIRE.LEN || (field.end - field.start) % 4 !== 0) throw new ProtobufFormatError(`floats with wire type ${field.wire}`);
  for (let at = field.start; at < field.end; at += 4) into.push(reader.float32At(at));
}
