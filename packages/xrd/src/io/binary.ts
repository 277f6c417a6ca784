import { ParseError } from '@ionscope/core';

/**
 * A little-endian cursor over bytes for binary formats. Every read checks bounds and throws a
 * ParseError naming the file, the byte offset and the field instead of returning garbage.
 */
export class BinaryCursor {
  readonly view: DataView;
  offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly fileName: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  need(n: number, field: string, at = this.offset): void {
    if (at < 0 || at + n > this.bytes.length || !Number.isFinite(n) || n < 0) {
      throw new ParseError('file ends too early', {
        file: this.fileName,
        offset: at,
        field,
        expected: `${n} more bytes`,
        found: `${Math.max(0, this.bytes.length - at)} bytes`,
      });
    }
  }

  seek(offset: number, field = 'offset'): this {
    this.need(0, field, offset);
    this.offset = offset;
    return this;
  }

  skip(n: number, field = 'padding'): this {
    this.need(n, field);
    this.offset += n;
    return this;
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f32(field: string): number {
    this.need(4, field);
    const v = this.view.getFloat32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f64(field: string): number {
    this.need(8, field);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** A NUL-padded ASCII/Latin-1 string of fixed length. */
  str(n: number, field: string): string {
    this.need(n, field);
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = this.bytes[this.offset + i] as number;
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    this.offset += n;
    return s.trim();
  }

  /** n float32 values into a Float64Array. */
  f32Array(n: number, field: string): Float64Array {
    this.need(n * 4, field);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.view.getFloat32(this.offset + 4 * i, true);
    this.offset += 4 * n;
    return out;
  }
}
