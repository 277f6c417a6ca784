/**
 * Peak tracking through a series: for every pattern and tracked peak, an optional SNIP background is
 * removed around the peak's window and the peak is fitted in that window with the profile model (Kα doublet when given), starting
 * from the previous pattern's fitted parameters (warm start) and moving the window with the peak.
 * A failed or implausible fit (non-finite values, centre at the window edge) is recorded as NaN and
 * the next pattern starts again from the last good parameters.
 */
import type { ProfileShape } from '../models/profiles';
import { type Doublet, fitProfile } from '../peaks/fit';
import { snipBackground } from '../processing/background';

export interface TrackedPeakSpec {
  center: number;
  /** Half-width of the fit window (degrees); default 0.5. */
  halfWidth?: number;
  fwhm?: number;
}

export interface TrackOptions {
  shape?: ProfileShape;
  doublet?: Doublet;
  background?: 'snip' | 'none';
  snipIterations?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface TrackResult {
  /** [pattern][peak] arrays, row-major m × p. */
  center: Float64Array;
  centerStderr: Float64Array;
  area: Float64Array;
  areaStderr: Float64Array;
  fwhm: Float64Array;
  fwhmStderr: Float64Array;
  eta: Float64Array;
  reducedChiSquare: Float64Array;
  failures: number;
}

export function trackPeaks(x: Float64Array, rows: (k: number) => Float64Array, m: number, specs: TrackedPeakSpec[], options: TrackOptions = {}): TrackResult {
  const p = specs.length;
  const shape = options.shape ?? 'pseudo-voigt';
  const out: TrackResult = {
    center: new Float64Array(m * p).fill(Number.NaN),
    centerStderr: new Float64Array(m * p).fill(Number.NaN),
    area: new Float64Array(m * p).fill(Number.NaN),
    areaStderr: new Float64Array(m * p).fill(Number.NaN),
    fwhm: new Float64Array(m * p).fill(Number.NaN),
    fwhmStderr: new Float64Array(m * p).fill(Number.NaN),
    eta: new Float64Array(m * p).fill(Number.NaN),
    reducedChiSquare: new Float64Array(m * p).fill(Number.NaN),
    failures: 0,
  };
  const warm: (Float64Array | undefined)[] = specs.map(() => undefined);
  const centers = specs.map((s) => s.center);
  const iterations = options.snipIterations ?? 40;
  const n = x.length;
  const step = n > 1 ? ((x[n - 1] as number) - (x[0] as number)) / (n - 1) : 1;
  for (let k = 0; k < m; k++) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    const y = rows(k);
    specs.forEach((spec, j) => {
      const half = spec.halfWidth ?? 0.5;
      const c = centers[j] as number;
      // The background is estimated on the window plus a margin of one SNIP width on each side,
      // not on the whole pattern: the clipping only looks that far, and it is 10–20× cheaper.
      const margin = options.background === 'none' ? 0 : 2 * iterations;
      const a = Math.max(0, Math.floor((c - half - (x[0] as number)) / step) - margin);
      const b = Math.min(n, Math.ceil((c + half - (x[0] as number)) / step) + 1 + margin);
      if (b - a < 8) {
        out.failures++;
        return;
      }
      const xs = x.subarray(a, b);
      const ys = y.subarray(a, b);
      const bg = options.background === 'none' ? undefined : snipBackground(ys, iterations);
      const net = new Float64Array(b - a);
      const sigma = new Float64Array(b - a);
      for (let i = 0; i < net.length; i++) {
        net[i] = (ys[i] as number) - (bg ? (bg[i] as number) : 0);
        sigma[i] = Math.sqrt(Math.max(ys[i] as number, 1));
      }
      try {
        const r = fitProfile(xs, net, {
          shape,
          peaks: [{ center: c, ...(spec.fwhm ? { fwhm: spec.fwhm } : {}) }],
          range: [c - half, c + half],
          sigma,
          backgroundOrder: bg ? 0 : 1,
          ...(options.doublet ? { doublet: options.doublet } : {}),
          ...(warm[j] ? { initialParams: warm[j] } : {}),
          maxIterations: 100,
        });
        const pk = r.peaks[0];
        const ok = pk && Number.isFinite(pk.center.value) && Math.abs(pk.center.value - c) < 0.9 * half && pk.area.value > 0;
        if (!ok || !pk) {
          out.failures++;
          return;
        }
        const o = k * p + j;
        out.center[o] = pk.center.value;
        out.centerStderr[o] = pk.center.stderr;
        out.area[o] = pk.area.value;
        out.areaStderr[o] = pk.area.stderr;
        out.fwhm[o] = pk.fwhm.value;
        out.fwhmStderr[o] = pk.fwhm.stderr;
        out.eta[o] = pk.shape.eta?.value ?? Number.NaN;
        out.reducedChiSquare[o] = r.reducedChiSquare;
        warm[j] = r.params;
        centers[j] = pk.center.value;
      } catch {
        out.failures++;
      }
    });
    options.onProgress?.((k + 1) / m);
  }
  return out;
}
