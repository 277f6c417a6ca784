/**
 * Synthetic parallel-beam data for the benchmark: a phantom of spheres whose projections are
 * computed exactly (chord lengths of each sphere's circular cross-section in a slice).
 */
export interface Sphere {
  x: number;
  y: number;
  z: number;
  r: number;
  value: number;
}

/** Deterministic spheres inside a cylinder of radius 0.45·n around the axis. */
export function spherePhantom(n: number, count = 40, seed = 1): Sphere[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out: Sphere[] = [];
  for (let i = 0; i < count; i++) {
    const r = n * (0.03 + 0.07 * rand());
    const rho = (0.4 * n - r) * Math.sqrt(rand());
    const phi = 2 * Math.PI * rand();
    out.push({ x: rho * Math.cos(phi), y: rho * Math.sin(phi), z: (rand() - 0.5) * n * 0.9, r, value: 0.5 + rand() });
  }
  return out;
}

/** Sinogram (angles × nDet) of slice z (voxel units, 0 = middle row) through the spheres. */
export function sphereSinogram(spheres: Sphere[], z: number, theta: Float64Array, nDet: number, out: Float32Array): void {
  out.fill(0);
  const centre = Math.floor(nDet / 2);
  const cos = Float64Array.from(theta, Math.cos);
  const sin = Float64Array.from(theta, Math.sin);
  for (const s of spheres) {
    const h2 = s.r * s.r - (z - s.z) ** 2;
    if (h2 <= 0) continue;
    const rc = Math.sqrt(h2); // radius of the circular cross-section
    for (let a = 0; a < theta.length; a++) {
      const p = s.x * (cos[a] as number) + s.y * (sin[a] as number) + centre;
      const k0 = Math.max(0, Math.ceil(p - rc));
      const k1 = Math.min(nDet - 1, Math.floor(p + rc));
      for (let k = k0; k <= k1; k++) {
        const d = k - p;
        out[a * nDet + k] += 2 * s.value * Math.sqrt(Math.max(0, rc * rc - d * d));
      }
    }
  }
}
