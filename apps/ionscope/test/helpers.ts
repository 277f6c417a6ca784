import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const binPath = join(appRoot, 'dist', 'bin.js');
export const fixturePlugin = join(appRoot, 'test', 'fixtures', 'plugin-demo');
export const sampleFile = join(fixturePlugin, 'examples', 'line.demo');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/bin.js) as a user would, without a TTY. */
export function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = { cwd: process.cwd() },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd,
      env: { ...process.env, IONSCOPE_DISCOVER: 'config', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * A fresh project folder outside the workspace whose ionscope.config.json lists the fixture plugin
 * (tests run with IONSCOPE_DISCOVER=config, so the workspace's own plugins stay out of the way).
 */
export function makeProject(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ionscope-cli-'));
  writeFileSync(join(dir, 'ionscope.config.json'), JSON.stringify({ plugins: [fixturePlugin] }));
  cpSync(sampleFile, join(dir, 'line.demo'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** A `.demo` curve y = a + b·x (+ a small deterministic wiggle) at x = 0..n-1. */
export function demoCurve(a: number, b: number, n = 10, wiggle = 0): string {
  let s = '#demo\n';
  for (let i = 0; i < n; i++) s += `${i} ${a + b * i + (wiggle ? wiggle * Math.sin(1.7 * i) : 0)}\n`;
  return s;
}

/** Parses stdout that must hold exactly one JSON object. */
export function oneJson(stdout: string): any {
  const trimmed = stdout.trim();
  expectSingleLine(trimmed);
  return JSON.parse(trimmed);
}

function expectSingleLine(text: string) {
  if (text.split('\n').length !== 1) throw new Error(`stdout holds more than one line:\n${text.slice(0, 500)}`);
}
