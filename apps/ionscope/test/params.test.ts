import { describe, expect, it } from 'vitest';
import { buildParams, parseNamedInputs, parseParamValue, setPath } from '../src/cli/params';

describe('--param parsing', () => {
  it('takes JSON when the value is valid JSON, else the text', () => {
    expect(parseParamValue('3')).toBe(3);
    expect(parseParamValue('1e-3')).toBe(0.001);
    expect(parseParamValue('true')).toBe(true);
    expect(parseParamValue('[1,2.5]')).toEqual([1, 2.5]);
    expect(parseParamValue('{"a":1}')).toEqual({ a: 1 });
    expect(parseParamValue('"42"')).toBe('42');
    expect(parseParamValue('R0-p(R1,C1)')).toBe('R0-p(R1,C1)');
    expect(parseParamValue('450um')).toBe('450um');
    expect(parseParamValue('1.54184 Å')).toBe('1.54184 Å');
    expect(parseParamValue('')).toBe('');
  });
  it('sets nested keys and lets later --param win over --params', () => {
    const target = {};
    setPath(target, 'fit.maxIterations', 50);
    setPath(target, 'fit.tolerance', 1e-9);
    expect(target).toEqual({ fit: { maxIterations: 50, tolerance: 1e-9 } });
    expect(buildParams(['a=1', 'b.c=x=y', 'a=2'])).toEqual({ a: 2, b: { c: 'x=y' } });
  });
  it('rejects malformed assignments with a usage error', () => {
    expect(() => buildParams(['novalue'])).toThrow(/--param expects KEY=VALUE/);
    expect(() => buildParams(['a..b=1'])).toThrow(/malformed parameter name/);
    expect(() => parseNamedInputs(['reference'])).toThrow(/--input expects KEY=VALUE/);
    expect(parseNamedInputs(['reference=ref.demo'])).toEqual({ reference: 'ref.demo' });
  });
});
