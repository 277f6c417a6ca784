/**
 * What projection values are when a scan has no flat fields and says nothing: transmissions when
 * every sampled value lies in (0, 1.05], else attenuation (line integrals). The caller warns with
 * the range so that a user can override it (`params.input`).
 */
export function guessInputMode(sample: ArrayLike<number>, step: number): { mode: 'transmission' | 'attenuation'; min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sample.length; i += step) {
    const v = sample[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { mode: min > 0 && max <= 1.05 ? 'transmission' : 'attenuation', min, max };
}
