/**
 * The 3-D Shepp–Logan head phantom of Kak & Slaney (1988), Table 3.3: ten ellipsoids in the cube
 * [−1, 1]³, each rotated by θ about the z axis, with additive grey levels. Exact line integrals by
 * ray–ellipsoid intersection, for cone-beam and parallel-beam projections, and the phantom sampled
 * on a voxel grid.
 */

export interface Ellipsoid {
  x: number;
  y: number;
  z: number;
  /** semi-axes along the ellipsoid's own x, y, z (before the rotation) */
  a: number;
  b: number;
  c: number;
  /** rotation about z, degrees */
  theta: number;
  value: number;
}

export const KAK_SLANEY_3D: Ellipsoid[] = [
  { x: 0, y: 0, z: 0, a: 0.69, b: 0.92, c: 0.9, theta: 0, value: 2 },
  { x: 0, y: 0, z: 0, a: 0.6624, b: 0.874, c: 0.88, theta: 0, value: -0.98 },
  { x: -0.22, y: 0, z: -0.25, a: 0.41, b: 0.16, c: 0.21, theta: 108, value: -0.02 },
  { x: 0.22, y: 0, z: -0.25, a: 0.31, b: 0.11, c: 0.22, theta: 72, value: -0.02 },
  { x: 0, y: 0.35, z: -0.25, a: 0.21, b: 0.25, c: 0.5, theta: 0, value: 0.02 },
  { x: 0, y: 0.1, z: -0.25, a: 0.046, b: 0.046, c: 0.046, theta: 0, value: 0.02 },
  { x: -0.08, y: -0.65, z: -0.25, a: 0.046, b: 0.023, c: 0.02, theta: 0, value: 0.01 },
  { x: 0.06, y: -0.65, z: -0.25, a: 0.023, b: 0.046, c: 0.02, theta: 90, value: 0.01 },
  { x: 0.06, y: -0.105, z: 0.625, a: 0.04, b: 0.056, c: 0.1, theta: 90, value: 0.02 },
  { x: 0, y: 0.1, z: 0.625, a: 0.056, b: 0.04, c: 0.1, theta: 0, value: -0.02 },
];

/** Scales a phantom by `s` (positions and axes), to put it in a given length unit. */
export function scalePhantom(phantom: Ellipsoid[], s: number): Ellipsoid[] {
  return phantom.map((e) => ({ ...e, x: e.x * s, y: e.y * s, z: e.z * s, a: e.a * s, b: e.b * s, c: e.c * s }));
}

/** ∫ f along the line o + τ·d (d need not be unit: the result is per unit length of the line). */
export function lineIntegral(phantom: Ellipsoid[], o: [number, number, number], d: [number, number, number]): number {
  const len = Math.hypot(d[0], d[1], d[2]);
  let sum = 0;
  for (const e of phantom) {
    const ct = Math.cos((e.theta * Math.PI) / 180);
    const st = Math.sin((e.theta * Math.PI) / 180);
    // into the ellipsoid frame: translate, rotate by −θ, scale to the unit sphere
    const px = o[0] - e.x;
    const py = o[1] - e.y;
    const ox = (px * ct + py * st) / e.a;
    const oy = (-px * st + py * ct) / e.b;
    const oz = (o[2] - e.z) / e.c;
    const dx = (d[0] * ct + d[1] * st) / e.a;
    const dy = (-d[0] * st + d[1] * ct) / e.b;
    const dz = d[2] / e.c;
    const A = dx * dx + dy * dy + dz * dz;
    const B = ox * dx + oy * dy + oz * dz;
    const C = ox * ox + oy * oy + oz * oz - 1;
    const disc = B * B - A * C;
    if (disc > 0) sum += e.value * ((2 * Math.sqrt(disc)) / A) * len;
  }
  return sum;
}

export interface ConeScan {
  sourceOrigin: number;
  sourceDetector: number;
  pixelSize: number;
  rows: number;
  cols: number;
  centre: number;
  centreRow: number;
  theta: Float64Array;
}

/** Exact cone-beam projections angle × row × col of the phantom, in the geometry of recon/fdk.ts. */
export function coneProjections(phantom: Ellipsoid[], scan: ConeScan): Float64Array {
  const { sourceOrigin: D, sourceDetector: Dsd, pixelSize: p, rows, cols, centre, centreRow, theta } = scan;
  const out = new Float64Array(theta.length * rows * cols);
  theta.forEach((beta, a) => {
    const cb = Math.cos(beta);
    const sb = Math.sin(beta);
    // source at −D·e_w, e_w = (−sin β, cos β, 0); detector centre at (Dsd − D)·e_w
    const src: [number, number, number] = [D * sb, -D * cb, 0];
    for (let r = 0; r < rows; r++) {
      const v = (r - centreRow) * p;
      for (let k = 0; k < cols; k++) {
        const u = (k - centre) * p;
        // detector point − source = Dsd·e_w + u·e_u + v·e_z
        const dir: [number, number, number] = [-Dsd * sb + u * cb, Dsd * cb + u * sb, v];
        out[(a * rows + r) * cols + k] = lineIntegral(phantom, src, dir);
      }
    }
  });
  return out;
}

/** Exact parallel-beam sinograms row × angle × col: detector pixel k of row r sees t = (k − centre)·p, z = (r − centreRow)·p. */
export function parallelSinograms(
  phantom: Ellipsoid[],
  theta: Float64Array,
  rows: number,
  cols: number,
  pixel: number,
  centre: number,
  centreRow: number,
): Float64Array {
  const out = new Float64Array(rows * theta.length * cols);
  theta.forEach((beta, a) => {
    const cb = Math.cos(beta);
    const sb = Math.sin(beta);
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < cols; k++) {
        const t = (k - centre) * pixel;
        const o: [number, number, number] = [t * cb, t * sb, (r - centreRow) * pixel];
        out[(r * theta.length + a) * cols + k] = lineIntegral(phantom, o, [-sb, cb, 0]);
      }
  });
  return out;
}

/** The phantom on an n × n × nz grid (z × y × x; x = (j − ⌊n/2⌋)·h, y = (⌊n/2⌋ − i)·h, z = (k − ⌊nz/2⌋)·h), s³ sub-samples per voxel. */
export function sampleVolume(phantom: Ellipsoid[], n: number, nz: number, h: number, s = 2): Float64Array {
  const out = new Float64Array(nz * n * n);
  const c = Math.floor(n / 2);
  const cz = Math.floor(nz / 2);
  const pre = phantom.map((e) => ({ e, ct: Math.cos((e.theta * Math.PI) / 180), st: Math.sin((e.theta * Math.PI) / 180) }));
  for (let k = 0; k < nz; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let q = 0; q < s * s * s; q++) {
          const x = (j - c + ((q % s) + 0.5) / s - 0.5) * h;
          const y = (c - i - ((Math.floor(q / s) % s) + 0.5) / s + 0.5) * h;
          const z = (k - cz + (Math.floor(q / (s * s)) + 0.5) / s - 0.5) * h;
          for (const { e, ct, st } of pre) {
            const px = x - e.x;
            const py = y - e.y;
            const u = (px * ct + py * st) / e.a;
            const v = (-px * st + py * ct) / e.b;
            const w = (z - e.z) / e.c;
            if (u * u + v * v + w * w <= 1) acc += e.value;
          }
        }
        out[(k * n + i) * n + j] = acc / (s * s * s);
      }
  return out;
}
