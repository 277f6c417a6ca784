/**
 * Generates the synthetic sample data in examples/ (run: `npx tsx scripts/generate-examples.ts`).
 * No measured data ship with ionscope; every file here comes from a documented physical model with
 * a seeded noise generator, so the files are reproducible byte for byte.
 *
 * 1. slab-*.txt: a 300 µm ionic crystal (ε∞ = 4 plus a Lorentz rattling mode at 2.5 THz, Δε = 0.5,
 *    γ = 0.2 THz) in transmission against air; 27 ps window holding four Fabry–Pérot echoes;
 *    4 repeated traces with 0.1 % white noise (columns: time, four repeats).
 * 2. film-*.txt: a 100 nm Drude conductor (σ0 = 2·10⁵ S/m, τ = 40 fs) on 500 µm of n = 3.42
 *    (silicon) against the bare substrate.
 * 3. pump-probe-*.tsv: optical-pump/THz-probe maps (mcgillthz layout: delays in the header row) of a
 *    photoexcited Drude sheet (τ = 30 fs) on n = 3.42 whose carrier density follows a 2.5 ps
 *    exponential decay plus a long-lived 20 % step, convolved with a 0.3 ps Gaussian IRF.
 * 4. twod-*.tsv: a 2-D nonlinear THz experiment: pulse B fixed, pulse A delayed by τ, and a nonlinear
 *    signal with pathways at (ν_τ, ν_t) = (1, 1), (−1, 1), (0, 2) THz.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { slabStack } from '../src/layer-stack';
import { drudeSigma, epsilonOfSigma, indexOfEpsilon, lorentzEpsilon } from '../src/models/dielectric';
import { kineticsModel } from '../src/models/kinetics';
import { applyTransfer, gaussianDerivativePulse, gaussianNoise, timeAxis } from '../src/models/synthetic';
import { syntheticStackPair } from '../src/models/synthetic-slab';
import { tinkhamTransmission } from '../src/models/thin-film';

const out = fileURLToPath(new URL('../examples/', import.meta.url));
mkdirSync(out, { recursive: true });
const g = (v: number) => Number(v.toPrecision(5)).toString();

function writeTrace(name: string, header: string[], time: Float64Array, traces: Float64Array[]) {
  const lines = [...header.map((h) => `# ${h}`), `# time (ps)\t${traces.map((_, k) => `field_${k + 1} (a.u.)`).join('\t')}`];
  for (let i = 0; i < time.length; i++) lines.push([g(time[i] as number), ...traces.map((t) => g(t[i] as number))].join('\t'));
  writeFileSync(out + name, `${lines.join('\n')}\n`);
}

function writeMap(name: string, delays: Float64Array, time: Float64Array, field: Float64Array) {
  const nt = time.length;
  const lines = [`\t${Array.from(delays, g).join('\t')}`];
  for (let i = 0; i < nt; i++) lines.push([g(time[i] as number), ...Array.from(delays, (_, j) => g(field[j * nt + i] as number))].join('\t'));
  writeFileSync(out + name, `${lines.join('\n')}\n`);
}

// 1. Slab with echoes.
const lorentz = (nu: number) => {
  const e = lorentzEpsilon(nu, 0.5, 2.5, 0.2, { re: 0, im: 0 });
  return indexOfEpsilon({ re: 4 + e.re, im: e.im });
};
const slab = syntheticStackPair({
  layers: slabStack(300e-6).sample,
  index: lorentz,
  dt: 0.02,
  start: 0,
  window: 27,
  t0: 5,
  width: 0.12,
  noise: 1e-3,
  repeats: 4,
  seed: 2024,
});
const slabHeader = ['ionscope synthetic THz-TDS data (scripts/generate-examples.ts), licence CC0-1.0'];
writeTrace(
  'slab-reference.txt',
  [...slabHeader, 'reference: air; derivative-of-Gaussian pulse, w = 0.12 ps at 5 ps; 4 repeats, noise 0.1 % of peak'],
  slab.time,
  slab.reference,
);
writeTrace(
  'slab-sample.txt',
  [...slabHeader, 'sample: 300 um slab, eps = 4 + Lorentz(0.5, 2.5 THz, 0.2 THz); all Fabry-Perot echoes, window 27 ps'],
  slab.time,
  slab.sample,
);

// 2. Thin film on a substrate.
const air = { re: 1, im: 0 };
const si = { re: 3.42, im: 0 };
const drudeFilm = (nu: number) => {
  const e = epsilonOfSigma(nu, drudeSigma(nu, 2e5, 40, { re: 0, im: 0 }), { re: 0, im: 0 });
  return indexOfEpsilon({ re: 1 + e.re, im: e.im });
};
const film = syntheticStackPair({
  layers: [
    { name: 'air', thickness: 0, n: air },
    { name: 'film', thickness: 100e-9, n: 'solve' },
    { name: 'substrate', thickness: 500e-6, n: si },
    { name: 'air', thickness: 0, n: air },
  ],
  index: drudeFilm,
  dt: 0.02,
  start: 0,
  window: 16,
  t0: 3,
  width: 0.12,
  noise: 5e-4,
  seed: 7,
});
const bare = syntheticStackPair({
  layers: slabStack(500e-6).sample,
  index: () => si,
  dt: 0.02,
  start: 0,
  window: 16,
  t0: 3,
  width: 0.12,
  noise: 5e-4,
  seed: 8,
});
writeTrace('film-substrate.txt', [...slabHeader, 'reference: bare 500 um substrate, n = 3.42'], bare.time, bare.sample);
writeTrace('film-sample.txt', [...slabHeader, 'sample: 100 nm Drude film (sigma0 = 2e5 S/m, tau = 40 fs) on the same substrate'], film.time, film.sample);

// 3. Pump-probe maps.
const delays = Float64Array.from([-1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 20]);
const kin = new Float64Array(delays.length);
kineticsModel(1, true).evaluate([0, 0.3, 0.08, 2.5, 0.02], delays, kin);
const time = timeAxis(0, 0.02, 300);
const ref = gaussianDerivativePulse(time, { t0: 2.5, width: 0.12 });
const rand = gaussianNoise(99);
const pumped = new Float64Array(delays.length * time.length);
const unpumped = new Float64Array(delays.length * time.length);
delays.forEach((_, j) => {
  const x = kin[j] as number;
  const sheet0 = (4.42 * x) / (1 - x) / 376.730313668;
  const p = applyTransfer(ref, 0.02, (nu, h) => {
    const s = drudeSigma(nu, sheet0, 30, { re: 0, im: 0 });
    const t = tinkhamTransmission(s.re, s.im, 1, 3.42);
    h.re = t.re;
    h.im = t.im;
  });
  for (let i = 0; i < time.length; i++) {
    pumped[j * time.length + i] = (p[i] as number) + 5e-4 * rand();
    unpumped[j * time.length + i] = (ref[i] as number) + 5e-4 * rand();
  }
});
writeMap('pump-probe-pumped.tsv', delays, time, pumped);
writeMap('pump-probe-reference.tsv', delays, time, unpumped);

// 4. 2-D nonlinear THz.
const nTau = 48;
const nT = 96;
const tauAxis = Float64Array.from({ length: nTau }, (_, j) => j * 0.1);
const tAxis = Float64Array.from({ length: nT }, (_, i) => -1 + i * 0.1);
const pulse = (t: number) => -(t / 0.25) * Math.exp(-((t / 0.25) ** 2));
const A = new Float64Array(nTau * nT);
const B = new Float64Array(nTau * nT);
const AB = new Float64Array(nTau * nT);
const pathways = [
  { fTau: 1, fT: 1, a: 1, phi: 0.3 },
  { fTau: -1, fT: 1, a: 0.6, phi: 1.1 },
  { fTau: 0, fT: 2, a: 0.5, phi: -0.4 },
];
const rand2 = gaussianNoise(5);
for (let j = 0; j < nTau; j++) {
  for (let i = 0; i < nT; i++) {
    const t = tAxis[i] as number;
    const tau = tauAxis[j] as number;
    const k = j * nT + i;
    A[k] = pulse(t + tau) + 1e-3 * rand2();
    B[k] = pulse(t) + 1e-3 * rand2();
    const env = Math.exp(-(((t - 3) / 2.5) ** 2)) * Math.exp(-(((tau - 2.4) / 1.6) ** 2));
    let nl = 0;
    for (const p of pathways) nl += p.a * Math.cos(2 * Math.PI * (p.fTau * tau + p.fT * t) + p.phi);
    AB[k] = pulse(t + tau) + pulse(t) + 0.05 * env * nl + 1e-3 * rand2();
  }
}
writeMap('twod-AB.tsv', tauAxis, tAxis, AB);
writeMap('twod-A.tsv', tauAxis, tAxis, A);
writeMap('twod-B.tsv', tauAxis, tAxis, B);
console.log(`examples written to ${out}`);
