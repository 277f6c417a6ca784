import { defineConfig } from 'tsup';

export default defineConfig({
  // worker: the module hosts load in their worker threads (package.json ionscope / plugin workerModule)
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
