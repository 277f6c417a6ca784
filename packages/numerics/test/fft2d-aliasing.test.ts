import { describe, expect, it } from 'vitest';
import { FFT, fft2d } from '../src/index';

// Regression: FFT2D transforms rows through subarray views of one buffer. The in-place check used
// to compare array objects, so views of the same memory were treated as separate and rows of
// ≥ 128 points came out wrong (reported by the THz 2-D spectrum work).
describe('in-place transforms through aliasing views', () => {
  it('fft2d of an impulse is the analytic phase ramp, for sizes with long rows', () => {
    for (const [rows, cols] of [
      [128, 256],
      [96, 300],
      [512, 512],
    ] as const) {
      const re = new Float64Array(rows * cols);
      const r0 = 7;
      const c0 = 19;
      re[r0 * cols + c0] = 1;
      const out = fft2d(re, undefined, rows, cols);
      let worst = 0;
      for (let k = 0; k < rows; k += 5) {
        for (let l = 0; l < cols; l += 7) {
          const phase = -2 * Math.PI * ((k * r0) / rows + (l * c0) / cols);
          worst = Math.max(worst, Math.abs(out.re[k * cols + l]! - Math.cos(phase)), Math.abs(out.im[k * cols + l]! - Math.sin(phase)));
        }
      }
      expect(worst, `${rows}×${cols}`).toBeLessThan(1e-9);
    }
  });
  it('a 1-D transform whose output is a view of its input equals the out-of-place result', () => {
    const n = 1024;
    const buffer = new Float64Array(4 * n);
    for (let i = 0; i < 2 * n; i++) buffer[i] = Math.sin(i * 0.37) + (i % 5);
    const re = buffer.subarray(0, n);
    const im = buffer.subarray(n, 2 * n);
    const expectedRe = new Float64Array(n);
    const expectedIm = new Float64Array(n);
    const plan = new FFT(n);
    plan.forward(re.slice(), im.slice(), expectedRe, expectedIm);
    plan.forward(re, im, buffer.subarray(0, n), buffer.subarray(n, 2 * n));
    for (let i = 0; i < n; i++) {
      expect(re[i]).toBeCloseTo(expectedRe[i]!, 9);
      expect(im[i]).toBeCloseTo(expectedIm[i]!, 9);
    }
  });
});
