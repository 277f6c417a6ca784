import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arpls,
  asls,
  CubicSpline,
  chebyshevBaseline,
  cumulativeTrapezoid,
  findPeaks,
  interpLinear,
  pchip,
  resample,
  savitzkyGolay,
  snip,
  trapezoid,
} from '../src/index';
import { fixture, maxAbs, maxAbsDiff } from './helpers';

const fx = fixture('signal.json');

/** the synthetic spectrum of generate.py */
function spectrum(n: number) {
  const t = Float64Array.from({ length: n }, (_, i) => (100 * i) / (n - 1));
  const base = t.map((v) => 5 + 0.03 * v + 2e-4 * (v - 40) ** 2);
  const y = t.map(
    (v, i) =>
      base[i] +
      10 * Math.exp(-0.5 * ((v - 30) / 1.5) ** 2) +
      6 / (1 + ((v - 55) / 2) ** 2) +
      8 * Math.exp(-0.5 * ((v - 80) / 3) ** 2) +
      0.05 * Math.sin(7.3 * v),
  );
  return { t, base, y };
}

describe('interpolation against NumPy/SciPy', () => {
  const { x, y, xNew } = fx.interp;
  it('interpLinear = numpy.interp (end values held)', () => {
    expect(maxAbsDiff(interpLinear(x, y, xNew), fx.interp.linear)).toBeLessThan(1e-15);
    expect(Array.from(interpLinear([0, 1], [0, 10], [-1, 0.25, 2], { left: Number.NaN, right: 99 }))).toEqual([Number.NaN, 2.5, 99]);
  });
  it('CubicSpline natural / not-a-knot / clamped = scipy CubicSpline (values, derivatives, integral)', () => {
    const nat = new CubicSpline(x, y, 'natural');
    expect(maxAbsDiff(nat.evaluate(xNew), fx.interp.natural)).toBeLessThan(1e-13);
    expect(maxAbsDiff(nat.derivative(xNew), fx.interp.naturalD1)).toBeLessThan(1e-12);
    expect(maxAbsDiff(nat.derivative(xNew, 2), fx.interp.naturalD2)).toBeLessThan(1e-11);
    expect(nat.integral()).toBeCloseTo(fx.interp.naturalIntegral, 12);
    const nak = new CubicSpline(x, y, 'not-a-knot');
    expect(maxAbsDiff(nak.evaluate(xNew), fx.interp.notAKnot)).toBeLessThan(1e-13);
    expect(maxAbsDiff(nak.derivative(xNew), fx.interp.notAKnotD1)).toBeLessThan(1e-12);
    const cl = new CubicSpline(x, y, { clamped: [0.5, -0.25] });
    expect(maxAbsDiff(cl.evaluate(xNew), fx.interp.clamped)).toBeLessThan(1e-13);
  });
  it('pchip = scipy PchipInterpolator and stays monotone', () => {
    expect(maxAbsDiff(pchip(x, fx.interp.monotoneY, xNew), fx.interp.pchip)).toBeLessThan(1e-13);
    expect(maxAbsDiff(pchip(x, fx.interp.monotoneY, xNew, 1), fx.interp.pchipD1)).toBeLessThan(1e-12);
    const fine = Float64Array.from({ length: 500 }, (_, i) => (8.5 * i) / 499);
    const v = pchip(x, fx.interp.monotoneY, fine);
    for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThanOrEqual(v[i - 1] - 1e-12);
  });
  it('splines reproduce cubics exactly (not-a-knot) and interpolate the nodes', () => {
    const xs = [0, 0.5, 1.7, 2, 3.3, 4];
    const f = (t: number) => 1 - 2 * t + 0.5 * t ** 2 - 0.3 * t ** 3;
    const s = new CubicSpline(xs, xs.map(f), 'not-a-knot');
    const probe = [0.1, 1.1, 2.9, 3.9];
    expect(maxAbsDiff(s.evaluate(probe), probe.map(f))).toBeLessThan(1e-12);
    expect(maxAbsDiff(new CubicSpline(x, y).evaluate(x), y)).toBeLessThan(1e-14);
  });
  it('resample methods and fill', () => {
    const r = resample([0, 1, 2], [0, 10, 20], [-1, 0.4, 1.6, 3], 'nearest');
    expect(Array.from(r)).toEqual([0, 0, 20, 20]);
    const f = resample([0, 1, 2], [0, 10, 20], [-1, 0.5, 3], 'cubic', { fill: Number.NaN });
    expect(Number.isNaN(f[0]) && Number.isNaN(f[2])).toBe(true);
    expect(f[1]).toBeCloseTo(5, 12);
    expect(() => resample([0, 1], [0, 1], [0.5], 'quadratic' as never)).toThrow(/unknown method/);
    expect(() => interpLinear([0, 0], [1, 2], [0])).toThrow(/strictly increasing/);
  });
});

