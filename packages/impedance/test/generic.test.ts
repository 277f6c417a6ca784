import { describe, expect, it } from 'vitest';
import { readBiologicMpt } from '../src/readers/biologic-mpt';
import { genericTableReader, readGenericTable } from '../src/readers/generic-table';
import { simulateCircuit, spectrumArrays } from '../src/index';
import { dataFile, hasData } from './data';

const f = Array.from({ length: 30 }, (_, i) => 10 ** (5 - i * 0.25));
const z = simulateCircuit('R0-p(R1,CPE1)', [0.02, 0.05, 0.01, 0.85], f);
const enc = (s: string) => new TextEncoder().encode(s);
const read = (name: string, text: string) => spectrumArrays(readGenericTable({ name, bytes: enc(text) }));

function expectSame(s: ReturnType<typeof spectrumArrays>, tol = 1e-9) {
  expect(s.frequency.length).toBe(f.length);
  for (let i = 0; i < f.length; i++) {
    expect(Math.abs(s.frequency[i]! / f[i]! - 1)).toBeLessThan(tol);
    const scale = Math.hypot(z.Zreal[i]!, z.Zimag[i]!);
    expect(Math.abs(s.Zreal[i]! - z.Zreal[i]!) / scale).toBeLessThan(tol);
    expect(Math.abs(s.Zimag[i]! - z.Zimag[i]!) / scale).toBeLessThan(tol);
  }
}

describe('generic delimited tables', () => {
  it("header with units: Freq (kHz), Z' [mOhm], -Z'' [mOhm], semicolons", () => {
    const rows = f.map((v, i) => `${v / 1000};${z.Zreal[i]! * 1000};${-z.Zimag[i]! * 1000}`);
    expectSame(read('a.csv', `Freq (kHz);Z' [mOhm];-Z'' [mOhm]\n${rows.join('\n')}\n`));
  });

  it('|Z| and phase in degrees, tab separated, with a comment block', () => {
    const rows = f.map((v, i) => `${v}\t${Math.hypot(z.Zreal[i]!, z.Zimag[i]!)}\t${(Math.atan2(z.Zimag[i]!, z.Zreal[i]!) * 180) / Math.PI}`);
    expectSame(read('a.tsv', `# exported by some software\n# cell 3\nFrequency/Hz\t|Z|/Ohm\tPhase/deg\n${rows.join('\n')}\n`));
  });

  it('-Phase and |Z| in kΩ', () => {
    const rows = f.map((v, i) => `${v},${Math.hypot(z.Zreal[i]!, z.Zimag[i]!) / 1000},${(-Math.atan2(z.Zimag[i]!, z.Zreal[i]!) * 180) / Math.PI}`);
    expectSame(read('a.csv', `f (Hz),|Z| (kOhm),-Phase (deg)\n${rows.join('\n')}\n`));
  });

  it("headerless f, Z', Z'' with either sign of Z''", () => {
    const signed = f.map((v, i) => `${v} ${z.Zreal[i]} ${z.Zimag[i]}`).join('\n');
    const negated = f.map((v, i) => `${v} ${z.Zreal[i]} ${-z.Zimag[i]!}`).join('\n');
    expectSame(read('a.txt', signed));
    const ds = readGenericTable({ name: 'b.txt', bytes: enc(negated) });
    expectSame(spectrumArrays(ds));
    expect(ds.meta.extra?.imaginaryColumnNegated).toBe(true);
  });

  it('an index column (pandas) is skipped', () => {
    const rows = f.map((v, i) => `${i},${v},${z.Zreal[i]},${z.Zimag[i]}`);
    expectSame(read('a.csv', `,Freq,Real,Imag\n${rows.join('\n')}\n`));
  });

  it('the sniffer prefers impedance tables over other three-column data', () => {
    const sweep = f.map((v, i) => `${v}\t${z.Zreal[i]}\t${z.Zimag[i]}`).join('\n');
    const pattern = Array.from({ length: 40 }, (_, i) => `${10 + i * 0.02}\t${100 + i}\t${10}`).join('\n');
    expect(genericTableReader.sniff({ name: 'a.txt', head: enc(sweep) })).toBeGreaterThan(0.2);
    expect(genericTableReader.sniff({ name: 'b.txt', head: enc(pattern) })).toBeLessThanOrEqual(0.2);
  });

  it('a table without a frequency column is a ParseError that says what was expected', () => {
    expect(() => read('a.csv', 'x,y,z\n1,2,3\n2,3,4\n')).toThrow(/frequency/);
  });
});

describe.skipIf(!hasData)('EC-Lab variants', () => {
  it('decimal-comma export and header-less export give the same spectrum', () => {
    const original = dataFile('impedance/impedance_py/exampleDataBioLogic.mpt');
    const text = new TextDecoder('windows-1252').decode(original.bytes);
    const comma = text.replace(/(\d)\.(\d)/g, '$1,$2');
    const a = spectrumArrays(readBiologicMpt(original));
    const b = spectrumArrays(readBiologicMpt({ name: 'comma.mpt', bytes: enc(comma) }));
    const lines = text.split(/\r?\n/);
    const headerless = lines.slice(Number(/(\d+)/.exec(lines[1]!)![1]) - 1).join('\n');
    const c = spectrumArrays(readBiologicMpt({ name: 'noheader.mpt', bytes: enc(headerless) }));
    for (const other of [b, c]) {
      expect(other.frequency).toEqual(a.frequency);
      expect(other.Zreal).toEqual(a.Zreal);
      expect(other.Zimag).toEqual(a.Zimag);
    }
  });
});

describe('Autolab NOVA export', () => {
  it("reads Frequency (Hz);Z' (Ω);-Z'' (Ω);Z (Ω);-Phase (°);Time (s) with Z″ = −(−Z'')", async () => {
    const { readAutolab } = await import('../src/readers/autolab');
    const rows = f.map(
      (v, i) =>
        `${i + 1};${v};${z.Zreal[i]};${-z.Zimag[i]!};${Math.hypot(z.Zreal[i]!, z.Zimag[i]!)};${(-Math.atan2(z.Zimag[i]!, z.Zreal[i]!) * 180) / Math.PI};${i}`,
    );
    const text = `Index;Frequency (Hz);Z' (Ω);-Z'' (Ω);Z (Ω);-Phase (°);Time (s)\n${rows.join('\n')}\n`;
    expectSame(spectrumArrays(readAutolab({ name: 'nova.txt', bytes: enc(text) })));
  });
});
