import { API_VERSION } from '../version';

/**
 * Whether a plugin's declared API range accepts this core. Accepted forms: `^1`, `^1.2`, `^1.2.3`,
 * `1`, `1.x`. Caret ranges follow semver: same major, and at least the given minor/patch.
 */
export function apiVersionSatisfied(range: string, coreApi: string = API_VERSION): boolean {
  const match = /^\^?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(range.trim());
  if (!match) return false;
  const [major, minor, patch] = coreApi.split('.').map(Number) as [number, number, number];
  const wantMajor = Number(match[1]);
  const wantMinor = match[2] === undefined || match[2] === 'x' ? 0 : Number(match[2]);
  const wantPatch = match[3] === undefined || match[3] === 'x' ? 0 : Number(match[3]);
  if (wantMajor !== major) return false;
  if (minor !== wantMinor) return minor > wantMinor;
  return patch >= wantPatch;
}

/** True when the string is a range {@link apiVersionSatisfied} understands. */
export function isApiRange(range: string): boolean {
  return /^\^?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.test(range.trim());
}
