import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { IonscopeError, memoryLogger, validateDataset } from '@ionscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { READERS } from '../src/index';
import { DATA_DIR } from './data';

/** Either a valid dataset or an IonscopeError (ParseError/DataError): never a TypeError, never a silent NaN spectrum. */
async function readOrParseError(readerIndex: number, name: string, bytes: Uint8Array): Promise<void> {
  const reader = READERS[readerIndex]!;
  expect(() => reader.sniff({ name, head: bytes.subarray(0, 65536), size: bytes.length })).not.toThrow();
  try {
    const ds = await reader.read({ name, bytes }, { logger: memoryLogger() });
    validateDataset(ds);
  } catch (error) {
    if (!(error instanceof IonscopeError)) throw new Error(`${reader.id} threw ${(error as Error).name}: ${(error as Error).message}`);
  }
}

const realFiles: { name: string; bytes: Uint8Array }[] = [];
for (const dir of ['impedance/impedance_py', 'impedance/pyimpspec', 'impedance/pyDRTtools', 'electrochem/biologic']) {
  const path = `${DATA_DIR}${dir}`;
  if (!existsSync(path)) continue;
  for (const f of readdirSync(path)) {
    if (/\.(json|mps)$/.test(f) || f === 'geis.mpt' || f === 'test.mpr' || f === 'cv.mpr') continue;
    realFiles.push({ name: f, bytes: new Uint8Array(readFileSync(`${path}/${f}`)) });
  }
}
if (!realFiles.length) console.warn('[skip] no shared data: fuzzing uses random bytes only');

describe('readers never crash on bad input', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: READERS.length - 1 }),
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom('a.mpt', 'a.mpr', 'a.DTA', 'a.z', 'a.txt', 'a.csv', 'a.par', 'a.idf', 'a.pssession', 'a.dfr', 'a.i2b', 'a.P00'),
        (r, bytes, name) => readOrParseError(r, name, bytes),
      ),
      { numRuns: 300 },
    );
  });

  it('random text in the shape of each format (headers kept, body fuzzed)', async () => {
    const headers = [
      'EC-Lab ASCII FILE\nNb header lines : 3\n\nfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\n',
      'EXPLAIN\nTAG\tEISPOT\nZCURVE\tTABLE\n\tPt\tTime\tFreq\tZreal\tZimag\n\t#\ts\tHz\tohm\tohm\n',
      "ZPLOT2 ASCII\nFreq(Hz)\tAmpl\tBias\tTime(Sec)\tZ'(a)\tZ''(b)\nEnd Comments\n",
      'VERSION8.0\n 3\n 1\n',
      "Procedure : x\nf/Hz\tZ'/Ohm\t-Z''/Ohm\n 3\n",
      '<Application>\nName=VersaStudio\n</Application>\n<Segment1>\nDefinition=Frequency(Hz), Z Real, Z Imag\n',
      'Freq/Hz,Z\'/ohm,Z"/ohm\n',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: headers.length - 1 }),
        fc.string({ maxLength: 400 }),
        fc.integer({ min: 0, max: READERS.length - 1 }),
        (h, body, r) => readOrParseError(r, 'fuzz.txt', new TextEncoder().encode(headers[h] + body)),
      ),
      { numRuns: 400 },
    );
  });

  it.skipIf(!realFiles.length)('truncated and corrupted real files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: Math.max(0, realFiles.length - 1) }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (k, cut, flips) => {
          const file = realFiles[k]!;
          const bytes = file.bytes.slice(0, Math.floor(cut * file.bytes.length));
          for (const [where, value] of flips) if (bytes.length) bytes[Math.floor(where * (bytes.length - 1))] = value;
          for (let r = 0; r < READERS.length; r++) {
            if (READERS[r]!.sniff({ name: file.name, head: bytes.subarray(0, 65536), size: bytes.length }) > 0.25) await readOrParseError(r, file.name, bytes);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
