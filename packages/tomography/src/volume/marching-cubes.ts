/**
 * Surface area by marching cubes (Lorensen & Cline 1987, SIGGRAPH '87, 163).
 *
 * The case table is not typed in: it is generated at load time for all 256 corner configurations
 * by tracing the iso-contour on the six faces of the cube and linking the face segments into closed
 * loops through the cube edges they share (every cut edge belongs to exactly two faces). A face
 * with two inside corners on a diagonal is ambiguous; it is always resolved by separating the
 * inside corners, a rule that depends only on the face, so two cubes sharing a face cut it the same
 * way and the surface is closed (the face-consistency fix of Dürst 1988 / Nielson & Hamann 1991
 * that Lorensen & Cline's original table lacked). Loops are triangulated as fans.
 *
 * Cube corners (x, y, z): 0 (0,0,0), 1 (1,0,0), 2 (1,1,0), 3 (0,1,0), 4 (0,0,1), 5 (1,0,1),
 * 6 (1,1,1), 7 (0,1,1); edges 0–3 around z = 0, 4–7 around z = 1, 8–11 vertical.
 */

const CORNERS: [number, number, number][] = [
  [0, 0, 0],
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 1],
  [1, 1, 1],
  [0, 1, 1],
];

export const EDGES: [number, number][] = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 0],
  [4, 5],
  [5, 6],
  [6, 7],
  [7, 4],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];

/** The six faces as corner cycles. */
const FACES: number[][] = [
  [0, 1, 2, 3],
  [4, 5, 6, 7],
  [0, 1, 5, 4],
  [3, 2, 6, 7],
  [0, 3, 7, 4],
  [1, 2, 6, 5],
];

function edgeOf(a: number, b: number): number {
  const e = EDGES.findIndex(([p, q]) => (p === a && q === b) || (p === b && q === a));
  if (e < 0) throw new Error(`corners ${a} and ${b} share no edge`);
  return e;
}

/** For each of the 256 configurations, the closed loops of cut edges. */
function buildTable(): number[][][] {
  const table: number[][][] = [];
  for (let config = 0; config < 256; config++) {
    const inside = (c: number) => ((config >> c) & 1) === 1;
    const neighbours = new Map<number, number[]>();
    const link = (e1: number, e2: number) => {
      neighbours.set(e1, [...(neighbours.get(e1) ?? []), e2]);
      neighbours.set(e2, [...(neighbours.get(e2) ?? []), e1]);
    };
    for (const face of FACES) {
      const edges = face.map((c, k) => edgeOf(c, face[(k + 1) % 4] as number)); // edge k joins corners k and k+1
      const cut = edges.map((_, k) => inside(face[k] as number) !== inside(face[(k + 1) % 4] as number));
      const nCut = cut.filter(Boolean).length;
      if (nCut === 2) {
        const [a, b] = edges.filter((_, k) => cut[k]);
        link(a as number, b as number);
      } else if (nCut === 4) {
        // ambiguous face: cut off each inside corner on its own (edges k−1 and k meet at corner k)
        for (let k = 0; k < 4; k++) if (inside(face[k] as number)) link(edges[(k + 3) % 4] as number, edges[k] as number);
      }
    }
    const loops: number[][] = [];
    const used = new Set<number>();
    for (const start of neighbours.keys()) {
      if (used.has(start)) continue;
      const loop = [start];
      used.add(start);
      let prev = -1;
      let cur = start;
      for (;;) {
        const next = (neighbours.get(cur) as number[]).find((e) => e !== prev && !(e === start && loop.length < 3)) as number;
        if (next === start || next === undefined) break;
        loop.push(next);
        used.add(next);
        prev = cur;
        cur = next;
      }
      loops.push(loop);
    }
    table.push(loops);
  }
  return table;
}

let TABLE: number[][][] | undefined;
/** The generated case table: TABLE[config] = loops of edge indices. */
export function marchingCubesTable(): number[][][] {
  TABLE ??= buildTable();
  return TABLE;
}

/**
 * Area of the iso-surface f = `level` of a scalar field (z × y × x) in voxel units², with vertices
 * placed on the cube edges by linear interpolation. Corners with f > level are inside. For a binary
 * indicator and level ½ the vertices sit at edge midpoints.
 */
export function isoSurfaceArea(field: ArrayLike<number>, shape: readonly [number, number, number], level = 0.5): { area: number; triangles: number } {
  const table = marchingCubesTable();
  const [nz, ny, nx] = shape;
  const plane = nx * ny;
  const offsets = CORNERS.map(([x, y, z]) => z * plane + y * nx + x);
  const vx = new Float64Array(12);
  const vy = new Float64Array(12);
  const vz = new Float64Array(12);
  const val = new Float64Array(8);
  let area = 0;
  let triangles = 0;
  for (let z = 0; z + 1 < nz; z++)
    for (let y = 0; y + 1 < ny; y++)
      for (let x = 0; x + 1 < nx; x++) {
        const base = z * plane + y * nx + x;
        let config = 0;
        for (let c = 0; c < 8; c++) {
          const f = field[base + (offsets[c] as number)] as number;
          val[c] = f;
          if (f > level) config |= 1 << c;
        }
        if (config === 0 || config === 255) continue;
        const loops = table[config] as number[][];
        for (const loop of loops) {
          for (const e of loop) {
            const [a, b] = EDGES[e] as [number, number];
            const fa = val[a] as number;
            const fb = val[b] as number;
            const t = fb !== fa ? (level - fa) / (fb - fa) : 0.5;
            const ca = CORNERS[a] as [number, number, number];
            const cb = CORNERS[b] as [number, number, number];
            vx[e] = ca[0] + t * (cb[0] - ca[0]);
            vy[e] = ca[1] + t * (cb[1] - ca[1]);
            vz[e] = ca[2] + t * (cb[2] - ca[2]);
          }
          const e0 = loop[0] as number;
          for (let k = 1; k + 1 < loop.length; k++) {
            const e1 = loop[k] as number;
            const e2 = loop[k + 1] as number;
            const ux = (vx[e1] as number) - (vx[e0] as number);
            const uy = (vy[e1] as number) - (vy[e0] as number);
            const uz = (vz[e1] as number) - (vz[e0] as number);
            const wx = (vx[e2] as number) - (vx[e0] as number);
            const wy = (vy[e2] as number) - (vy[e0] as number);
            const wz = (vz[e2] as number) - (vz[e0] as number);
            const cx = uy * wz - uz * wy;
            const cy = uz * wx - ux * wz;
            const cz = ux * wy - uy * wx;
            area += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
            triangles++;
          }
        }
      }
  return { area, triangles };
}

/** Marching-cubes area of the interface of one phase of a label volume (indicator at level ½). */
export function phaseSurfaceArea(
  labels: ArrayLike<number>,
  shape: readonly [number, number, number],
  phase: number,
): { area: number; specificArea: number; triangles: number } {
  const n = shape[0] * shape[1] * shape[2];
  const indicator = new Uint8Array(n);
  for (let v = 0; v < n; v++) indicator[v] = labels[v] === phase ? 1 : 0;
  const { area, triangles } = isoSurfaceArea(indicator, shape, 0.5);
  return { area, specificArea: area / n, triangles };
}
