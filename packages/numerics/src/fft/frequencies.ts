/** Frequency-axis and padding helpers for the FFT (NumPy semantics). */

/**
 * Sample frequencies of the bins of a length-n FFT with sample spacing dt (NumPy `fftfreq`):
 * [0, 1, …, ⌈n/2⌉−1, −⌊n/2⌋, …, −1] / (n·dt). Unit: 1/(unit of dt), e.g. Hz for dt in s.
 */
export function fftFrequencies(n: number, dt = 1): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`fftFrequencies: n must be a non-negative integer, got ${n}`);
  const out = new Float64Array(n);
  const scale = 1 / (n * dt);
  const positive = Math.floor((n - 1) / 2) + 1;
  for (let k = 0; k < positive; k++) out[k] = k * scale;
  for (let k = positive; k < n; k++) out[k] = (k - n) * scale;
  return out;
}

/** Frequencies of the ⌊n/2⌋+1 bins of a length-n real FFT (NumPy `rfftfreq`): k/(n·dt). */
export function rfftFrequencies(n: number, dt = 1): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`rfftFrequencies: n must be a positive integer, got ${n}`);
  const bins = Math.floor(n / 2) + 1;
  const out = new Float64Array(bins);
  for (let k = 0; k < bins; k++) out[k] = k / (n * dt);
  return out;
}

/** Move the zero-frequency bin to the centre (NumPy `fftshift`, 1-D). */
export function fftShift(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const shift = Math.floor(n / 2);
  for (let i = 0; i < n; i++) out[(i + shift) % n] = x[i];
  return out;
}

/** Undo {@link fftShift} (NumPy `ifftshift`, 1-D). */
export function ifftShift(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const shift = Math.floor(n / 2);
  for (let i = 0; i < n; i++) out[i] = x[(i + shift) % n];
  return out;
}

/** Smallest power of two ≥ n (1 for n ≤ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** x zero-padded (or truncated) to length n. */
export function zeroPad(x: ArrayLike<number>, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`zeroPad: n must be a non-negative integer, got ${n}`);
  const out = new Float64Array(n);
  const count = Math.min(n, x.length);
  for (let i = 0; i < count; i++) out[i] = x[i];
  return out;
}
