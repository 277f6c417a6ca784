import { conversionFactor, ParseError, unitsCompatible } from '@ionscope/core';

/** Where the time unit of a trace came from. */
export type TimeUnitSource = 'header' | 'format' | 'step-size';

export interface TimeUnitChoice {
  unit: string;
  source: TimeUnitSource;
  /** Multiply file values by this to get picoseconds. */
  toPs: number;
}

/**
 * The unit of a time column. A unit named in the header wins (`time (fs)`, `t [s]`); otherwise the
 * sampling step decides, because THz-TDS traces are sampled every ~1–100 fs: a step below 1e-9 is
 * in seconds, a step between 1e-3 and 0.5 is in ps, a step between 0.5 and 1000 is in fs.
 */
export function chooseTimeUnit(headerUnit: string, step: number, fileName?: string): TimeUnitChoice {
  const unit = headerUnit.trim();
  if (unit) {
    let compatible = false;
    try {
      compatible = unitsCompatible(unit, 's');
    } catch {
      compatible = false;
    }
    if (!compatible) {
      throw new ParseError(`the time column's unit "${unit}" is not a unit of time`, {
        file: fileName,
        field: 'time column',
        expected: 'a time unit such as ps, fs or s',
        found: unit,
      });
    }
    return { unit, source: 'header', toPs: conversionFactor(unit, 'ps') };
  }
  const s = Math.abs(step);
  if (s > 0 && s < 1e-9) return { unit: 's', source: 'step-size', toPs: 1e12 };
  if (s >= 1e-3 && s < 0.5) return { unit: 'ps', source: 'step-size', toPs: 1 };
  if (s >= 0.5 && s <= 1000) return { unit: 'fs', source: 'step-size', toPs: 1e-3 };
  throw new ParseError('cannot tell the time unit from the sampling step', {
    file: fileName,
    field: 'time column',
    expected: 'a header naming the unit (ps, fs, s) or a step typical of THz-TDS (1 fs to 0.5 ps)',
    found: `step ${step}`,
  });
}
