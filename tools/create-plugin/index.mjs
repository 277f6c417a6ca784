#!/usr/bin/env node
/**
 * Generates a new ionscope technique plugin package from a minimal, tested template.
 *
 *   node tools/create-plugin/index.mjs <id> [--name "Human name"] [--package @scope/name] [--dir DIR] [--force]
 *
 * In the ionscope repository the package goes to `packages/<id>` and its configs extend the
 * workspace's (tsconfig.base.json, vitest.shared.ts, @ionscope/bench). Anywhere else (`--dir` outside a
 * checkout) it is a standalone npm package (`ionscope-plugin-<id>`) with its own configs and dev
 * dependencies. The template has one reader, one analysis, one view, sample data, tests and a bench.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const TEMPLATE = join(HERE, 'template');

/** Tool versions for standalone packages (the workspace pins the same ones). */
const DEFAULT_VERSIONS = {
  '@types/node': '20.19.43',
  'fast-check': '4.10.2',
  tsup: '8.5.1',
  tsx: '4.23.15',
  typescript: '6.0.3',
  vitest: '4.1.12',
};

function usage(message) {
  if (message) console.error(`create-plugin: ${message}`);
  console.error('usage: node tools/create-plugin/index.mjs <id> [--name "Human name"] [--package name] [--dir DIR] [--force]');
  console.error('  <id>: short lower-case plugin id, e.g. "raman" (the namespace of its readers, analyses and kinds)');
  process.exit(1);
}

function parseArgs(argv) {
  const out = { id: undefined, name: undefined, pkg: undefined, dir: undefined, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--name' || a === '--package' || a === '--dir') {
      const value = argv[++i];
      if (value === undefined) usage(`${a} needs a value`);
      out[a === '--package' ? 'pkg' : a.slice(2)] = value;
    } else if (a === '--force') out.force = true;
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (out.id === undefined) out.id = a;
    else usage(`unexpected argument ${a}`);
  }
  return out;
}

/** The ionscope workspace root above `start` (has tsconfig.base.json and vitest.shared.ts), if any. */
function findWorkspace(start) {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.base.json')) && existsSync(join(dir, 'vitest.shared.ts')) && existsSync(join(dir, 'packages', 'core', 'package.json')))
      return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const posix = (p) => p.split(sep).join('/');
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

function titleCase(id) {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function* walk(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.id) usage('give the plugin id');
  if (!/^[a-z][a-z0-9-]*$/.test(args.id)) usage(`"${args.id}" is not a valid plugin id: lower-case letters, digits and "-", starting with a letter`);
  if (args.id === 'ionscope') usage('"ionscope" is the id of the built-in plugin');

  const workspaceOfTool = findWorkspace(HERE);
  const parent = resolve(args.dir ?? (workspaceOfTool ? join(workspaceOfTool, 'packages') : process.cwd()));
  const target = join(parent, args.id);
  const workspace = findWorkspace(parent);
  if (existsSync(target) && readdirSync(target).length > 0 && !args.force) usage(`${target} exists and is not empty (use --force to write into it)`);

  const coreVersion = workspace ? readJson(join(workspace, 'packages', 'core', 'package.json')).version : '0.1.0';
  const rootDevDeps = workspace ? (readJson(join(workspace, 'package.json')).devDependencies ?? {}) : {};
  const version = (name) => rootDevDeps[name] ?? DEFAULT_VERSIONS[name];
  const pkgName = args.pkg ?? (workspace ? `@ionscope/${args.id}` : `ionscope-plugin-${args.id}`);
  const tokens = { __ID__: args.id, __NAME__: args.name ?? titleCase(args.id), __PACKAGE__: pkgName };
  const fill = (text) => text.replace(/__ID__|__NAME__|__PACKAGE__/g, (t) => tokens[t]);

  const files = new Map();
  for (const path of walk(TEMPLATE)) {
    const rel = posix(relative(TEMPLATE, path)).replace(/\.tpl$/, '');
    if (rel === 'bench/index.standalone.ts' || rel === 'bench/index.ts') continue;
    files.set(rel, fill(readFileSync(path, 'utf8')));
  }
  files.set('bench/index.ts', fill(readFileSync(join(TEMPLATE, workspace ? 'bench/index.ts.tpl' : 'bench/index.standalone.ts.tpl'), 'utf8')));

  const toRoot = workspace ? posix(relative(target, workspace)) : undefined;
  files.set(
    'package.json',
    json({
      name: pkgName,
      version: '0.1.0',
      description: `ionscope plugin: ${tokens.__NAME__}`,
      license: 'MIT',
      type: 'module',
      sideEffects: false,
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './package.json': './package.json' },
      main: './dist/index.js',
      types: './dist/index.d.ts',
      files: ['dist', 'examples', 'README.md'],
      keywords: ['ionscope', 'ionscope-plugin'],
      scripts: {
        build: 'tsup',
        test: 'vitest run',
        typecheck: 'tsc -p tsconfig.json && tsc -p tsconfig.test.json',
        bench: 'tsx bench/index.ts',
      },
      // How the ionscope CLI discovers the plugin in node_modules.
      ionscope: { plugin: './dist/index.js' },
      peerDependencies: { '@ionscope/core': `^${coreVersion}` },
      devDependencies: workspace
        ? { '@ionscope/core': coreVersion, '@ionscope/bench': '0.0.0' }
        : Object.fromEntries(
            ['@types/node', 'fast-check', 'tsup', 'tsx', 'typescript', 'vitest'].map((d) => [d, version(d)]).concat([['@ionscope/core', `^${coreVersion}`]]),
          ),
      ...(workspace ? { nx: { tags: ['plugin'] } } : {}),
    }),
  );

  const standaloneOptions = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    resolveJsonModule: true,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    isolatedModules: true,
    // tsup's .d.ts build sets baseUrl, which TypeScript 6 flags as deprecated
    ignoreDeprecations: '6.0',
    types: [],
  };
  const tsconfig = (include, types) =>
    json(
      workspace
        ? { extends: `${toRoot}/tsconfig.base.json`, compilerOptions: { rootDir: '.', noEmit: true, ...(types ? { types } : {}) }, include }
        : { compilerOptions: { ...standaloneOptions, rootDir: '.', noEmit: true, ...(types ? { types } : {}) }, include },
    );
  files.set('tsconfig.json', tsconfig(['src']));
  files.set('tsconfig.test.json', tsconfig(['src', 'test', 'bench'], ['node']));
  files.set(
    'tsup.config.ts',
    `import { defineConfig } from 'tsup';

// ESM + .d.ts, no Node-only APIs (platform neutral): the plugin also runs in browsers and workers.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
`,
  );
  files.set(
    'vitest.config.ts',
    workspace
      ? `import { packageTestConfig } from '${toRoot}/vitest.shared';\n\nexport default packageTestConfig();\n`
      : `import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });\n`,
  );
  if (!workspace) files.set('.gitignore', 'node_modules/\ndist/\nbench-results/\ntest-results/\n');

  for (const [rel, text] of files) {
    const path = join(target, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const shown = posix(relative(process.cwd(), target)) || '.';
  console.log(`created ${pkgName} in ${shown} (${files.size} files${workspace ? ', inside the ionscope workspace' : ', standalone'})`);
  console.log('next:');
  if (workspace) {
    console.log(`  npm install                 # links the new workspace package`);
    console.log(`  cd ${shown} && npx tsup && npx vitest run`);
    console.log(`  write .changeset/${args.id}-initial.md to release it (see docs/writing-a-plugin.md)`);
  } else {
    console.log(`  cd ${shown} && npm install && npm run build && npm test`);
  }
}

main();
