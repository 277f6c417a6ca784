/**
 * The dataset kinds this plugin reads and writes. One sign convention everywhere:
 * Z = Z′ + iZ″ in ohms, with Z″ < 0 for a capacitive response (the physics convention; files that
 * store −Z″, like BioLogic's `-Im(Z)/Ohm`, are negated on reading). Frequencies are in hertz.
 */
import type { KindDefinition } from '@ionscope/core';

export const SPECTRUM_KIND = 'impedance.spectrum';
export const SERIES_KIND = 'impedance.series';
export const FIT_KIND = 'impedance.fit';
export const SERIES_FIT_KIND = 'impedance.series-fit';
export const LINKK_KIND = 'impedance.lin-kk';
export const DRT_KIND = 'impedance.drt';

export const KINDS: KindDefinition[] = [
  {
    id: SPECTRUM_KIND,
    description:
      'One impedance spectrum. Coordinate `frequency` (Hz) along dim `frequency`; data `Zreal`, `Zimag` (Ω) with Z = Z′ + iZ″ and ' +
      'Z″ < 0 for capacitive behaviour; optional per-point `time` (s, from the start of the file), `Ewe` (V), `I` (A), `cycle`. ' +
      'Operando context (cycle, potential, elapsed time) in `meta.operando`; the vendor header in `meta.extra`.',
  },
  {
    id: SERIES_KIND,
    description:
      'Several spectra (cycles of one .mpt, an operando series). Dims `spectrum` × `point`: data `frequency` (Hz), `Zreal`, `Zimag` (Ω), ' +
      'optional `time`, `Ewe`, `I`, all [spectrum, point], padded with NaN where a spectrum is shorter (mask `missing`). ' +
      'Coordinates along `spectrum`: `spectrum` (index), `time` (s, start of each spectrum), `cycle` when the file numbers cycles.',
  },
  {
    id: FIT_KIND,
    description:
      'An equivalent-circuit fit: data and model `Zreal`/`Zimag`, `ZrealFit`/`ZimagFit` and residuals over `frequency`; `values.parameters` ' +
      '{NAME: {value, stderr, unit}}, `chiSquare`, `correlation`, `circuit`.',
  },
  {
    id: SERIES_FIT_KIND,
    description: 'Fits of every spectrum of a series: one variable per parameter over dim `spectrum` with stderr as variances, `chiSquare` per spectrum.',
  },
  { id: LINKK_KIND, description: 'Lin-KK validation: `M`, `mu`, relative residuals `residualReal`/`residualImag` over `frequency`.' },
  { id: DRT_KIND, description: 'Distribution of relaxation times: `gamma` (Ω) over `tau` (s), `peaks`, `lambda`, `Rinf`, the reconstructed impedance.' },
];