describe('integration', () => {
  it('trapezoid and cumulativeTrapezoid = scipy', () => {
    const { x, y } = fx.interp;
    expect(trapezoid(y, x)).toBeCloseTo(fx.integrate.trapezoid, 13);
    expect(trapezoid(y, 0.25)).toBeCloseTo(fx.integrate.trapezoidDx, 13);
    expect(maxAbsDiff(cumulativeTrapezoid(y, x), fx.integrate.cumulative)).toBeLessThan(1e-14);
  });
  it('is exact for linear functions and converges as h² for smooth ones', () => {
    const lin = Float64Array.from({ length: 11 }, (_, i) => 3 * i + 1);
    expect(trapezoid(lin)).toBe(160);
    const err = (n: number) => {
      const xs = Float64Array.from({ length: n }, (_, i) => (Math.PI * i) / (n - 1));
      return Math.abs(trapezoid(xs.map(Math.sin), xs) - 2);
    };
    expect(err(101) / err(201)).toBeCloseTo(4, 1);
  });
});

describe('Savitzky–Golay against scipy.signal.savgol_filter', () => {
  const yj = Float64Array.from({ length: 64 }, (_, j) => Math.sin(0.2 * j) + 0.1 * Math.cos(2.1 * j) + 0.01 * j);
  for (const c of fx.savgol.cases as { window: number; order: number; deriv: number; mode: 'interp'; delta: number; y: number[] }[]) {
    it(`window ${c.window}, order ${c.order}, derivative ${c.deriv}, mode ${c.mode}`, () => {
      const out = savitzkyGolay(yj, c.window, c.order, { derivative: c.deriv, dx: c.delta, mode: c.mode });
      expect(maxAbsDiff(out, c.y)).toBeLessThan(1e-11);
    });
  }
  it('preserves polynomials up to its order, including at the edges', () => {
    const t = Float64Array.from({ length: 30 }, (_, i) => i * 0.1);
    const p = t.map((v) => 2 - v + 0.5 * v * v - 0.2 * v ** 3);
    expect(maxAbsDiff(savitzkyGolay(p, 9, 3), p)).toBeLessThan(1e-12);
    const dp = t.map((v) => -1 + v - 0.6 * v * v);
    expect(maxAbsDiff(savitzkyGolay(p, 9, 3, { derivative: 1, dx: 0.1 }), dp)).toBeLessThan(1e-10);
  });
  it('validates arguments', () => {
    expect(() => savitzkyGolay(yj, 4, 2)).toThrow(/odd/);
    expect(() => savitzkyGolay(yj, 5, 5)).toThrow(/polyOrder/);
    expect(() => savitzkyGolay([1, 2, 3], 5, 2)).toThrow(/at least/);
  });
});

