import { describe, expect, it } from 'vitest';
import { flattenValues } from '../src/batch/flatten';
import { chunkSize } from '../src/commands/run';
import { perInputFolder } from '../src/batch/pipeline-file';

describe('combined table helpers', () => {
  it('flattens quantities, nested groups and scalars; drops arrays', () => {
    const row = flattenValues({
      R0: { value: 12.5, stderr: 0.1, unit: 'Ω' },
      fit: { chiSquare: 1e-4, converged: true, circuit: 'R0-p(R1,C1)' },
      peaks: [{ position: 1 }],
      missing: null,
    });
    expect(row.cells).toEqual({ R0: 12.5, R0_stderr: 0.1, 'fit.chiSquare': 1e-4, 'fit.converged': true, 'fit.circuit': 'R0-p(R1,C1)', missing: null });
    expect(row.units).toEqual({ R0: 'Ω', R0_stderr: 'Ω' });
  });
  it('sends inputs in chunks that balance two workers', () => {
    expect(chunkSize(10_000, 2)).toBe(256);
    expect(chunkSize(1_000, 2)).toBe(63);
    expect(chunkSize(10, 2)).toBe(1);
  });
  it('maps input names to safe per-input folders', () => {
    expect(perInputFolder({ name: 'data/a.mpt' })).toBe('inputs/data/a.mpt');
    expect(perInputFolder({ name: '../other/b c?.txt' })).toBe('inputs/_up/other/b c_.txt');
    expect(perInputFolder({ name: '/abs/x.demo' })).toBe('inputs/abs/x.demo');
  });
});
