/** `npm run bench`: times the integration on a million points → bench-results/__ID__.json (median of runs). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { integrateTrapezoid } from '../src/index';

const n = 1_000_000;
const x = Float64Array.from({ length: n }, (_, i) => i * 1e-3);
const y = Float64Array.from(x, (v) => Math.sin(v));
const variances = new Float64Array(n).fill(1e-4);
const times: number[] = [];
for (let run = 0; run < 22; run++) {
  const t0 = performance.now();
  integrateTrapezoid(x, y, variances);
  if (run >= 2) times.push(performance.now() - t0); // two warm-up runs
}
times.sort((a, b) => a - b);
const medianMs = times[Math.floor(times.length / 2)] as number;
console.log(`integrate 1e6 points (with σ): median ${medianMs.toFixed(2)} ms over ${times.length} runs`);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/__ID__.json', JSON.stringify({ package: '__PACKAGE__', results: [{ name: 'integrate 1e6 points', medianMs, runs: times.length }] }, null, 2));
