import { readFileSync } from 'node:fs';
import { IonscopeError } from '@ionscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readers } from '../src/readers/index';
import { DATA_DIR, hasData } from './data';

/** Every reader must either read or throw an IonscopeError (ParseError) — never anything else. */
async function readOrParseError(bytes: Uint8Array, name: string): Promise<void> {
  for (const reader of readers) {
    expect(() => reader.sniff({ name, head: bytes.subarray(0, 65536), size: bytes.length })).not.toThrow();
    try {
      await reader.read({ name, bytes }, { logger: { debug() {}, info() {}, warn() {}, error() {} } as never });
    } catch (error) {
      if (!(error instanceof IonscopeError)) throw new Error(`${reader.id} threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
    }
  }
}

const textLine = fc.oneof(
  fc.constantFrom('0.1\t0.2', '1e-3,4', '', '# header', '\t1\t2\t3', 'nan inf', '-1 -2 -3', '1;2', '{"sample": [', 'timeaxis (ps) E-field'),
  fc.tuple(fc.double({ noNaN: false }), fc.double()).map(([a, b]) => `${a}\t${b}`),
  fc.string({ maxLength: 30 }),
);

describe('reader fuzzing (fast-check)', () => {
  it('random bytes give a ParseError or a dataset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('x.txt', 'x.tim', 'x.dat', 'x.json', 'x.h5'), async (bytes, name) => {
        await readOrParseError(bytes, name);
      }),
      { numRuns: 150 },
    );
  });
  it('random text tables give a ParseError or a dataset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(textLine, { maxLength: 60 }), fc.constantFrom('x.txt', 'x.tim', 'x.dat', 'x.json'), async (lines, name) => {
        await readOrParseError(new TextEncoder().encode(lines.join('\n')), name);
      }),
      { numRuns: 300 },
    );
  });
  it('random JSON layer stacks give a ParseError or a dataset', async () => {
    const layer = fc.record({ name: fc.string(), d: fc.oneof(fc.double(), fc.constant('x')), n: fc.oneof(fc.double(), fc.constant('solve'), fc.string()) });
    await fc.assert(
      fc.asyncProperty(fc.record({ settings: fc.object(), sample: fc.array(layer, { maxLength: 6 }) }), async (obj) => {
        await readOrParseError(new TextEncoder().encode(JSON.stringify(obj)), 'input.json');
      }),
      { numRuns: 150 },
    );
  });
  it.skipIf(!hasData)('truncated and corrupted real files give a ParseError or a dataset', async () => {
    const files = [
      'nelly_quartz_225um/sio2_ref_air.tim',
      'phoeniks_bna_450um/reference_mean.txt',
      'mcgillthz_gaas_trts/GaAsEpump400nm.dat',
      'nelly_sno2_trts/sno2_photo_input.json',
      'mcgillthz_si_520um/Silicon.DAT',
    ].map((rel) => ({ name: rel.split('/').pop() as string, bytes: new Uint8Array(readFileSync(DATA_DIR + rel)) }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (file, cut, flips) => {
          const bytes = file.bytes.slice(0, Math.floor(cut * file.bytes.length));
          for (const [where, value] of flips) if (bytes.length) bytes[Math.floor(where * (bytes.length - 1))] = value;
          await readOrParseError(bytes, file.name);
        },
      ),
      { numRuns: 120 },
    );
  });
});
