/** `npm run bench`: times the integration on a million points → bench-results/__ID__.json. */
import { bench, printTable, writeBenchResults } from '@ionscope/bench';
import { integrateTrapezoid } from '../src/index';

const n = 1_000_000;
const x = Float64Array.from({ length: n }, (_, i) => i * 1e-3);
const y = Float64Array.from(x, (v) => Math.sin(v));
const variances = new Float64Array(n).fill(1e-4);
const result = bench('integrate 1e6 points (with σ)', () => integrateTrapezoid(x, y, variances));
const entries = [{ ...result, points: n, value: integrateTrapezoid(x, y).value }];
printTable(entries);
writeBenchResults('__ID__', entries);
