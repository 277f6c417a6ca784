import { defineConfig } from 'tsup';

export default defineConfig({
  // bin: the command; worker: the piscina worker of `ionscope run` (a file of its own, loaded by path).
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', worker: 'src/batch/worker.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
});
