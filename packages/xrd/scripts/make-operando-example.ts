/**
 * Generates examples/operando-lfp/: a simulated operando charge of LiFePO4 → FePO4 (two-phase
 * reaction), 20 Cu Kα patterns 10 min apart, from the reference CIFs in examples/cif.
 * Run: npx tsx scripts/make-operando-example.ts (from packages/xrd). Deterministic (seeded noise).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readCifStructure } from '../src/structure/cif-structure';
import { stickProfile } from '../src/structure/profile';
import { simulatePattern } from '../src/structure/simulate';
import { ANODE_WAVELENGTHS } from '../src/wavelengths';

const root = new URL('../examples/', import.meta.url).pathname;
const cu = ANODE_WAVELENGTHS.Cu as { kAlpha1: number; kAlpha2: number };
const load = (name: string) => readCifStructure(readFileSync(`${root}cif/${name}`, 'utf8'), name);
const x = Float64Array.from({ length: 1251 }, (_, i) => 15 + i * 0.02);
const kAlpha2 = { lambdaRatio: cu.kAlpha2 / cu.kAlpha1, intensityRatio: 0.5 };
const profileOf = (name: string) =>
  stickProfile(
    x,
    simulatePattern(load(name), { wavelength: cu.kAlpha1, twoThetaRange: [10, 45] }).map((p) => ({ twoTheta: p.twoTheta, intensity: p.intensity })),
    { fwhm: 0.1, eta: 0.5, kAlpha2 },
  );
const lfp = profileOf('LiFePO4_Pnma.cif');
const fp = profileOf('FePO4_Pnma_heterosite.cif');
let seed = 20240501;
const gauss = () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  const u = (seed + 0.5) / 4294967296;
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  const v = (seed + 0.5) / 4294967296;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
};
const n = 20;
const out = `${root}operando-lfp/`;
mkdirSync(out, { recursive: true });
for (let k = 0; k < n; k++) {
  const f = k / (n - 1); // FePO4 fraction, linear in time (constant-current charge)
  const start = new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + k * 600_000).toISOString().replace('.000Z', 'Z');
  const lines = [
    `# Simulated operando XRD, LiFePO4 -> FePO4 two-phase charge; FePO4 fraction ${f.toFixed(4)}`,
    `# startTime: ${start}`,
    '# anode: Cu (Ka1/Ka2 ratio 0.5)',
    '# 2theta(deg) intensity(counts)',
  ];
  for (let i = 0; i < x.length; i++) {
    const t = x[i] as number;
    const clean = 120 + 40 * Math.exp(-(t - 15) / 8) + 9 * ((1 - f) * (lfp[i] as number) + f * (fp[i] as number));
    lines.push(`${t.toFixed(2)}\t${Math.max(0, Math.round(clean + Math.sqrt(clean) * gauss()))}`);
  }
  writeFileSync(`${out}lfp_charge_${String(k + 1).padStart(2, '0')}.xy`, `${lines.join('\n')}\n`);
}
console.log(`wrote ${n} patterns to ${out}`);
