// Worker entry in plain JS: load the TypeScript worker through tsx (workers do not inherit tsx's loader).
import { tsImport } from 'tsx/esm/api';

await tsImport('./recon-worker.ts', import.meta.url);
