/**
 * Runs the real CLI (`apps/ionscope/dist/bin.js analyze … --json`) under `/usr/bin/time`, as a user
 * would, and returns wall time, CPU time, peak RSS and the JSON result. Falls back to the wall
 * clock alone where `/usr/bin/time` is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const cliBin = join(repoRoot, 'apps', 'ionscope', 'dist', 'bin.js');

export interface TimedAnalyze {
  wallS: number;
  userS?: number;
  peakRssMiB?: number;
  /** the CLI's JSON result (`result` of `--json`) */
  result: any;
}

export function timedAnalyze(args: string[], options: { cwd: string; env?: Record<string, string> }): TimedAnalyze {
  const timer = existsSync('/usr/bin/time');
  const command = timer ? '/usr/bin/time' : process.execPath;
  const argv = [...(timer ? ['-f', '%M %e %U', process.execPath] : []), cliBin, 'analyze', ...args, '--json'];
  const started = performance.now();
  const r = spawnSync(command, argv, { cwd: options.cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...options.env } });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) {
    console.error(r.stderr.slice(-2000));
    throw new Error(`ionscope analyze ${args.join(' ')} failed (exit ${r.status})`);
  }
  const [rssKb, elapsed, user] = timer ? (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number) : [];
  return {
    wallS: elapsed ?? wall,
    ...(user !== undefined ? { userS: user } : {}),
    ...(rssKb !== undefined ? { peakRssMiB: rssKb / 1024 } : {}),
    result: JSON.parse(r.stdout).result,
  };
}
