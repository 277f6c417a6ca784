import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolveInPlace, UpdatableCholesky } from '../src/index';
import { rng } from './helpers';

/** Row-major SPD G = BᵀB + 0.1·I from a random n×n B. */
function spd(n: number, random: () => number): Float64Array {
  const B = Float64Array.from({ length: n * n }, () => random() - 0.5);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 0.1 : 0;
      for (let k = 0; k < n; k++) s += (B[k * n + i] as number) * (B[k * n + j] as number);
      G[i * n + j] = s;
    }
  return G;
}

/** Solution of G_PP z = h_P by a fresh factorisation, in the order given. */
function freshSolve(G: Float64Array, n: number, order: ArrayLike<number>, p: number, h: Float64Array): Float64Array {
  const sub = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) sub[a + b * p] = G[(order[a] as number) * n + (order[b] as number)] as number;
  choleskyInPlace(sub, p);
  const z = Float64Array.from({ length: p }, (_, a) => h[order[a] as number] as number);
  choleskySolveInPlace(sub, p, z);
  return z;
}

describe('UpdatableCholesky: a factor of G_PP through additions and removals', () => {
  it('solves like a fresh factorisation after 400 random changes of P (1e-10)', () => {
    const n = 40;
    const random = rng(7);
    const G = spd(n, random);
    const h = Float64Array.from({ length: n }, () => random() - 0.5);
    const f = new UpdatableCholesky(n);
    f.reset(G);
    let worst = 0;
    for (let step = 0; step < 400; step++) {
      const j = Math.floor(random() * n);
      if (f.has(j)) f.remove(j);
      else expect(f.add(j, 1e-14)).toBe(true);
      const p = f.size;
      if (p === 0) continue;
      const z = Float64Array.from({ length: p }, (_, a) => h[f.order[a] as number] as number);
      f.solveInPlace(z);
      const ref = freshSolve(G, n, f.order, p, h);
      let scale = 0;
      for (let a = 0; a < p; a++) scale = Math.max(scale, Math.abs(ref[a] as number));
      for (let a = 0; a < p; a++) worst = Math.max(worst, Math.abs((z[a] as number) - (ref[a] as number)) / scale);
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('removing the first, a middle and the last variable keeps the order of the others', () => {
    const n = 6;
    const G = spd(n, rng(3));
    const f = new UpdatableCholesky(n);
    f.reset(G);
    for (const j of [4, 1, 5, 0, 3]) f.add(j, 1e-14);
    f.remove(4);
    f.remove(0);
    f.remove(3);
    expect(Array.from(f.order.subarray(0, f.size))).toEqual([1, 5]);
    expect(f.has(4)).toBe(false);
    expect(f.has(5)).toBe(true);
  });

  it('refuses a variable that depends linearly on P (pivot under the floor)', () => {
    // columns 0 and 2 of B are equal, so G's rows 0 and 2 are too
    const B = [1, 2, 1, 0, 1, 0, 3, 1, 3];
    const n = 3;
    const G = new Float64Array(9);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) G[i * n + j] += (B[k * n + i] as number) * (B[k * n + j] as number);
    const f = new UpdatableCholesky(n);
    f.reset(G);
    expect(f.add(0, 1e-14 * 10)).toBe(true);
    expect(f.add(1, 1e-14 * 10)).toBe(true);
    expect(f.add(2, 1e-14 * 10)).toBe(false);
    expect(f.size).toBe(2);
  });
});
