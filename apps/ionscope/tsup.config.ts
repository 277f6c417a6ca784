import { defineConfig } from 'tsup';

export default defineConfig({
  // bin: the command; worker: the piscina worker of `ionscope run`; task-worker: the threads that run
  // plugins' worker-module tasks (ctx.parallel). Both are files of their own, loaded by path.
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', worker: 'src/batch/worker.ts', 'task-worker': 'src/parallel/task-worker.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
});
