/**
 * Peak tracking through a series: for every pattern and tracked peak, an optional SNIP background is
 * removed around the peak's window and the peak is fitted in that window with the profile model (Kα
 * doublet when given), starting from the previous pattern's fitted parameters (warm start) and moving
 * the window with the peak. Other significant peaks in the window (a second phase growing beside the
 * tracked one) are fitted with it, so the tracked peak does not slide onto its neighbour
 * ({@link fitPeakInWindow}). A peak that is not detected in a pattern (area below 3σ, a noise spike,
 * or moved too far) keeps its area estimate ± σ at the last tracked profile, NaN position and width,
 * and a reason in `status`; the next pattern starts again from the last detected parameters.
 */
import type { ProfileShape } from '../models/profiles';
import type { Doublet } from '../peaks/fit';
import { fitPeakInWindow, type WindowFitStatus } from '../peaks/window-fit';
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
  /** Area / σ(area) for a peak to count as detected; default 3. */
  minAreaSigma?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface TrackedFitNote {
  pattern: number;
  peak: number;
  status: Exclude<WindowFitStatus, 'fitted'>;
  reason: string;
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
  /** [pattern][peak]: 0 fitted, 1 not detected (absent), 2 failed. */
  status: Uint8Array;
  /** One entry per pattern and peak that was not fitted, with the reason (0-based indices). */
  notes: TrackedFitNote[];
  /** Fits that failed outright (window too small, optimiser error); not-detected peaks are not failures. */
  failures: number;
  /** Peaks not detected in a pattern (vanished, below 3σ). */
  absent: number;
}

export function trackPeaks(x: Float64Array, rows: (k: number) => Float64Array, m: number, specs: TrackedPeakSpec[], options: TrackOptions = {}): TrackResult {
  const p = specs.length;
  const shape = options.shape ?? 'pseudo-voigt';
  const nan = () => new Float64Array(m * p).fill(Number.NaN);
  const out: TrackResult = {
    center: nan(),
    centerStderr: nan(),
    area: nan(),
    areaStderr: nan(),
    fwhm: nan(),
    fwhmStderr: nan(),
    eta: nan(),
    reducedChiSquare: nan(),
    status: new Uint8Array(m * p),
    notes: [],
    failures: 0,
    absent: 0,
  };
  // Last detected profile of each peak: the warm start of the next pattern.
  const warm: { fwhm?: number; area?: number; shape?: number[] }[] = specs.map((s) => (s.fwhm ? { fwhm: s.fwhm } : {}));
  const centers = specs.map((s) => s.center);
  const iterations = options.snipIterations ?? 40;
  const n = x.length;
  const step = n > 1 ? ((x[n - 1] as number) - (x[0] as number)) / (n - 1) : 1;
  for (let k = 0; k < m; k++) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    const y = rows(k);
    specs.forEach((spec, j) => {
      const o = k * p + j;
      const half = spec.halfWidth ?? 0.5;
      const c = centers[j] as number;
      // The background is estimated on the window plus a margin of one SNIP width on each side,
      // not on the whole pattern: the clipping only looks that far, and it is 10–20× cheaper.
      const margin = options.background === 'none' ? 0 : 2 * iterations;
      const a = Math.max(0, Math.floor((c - half - (x[0] as number)) / step) - margin);
      const b = Math.min(n, Math.ceil((c + half - (x[0] as number)) / step) + 1 + margin);
      const xs = x.subarray(a, b);
      const ys = y.subarray(a, b);
      const bg = options.background === 'none' || b - a < 8 ? undefined : snipBackground(ys, iterations);
      const net = new Float64Array(b - a);
      const sigma = new Float64Array(b - a);
      for (let i = 0; i < net.length; i++) {
        net[i] = (ys[i] as number) - (bg ? (bg[i] as number) : 0);
        sigma[i] = Math.sqrt(Math.max(ys[i] as number, 1));
      }
      const w = warm[j] as (typeof warm)[number];
      const r = fitPeakInWindow(
        xs,
        net,
        sigma,
        // Cold start (a user's approximate centre): the nearest maximum within half the window half-width; warm: only one within the peak.
        { expected: c, searchRadius: w.area !== undefined && w.fwhm ? Math.max(w.fwhm / 2, 2 * step) : 0.5 * half, ...w },
        {
          shape,
          range: [c - half, c + half],
          // A tracked peak moves little between patterns: warm, at most 1.5 FWHM; cold, half the window half-width.
          maxShift: w.area !== undefined && w.fwhm ? Math.min(0.9 * half, Math.max(1.5 * w.fwhm, 3 * step)) : 0.5 * half,
          ...(options.minAreaSigma ? { minAreaSigma: options.minAreaSigma } : {}),
          ...(options.doublet ? { doublet: options.doublet } : {}),
        },
      );
      out.area[o] = r.area.value;
      out.areaStderr[o] = r.area.stderr;
      if (r.status !== 'fitted' || !r.peak || !r.fit) {
        out.status[o] = r.status === 'absent' ? 1 : 2;
        if (r.status === 'absent') out.absent++;
        else out.failures++;
        out.notes.push({ pattern: k, peak: j, status: r.status === 'absent' ? 'absent' : 'failed', reason: r.reason });
        return;
      }
      const pk = r.peak;
      out.center[o] = pk.center.value;
      out.centerStderr[o] = pk.center.stderr;
      out.fwhm[o] = pk.fwhm.value;
      out.fwhmStderr[o] = pk.fwhm.stderr;
      out.eta[o] = pk.shape.eta?.value ?? Number.NaN;
      out.reducedChiSquare[o] = r.fit.reducedChiSquare;
      warm[j] = { fwhm: pk.fwhm.value, area: pk.area.value, shape: Object.values(pk.shape).map((s) => s.value) };
      centers[j] = pk.center.value;
    });
    options.onProgress?.((k + 1) / m);
  }
  return out;
}
