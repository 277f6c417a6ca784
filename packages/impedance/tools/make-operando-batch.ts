/**
 * Writes a synthetic operando batch: N EC-Lab .mpt files (one PEIS spectrum each, 10 kHz to 10 mHz,
 * 7 points per decade) of a cell whose charge-transfer resistance and SEI resistance drift with
 * cycling, with 0.3 % noise, plus `pipeline.yaml` fitting each with impedance.fit-circuit.
 * Not committed data: run it into a temporary folder, then `ionscope run <dir>/pipeline.yaml`.
 *
 *   npx tsx tools/make-operando-batch.ts [count=10000] [dir=$TMPDIR/ionscope-operando]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCircuit } from '../src/index';

export const OPERANDO_CIRCUIT = 'R0-p(R1,CPE1)-p(R2,CPE2)-Wo1';

export function operandoSpectrum(k: number, count: number, seed = 1): { f: number[]; re: number[]; im: number[]; params: number[] } {
  const f = Array.from({ length: 43 }, (_, i) => 10 ** (4 - i / 7));
  const x = k / Math.max(1, count - 1);
  const params = [0.02 * (1 + 0.05 * x), 0.005 * (1 + 0.8 * x), 0.5, 0.9, 0.012 * (1 + 0.3 * x), 20, 0.85, 0.03, 80];
  const z = simulateCircuit(OPERANDO_CIRCUIT, params, f);
  let s = (seed * 2654435761 + k * 97) % 2147483647 || 1;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const g = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const re = f.map((_, i) => z.Zreal[i]! + 0.003 * Math.hypot(z.Zreal[i]!, z.Zimag[i]!) * g());
  const im = f.map((_, i) => z.Zimag[i]! + 0.003 * Math.hypot(z.Zreal[i]!, z.Zimag[i]!) * g());
  return { f, re, im, params };
}

function mpt(k: number, count: number): string {
  const { f, re, im } = operandoSpectrum(k, count);
  const header = [
    'EC-Lab ASCII FILE',
    'Nb header lines : 6',
    '',
    'Potentio Electrochemical Impedance Spectroscopy',
    `Comments : synthetic operando spectrum ${k} of ${count}`,
    'freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\ttime/s\tcycle number',
  ];
  const rows = f.map((fi, i) => `${fi.toExponential(7)}\t${re[i]!.toExponential(7)}\t${(-im[i]!).toExponential(7)}\t${(3600 * k + i).toFixed(3)}\t${k + 1}`);
  return `${header.join('\n')}\n${rows.join('\n')}\n`;
}

export function writeOperandoBatch(count: number, dir: string): string {
  mkdirSync(join(dir, 'spectra'), { recursive: true });
  for (let k = 0; k < count; k++) writeFileSync(join(dir, 'spectra', `cycle-${String(k + 1).padStart(5, '0')}.mpt`), mpt(k, count));
  const pipeline = [
    'name: operando-eis',
    'description: fit every spectrum of a synthetic cycling experiment',
    'inputs: spectra/*.mpt',
    'steps:',
    '  - analysis: impedance.fit-circuit',
    `    params: { circuit: "${OPERANDO_CIRCUIT}", initialGuess: [0.02, 0.005, 0.5, 0.9, 0.012, 20, 0.85, 0.03, 80] }`,
    '    views: []',
    'output: { views: false, perInput: false }',
    '',
  ].join('\n');
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, pipeline);
  return file;
}

if (process.argv[1]?.endsWith('make-operando-batch.ts')) {
  const count = Number(process.argv[2] ?? 10000);
  const dir = process.argv[3] ?? join(tmpdir(), 'ionscope-operando');
  const file = writeOperandoBatch(count, dir);
  console.log(`wrote ${count} spectra and ${file}`);
}
