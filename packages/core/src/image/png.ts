import { encode } from 'fast-png';
import { DataError } from '../errors';

/** Pixels to encode: grey (1), grey+alpha (2), RGB (3) or RGBA (4) channels, 8 or 16 bits. */
export interface PngInput {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  depth: 8 | 16;
  /** Row-major samples, `width × height × channels` of them: Uint8Array for 8-bit, Uint16Array for 16-bit. */
  data: Uint8Array | Uint8ClampedArray | Uint16Array;
}

/**
 * Encodes pixels as a PNG file (bytes), with fast-png (pure JS, isomorphic; zlib via fflate).
 * 16-bit grey keeps detector counts and CT slices without loss. Throws a DataError naming the
 * field when sizes and sample types do not agree.
 */
export function encodePng(input: PngInput): Uint8Array {
  const { width, height, channels, depth, data } = input;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new DataError('a PNG needs a positive integer width and height', { field: 'width/height', found: `${width}×${height}` });
  }
  if (![1, 2, 3, 4].includes(channels))
    throw new DataError('unsupported channel count', { field: 'channels', expected: '1, 2, 3 or 4', found: String(channels) });
  if (depth !== 8 && depth !== 16) throw new DataError('unsupported bit depth', { field: 'depth', expected: '8 or 16', found: String(depth) });
  if (depth === 16 && !(data instanceof Uint16Array)) throw new DataError('16-bit PNG samples must be a Uint16Array', { field: 'data' });
  if (depth === 8 && data instanceof Uint16Array) throw new DataError('8-bit PNG samples must be a Uint8Array', { field: 'data' });
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new DataError(`${data.length} samples for a ${width}×${height} image with ${channels} channel(s)`, { field: 'data', expected: String(expected) });
  }
  return encode({ width, height, channels, depth, data });
}
