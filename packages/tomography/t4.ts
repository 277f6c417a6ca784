import { FbpPlan } from './src/recon/fbp';
const N = 512,
  A = 360;
const sino = new Float64Array(A * N).map(() => Math.random());
const theta = Float64Array.from({ length: A }, (_, i) => (i * Math.PI) / A);
for (const backend of ['auto', 'js'] as const) {
  const plan = new FbpPlan(theta, N, { backend });
  for (let k = 0; k < 3; k++) plan.reconstruct(sino);
  const tf: number[] = [],
    tb: number[] = [];
  for (let k = 0; k < 9; k++) {
    let c = process.cpuUsage();
    plan.filter(sino);
    let d = process.cpuUsage(c);
    tf.push((d.user + d.system) / 1000);
    c = process.cpuUsage();
    (plan as any).backproject();
    d = process.cpuUsage(c);
    tb.push((d.user + d.system) / 1000);
  }
  tf.sort((a, b) => a - b);
  tb.sort((a, b) => a - b);
  console.log(backend, 'filter cpu ms', tf[4].toFixed(1), tf[0].toFixed(1), 'bp', tb[4].toFixed(1), tb[0].toFixed(1));
}
