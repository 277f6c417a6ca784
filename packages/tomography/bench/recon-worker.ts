/** Benchmark worker: reconstructs slices [z0, z1) of the synthetic 512³ volume into shared memory. */
import { parentPort, workerData } from 'node:worker_threads';
import { FbpPlan } from '../src/recon/fbp';
import { spherePhantom, sphereSinogram } from './synthetic';

const { n, nAngles, z0, z1, buffer } = workerData as { n: number; nAngles: number; z0: number; z1: number; buffer: SharedArrayBuffer };
const volume = new Float32Array(buffer);
const theta = Float64Array.from({ length: nAngles }, (_, i) => (i * Math.PI) / nAngles);
const spheres = spherePhantom(n);
const sino = new Float32Array(nAngles * n);
// projections are generated slice by slice here (as a reader would deliver them) and not timed
let generateMs = 0;
let reconMs = 0;
const plan = new FbpPlan(theta, n, { filter: 'shepp-logan' });
for (let z = z0; z < z1; z++) {
  let t = performance.now();
  sphereSinogram(spheres, z - n / 2 + 0.5, theta, n, sino);
  generateMs += performance.now() - t;
  t = performance.now();
  plan.reconstruct(sino, volume.subarray(z * n * n, (z + 1) * n * n));
  reconMs += performance.now() - t;
}
parentPort?.postMessage({ generateMs, reconMs });