describe('findPeaks against scipy.signal.find_peaks / peak_prominences / peak_widths', () => {
  const { y } = spectrum(501);
  for (const [name, c] of Object.entries(fx.findPeaks as Record<string, any>)) {
    it(name, () => {
      const options: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(c.kwargs as Record<string, unknown>)) options[k] = v;
      const peaks = findPeaks(y, options);
      expect(peaks.map((p) => p.index)).toEqual(c.peaks);
      expect(
        maxAbsDiff(
          peaks.map((p) => p.prominence),
          c.prominences,
        ),
      ).toBeLessThan(1e-12);
      expect(peaks.map((p) => p.leftBase)).toEqual(c.leftBases);
      expect(peaks.map((p) => p.rightBase)).toEqual(c.rightBases);
      expect(
        maxAbsDiff(
          peaks.map((p) => p.widthSamples),
          c.widths,
        ),
      ).toBeLessThan(1e-10);
      expect(
        maxAbsDiff(
          peaks.map((p) => p.widthHeight),
          c.widthHeights,
        ),
      ).toBeLessThan(1e-12);
      expect(
        maxAbsDiff(
          peaks.map((p) => p.leftIps),
          c.leftIps,
        ),
      ).toBeLessThan(1e-10);
    });
  }
  it('reports positions and widths in x units; Gaussian FWHM recovered', () => {
    const xs = Float64Array.from({ length: 2001 }, (_, i) => -10 + i * 0.01);
    const g = xs.map((v) => 3 * Math.exp(-4 * Math.LN2 * ((v - 1.234) / 2.5) ** 2));
    const [p] = findPeaks(g, { x: xs });
    expect(p.position).toBeCloseTo(1.23, 10);
    expect(p.widthAtHalf).toBeCloseTo(2.5, 3);
    expect(p.prominence).toBeCloseTo(3, 3);
  });
  it('plateaus count once at their middle (rounded down)', () => {
    expect(findPeaks([0, 1, 2, 2, 2, 2, 1, 0]).map((p) => p.index)).toEqual([3]);
    expect(findPeaks([0, 1, 1, 0, 3, 0]).map((p) => p.index)).toEqual([1, 4]);
  });
});

describe('baselines', () => {
  const { t, base, y } = spectrum(501);
  it('AsLS matches a SciPy sparse implementation of Eilers & Boelens', () => {
    expect(maxAbsDiff(asls(y, { lambda: 1e5, p: 0.01 }), fx.baseline.asls)).toBeLessThan(1e-7);
  });
  it('arPLS matches a SciPy sparse implementation of Baek et al.', () => {
    expect(maxAbsDiff(arpls(y, { lambda: 1e5 }), fx.baseline.arpls)).toBeLessThan(1e-6);
  });
  it('SNIP (plain and LLS) matches the reference clipping', () => {
    expect(maxAbsDiff(snip(y, { iterations: 20 }), fx.baseline.snip)).toBeLessThan(1e-12);
    expect(maxAbsDiff(snip(y, { iterations: 20, lls: true }), fx.baseline.snipLls)).toBeLessThan(1e-9);
  });
  it('Chebyshev fit = numpy chebfit/chebval', () => {
    expect(maxAbsDiff(chebyshevBaseline(t, y, 3), fx.baseline.chebyshev)).toBeLessThan(1e-11);
    // with a mask on peak-free regions it recovers the quadratic baseline
    const mask = Array.from(t, (v) => Math.abs(v - 30) > 8 && Math.abs(v - 55) > 20 && Math.abs(v - 80) > 12);
    expect(maxAbsDiff(chebyshevBaseline(t, y, 2, mask), base)).toBeLessThan(0.1);
  });
  it('the baselines stay below the peaks and follow the true baseline away from them', () => {
    for (const z of [asls(y, { lambda: 1e6, p: 0.001 }), arpls(y, { lambda: 1e6 })]) {
      let worst = 0;
      for (let i = 0; i < t.length; i++)
        if (Math.abs(t[i] - 30) > 8 && Math.abs(t[i] - 80) > 12 && Math.abs(t[i] - 55) > 15) worst = Math.max(worst, Math.abs(z[i] - base[i]));
      expect(worst).toBeLessThan(0.4);
    }
  });
  it('validates input', () => {
    expect(() => asls([1, 2], { lambda: 1, p: 0.1 })).toThrow(/at least 3/);
    expect(() => arpls(y, { lambda: -1 })).toThrow(/lambda/);
    expect(() => snip(y, { iterations: 0 })).toThrow(/iterations/);
    expect(() => asls([1, Number.NaN, 3], { lambda: 1, p: 0.1 })).toThrow(/y\[1\]/);
  });
  it('SNIP never exceeds the signal (property)', () => {
    fc.assert(
      fc.property(
        fc.float64Array({ minLength: 3, maxLength: 200, noNaN: true, noDefaultInfinity: true, min: 0, max: 1e4 }),
        fc.integer({ min: 1, max: 30 }),
        (sig, it) => {
          const z = snip(sig, { iterations: it });
          for (let i = 0; i < sig.length; i++) if (z[i] > sig[i] + 1e-9 * Math.max(1, maxAbs(sig))) return false;
          return true;
        },
      ),
      { numRuns: 100 },
    );
  });
});
