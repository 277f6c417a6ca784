import { IonscopeError, type ReaderContribution, silentLogger, validateDataset } from '@ionscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeNpy } from '../src/io/npy';
import { encodeNrrd } from '../src/io/nrrd';
import { encodeTiffStack } from '../src/io/tiff-encode';
import { als832Reader } from '../src/readers/als832';
import { dxchangeReader } from '../src/readers/dxchange';
import { npyReader } from '../src/readers/npy';
import { nrrdReader } from '../src/readers/nrrd';
import { nxtomoReader } from '../src/readers/nxtomo';
import { tiffReader } from '../src/readers/tiff';
import { dataFile, hasData, warnSkip } from './helpers';

const ctx = { logger: silentLogger };

/** Reading must give a valid dataset or an IonscopeError, never another exception. */
async function readsOrParseError(read: ReaderContribution['read'], bytes: Uint8Array): Promise<void> {
  try {
    const ds = await read({ name: 'fuzz.bin', bytes }, ctx);
    validateDataset(ds as never);
  } catch (error) {
    if (!(error instanceof IonscopeError)) throw error;
  }
}

const corruptions = (valid: Uint8Array) =>
  fc.oneof(
    fc.integer({ min: 0, max: valid.length }).map((n) => valid.slice(0, n)),
    fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => {
      const b = valid.slice();
      for (const [i, v] of flips) b[i] = v;
      return b;
    }),
  );

const smallTiff = encodeTiffStack(
  new Uint16Array(4 * 3 * 5).map((_, i) => i * 300),
  { width: 5, height: 3, pages: 4, voxelSizeUm: 2 },
);
const smallNpy = encodeNpy(
  new Float32Array(24).map((_, i) => i),
  [2, 3, 4],
);
const smallNrrd = encodeNrrd(
  new Int16Array(24).map((_, i) => i - 12),
  [2, 3, 4],
  { spacingUm: 0.5 },
);

describe('readers never crash on random or corrupted bytes (fast-check)', () => {
  it('TIFF', async () => {
    await fc.assert(
      fc.asyncProperty(corruptions(smallTiff), (b) => readsOrParseError(tiffReader.read, b)),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), (b) => readsOrParseError(tiffReader.read, new Uint8Array([0x49, 0x49, 42, 0, ...b]))),
      { numRuns: 300 },
    );
  });
  it('NumPy .npy', async () => {
    await fc.assert(
      fc.asyncProperty(corruptions(smallNpy), (b) => readsOrParseError(npyReader.read, b)),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), (header) => {
        const h = new TextEncoder().encode(header);
        return readsOrParseError(npyReader.read, new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8, ...h, 0, 0, 0, 0]));
      }),
      { numRuns: 300 },
    );
  });
  it('NRRD', async () => {
    await fc.assert(
      fc.asyncProperty(corruptions(smallNrrd), (b) => readsOrParseError(nrrdReader.read, b)),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), (header) =>
        readsOrParseError(nrrdReader.read, new TextEncoder().encode(`NRRD0004\n${header}\n\n\u0001\u0002`)),
      ),
      { numRuns: 300 },
    );
  });
  it('HDF5 readers on random bytes after the signature', async () => {
    const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
    for (const reader of [dxchangeReader, nxtomoReader, als832Reader]) {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), (b) => readsOrParseError(reader.read, new Uint8Array([...sig, ...b]))),
        { numRuns: 40 },
      );
    }
  });
});

warnSkip('fuzzing of the real HDF5/TIFF files');
describe.skipIf(!hasData)('corrupted real files', () => {
  it('DXchange tooth, ALS stack and the electrode TIFF, truncated or with flipped bytes', async () => {
    const tooth = dataFile('tomopy_tooth_dxchange.h5').bytes;
    await fc.assert(
      fc.asyncProperty(corruptions(tooth), (b) => readsOrParseError(dxchangeReader.read, b)),
      { numRuns: 25 },
    );
    const als = dataFile('dxchange_test_read_stack.h5').bytes;
    await fc.assert(
      fc.asyncProperty(corruptions(als), (b) => readsOrParseError(als832Reader.read, b)),
      { numRuns: 25 },
    );
    const npy = dataFile('tomopy_test_tomo.npy').bytes;
    await fc.assert(
      fc.asyncProperty(corruptions(npy), (b) => readsOrParseError(npyReader.read, b)),
      { numRuns: 100 },
    );
  });
  it('reports what is wrong, with the file named', async () => {
    const tooth = dataFile('tomopy_tooth_dxchange.h5').bytes;
    await expect(dxchangeReader.read({ name: 'cut.h5', bytes: tooth.slice(0, 5000) }, ctx)).rejects.toMatchObject({
      code: 'E_PARSE',
      file: 'cut.h5',
    });
    await expect(tiffReader.read({ name: 'x.tif', bytes: smallTiff.slice(0, 200) }, ctx)).rejects.toThrow(/x\.tif/);
  });
});
