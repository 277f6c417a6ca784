import { rmseInCircle } from './phantom';
import { describe, expect, it } from 'vitest';
import { FILTER_NAMES } from '../src/recon/filters';
import { FbpPlan, angleWeights, fbp } from '../src/recon/fbp';
import { createWasmBackprojector } from '../src/recon/wasm-kernel';
import { hasData, peers, readF32, warnSkip } from './helpers';

/** Sinogram (angles × detector) of a uniform disc of radius R centred at (x0, y0): chord lengths. */
function discSinogram(theta: Float64Array, nDet: number, R: number, x0 = 0, y0 = 0, centre = Math.floor(nDet / 2)): Float64Array {
  const s = new Float64Array(theta.length * nDet);
  theta.forEach((t, a) => {
    const p = x0 * Math.cos(t) + y0 * Math.sin(t);
    for (let k = 0; k < nDet; k++) {
      // average the chord over the pixel width (5 sub-samples) like a detector would
      let acc = 0;
      for (let q = -2; q <= 2; q++) {
        const d = k + q / 5 - centre - p;
        acc += d * d < R * R ? 2 * Math.sqrt(R * R - d * d) : 0;
      }
      s[a * nDet + k] = acc / 5;
    }
  });
  return s;
}

const thetas = (n: number, range = Math.PI) => Float64Array.from({ length: n }, (_, i) => (i * range) / n);

warnSkip('FBP accuracy on the Shepp–Logan sinograms');
describe.skipIf(!hasData)('FBP of the Shepp–Logan sinograms vs scikit-image', () => {
  for (const [n, na] of [
    [256, 180],
    [512, 360],
  ] as const) {
    it(`${n}² × ${na}: RMSE in the circle no worse than scikit-image's iradon`, () => {
      const raw = readF32(`shepp_logan/sinogram_${n}_${na}.f32`); // stored detector × angle
      const phantom = readF32(`shepp_logan/phantom_${n}.f32`);
      const sino = new Float64Array(na * n);
      for (let d = 0; d < n; d++) for (let a = 0; a < na; a++) sino[a * n + d] = raw[d * na + a] as number;
      const theta = thetas(na);
      const reference = peers('radon_bench_result.json').results.find((r: any) => r.size === n && r.n_angles === na).rmse_in_circle as number;
      const rec = fbp(sino, theta, n, { filter: 'ramp' });
      const rmse = rmseInCircle(rec, phantom, n);
      // the same algorithm as iradon (Kak & Slaney ramp, linear interpolation): equal to ~1e-9
      expect(rmse).toBeLessThanOrEqual(reference * (1 + 1e-6));
      const js = new FbpPlan(theta, n, { backend: 'js' }).reconstruct(sino);
      expect(rmseInCircle(js, phantom, n)).toBeLessThanOrEqual(reference * (1 + 1e-6));
      let maxDiff = 0;
      for (let i = 0; i < rec.length; i++) maxDiff = Math.max(maxDiff, Math.abs((rec[i] as number) - (js[i] as number)));
      expect(maxDiff).toBeLessThan(2e-4);
    });
  }
});

describe('FBP on analytic phantoms', () => {
  it('has the WebAssembly SIMD kernel available in Node', () => {
    expect(createWasmBackprojector()).toBeDefined();
  });

  it('WebAssembly and JavaScript kernels agree for any angle count and centre', () => {
    for (const [na, centre] of [
      [181, 51.3],
      [7, 48],
      [33, 40.75],
    ] as const) {
      const theta = thetas(na);
      const sino = discSinogram(theta, 96, 20, 5, -3, centre);
      const a = new FbpPlan(theta, 96, { centre }).reconstruct(sino);
      const b = new FbpPlan(theta, 96, { centre, backend: 'js' }).reconstruct(sino);
      let maxDiff = 0;
      for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
      expect(maxDiff, `${na} angles`).toBeLessThan(1e-4);
    }
  });

  it('reconstructs a uniform disc with density 1 for every filter', () => {
    const n = 128;
    const theta = thetas(180);
    const sino = discSinogram(theta, n, 40, 10, -5);
    for (const filter of FILTER_NAMES) {
      const rec = fbp(sino, theta, n, { filter });
      // mean inside a radius-30 disc around (10, −5): x = j − 64, y = 64 − i
      let sum = 0;
      let cnt = 0;
      let outside = 0;
      let outCnt = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const r = Math.hypot(j - 64 - 10, 64 - i + 5);
          if (r < 30) {
            sum += rec[i * n + j] as number;
            cnt++;
          } else if (r > 48 && Math.hypot(j - 64, i - 64) < 60) {
            outside += Math.abs(rec[i * n + j] as number);
            outCnt++;
          }
        }
      expect(sum / cnt, filter).toBeCloseTo(1, 1);
      expect(Math.abs(sum / cnt - 1), filter).toBeLessThan(0.02);
      expect(outside / outCnt, filter).toBeLessThan(0.02);
    }
  });

  it('a 360° scan gives the same slice as the 180° half (weights π/(2n))', () => {
    const n = 96;
    const half = thetas(90);
    const full = thetas(180, 2 * Math.PI);
    const a = fbp(discSinogram(half, n, 20, 8, 3), half, n);
    const b = fbp(discSinogram(full, n, 20, 8, 3), full, n);
    expect(rmseInCircle(a, b, n)).toBeLessThan(2e-3);
    const w = angleWeights(full);
    expect(w[7]).toBeCloseTo(Math.PI / (2 * 180), 12);
  });

  it('honours an off-centre rotation axis', () => {
    const n = 96;
    const theta = thetas(120);
    const centred = fbp(discSinogram(theta, n, 20, 5, 0), theta, n);
    const shifted = fbp(discSinogram(theta, n, 20, 5, 0, 48 + 3), theta, n, { centre: 48 + 3 });
    expect(rmseInCircle(centred, shifted, n)).toBeLessThan(1e-3);
    // a half-pixel centre samples the projections between pixels: only interpolation blur differs
    const half = fbp(discSinogram(theta, n, 20, 5, 0, 48 + 3.5), theta, n, { centre: 48 + 3.5 });
    expect(rmseInCircle(centred, half, n)).toBeLessThan(0.03);
    const wrong = fbp(discSinogram(theta, n, 20, 5, 0, 48 + 3.5), theta, n);
    expect(rmseInCircle(centred, wrong, n)).toBeGreaterThan(0.05);
  });
});
