/**
 * Writes examples/operando-lfp-eis.mpt: a synthetic EC-Lab PEIS file of the same simulated
 * LiFePO4 → FePO4 charge as packages/xrd/examples/operando-lfp (20 steps, 10 min apart, from
 * 2024-05-01 10:00 UTC), so that the demo can show EIS and XRD on one clock.
 *
 * One spectrum per step (10 kHz … 10 mHz, 7 points per decade, each frequency measured for one
 * period after the previous one) of `R0-p(R1,CPE1)-Wo1` with 0.3 % noise. The charge-transfer
 * resistance follows the two-phase reaction: lowest at half charge, where the LiFePO4/FePO4
 * interface is largest, R1 = 8 mΩ · (1 + 1.5·(1 − 4x(1 − x))) with x the FePO4 fraction; R0
 * grows by 5 % over the charge. CC0: generated here, no measured data.
 *
 *   npx tsx scripts/make-operando-example.ts
 */
import { writeFileSync } from 'node:fs';
import { seededGaussian } from '@ionscope/numerics';
import { simulateCircuit } from '../src/index';

export const OPERANDO_EXAMPLE_CIRCUIT = 'R0-p(R1,CPE1)-Wo1';
const steps = 20;
const f = Array.from({ length: 43 }, (_, i) => 10 ** (4 - i / 7));
const noise = seededGaussian(2024);

export function exampleParameters(k: number): number[] {
  const x = k / (steps - 1);
  return [0.02 * (1 + 0.05 * x), 0.008 * (1 + 1.5 * (1 - 4 * x * (1 - x))), 0.5, 0.9, 0.03, 80];
}

const header = [
  'EC-Lab ASCII FILE',
  'Nb header lines : 8',
  '',
  'Potentio Electrochemical Impedance Spectroscopy',
  'Acquisition started on : 05/01/2024 10:00:00.000',
  'Comments : synthetic operando charge LiFePO4 -> FePO4, 20 PEIS spectra 10 min apart (scripts/make-operando-example.ts)',
  'Electrode material : LiFePO4 (simulated)',
];
const rows: string[] = [];
for (let k = 0; k < steps; k++) {
  const z = simulateCircuit(OPERANDO_EXAMPLE_CIRCUIT, exampleParameters(k), f);
  let t = 600 * k;
  f.forEach((fi, i) => {
    t += 1 / fi;
    const scale = 0.003 * Math.hypot(z.Zreal[i] as number, z.Zimag[i] as number);
    const re = (z.Zreal[i] as number) + scale * noise();
    const im = (z.Zimag[i] as number) + scale * noise();
    rows.push(`${fi.toExponential(7)}\t${re.toExponential(7)}\t${(-im).toExponential(7)}\t${t.toFixed(3)}\t${k + 1}`);
  });
}
const text = `${[...header, 'freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\ttime/s\tcycle number'].join('\n')}\n${rows.join('\n')}\n`;
writeFileSync(new URL('../examples/operando-lfp-eis.mpt', import.meta.url), text);
console.log(`wrote examples/operando-lfp-eis.mpt (${steps} spectra)`);
