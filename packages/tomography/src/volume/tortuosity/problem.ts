/**
 * Steady-state diffusion through a voxel microstructure with TauFactor's conventions (Cooper et al.
 * 2016, SoftwareX 5, 203; Kench et al. 2023, JOSS 8, 5358): concentration c = 0 on the inlet face
 * and c = 1 on the outlet face of the transport axis, imposed half a voxel outside the first and
 * last cell centres (boundary conductance 2·D); no flux through the four side faces; 6-neighbour
 * finite volumes with the harmonic mean of the two cells' diffusivities on each face (unit voxel
 * spacing). Only cells of clusters (6-connected) that touch the inlet or outlet face are unknowns;
 * isolated clusters carry no flux and would make the system singular.
 */
import { labelComponents } from '../components';
import { createGrid, type Grid, gridVector } from './grid';

export type Axis = 0 | 1 | 2;

export interface DiffusionProblem {
  grid: Grid;
  /** right-hand side (outlet boundary terms) */
  b: Float64Array;
  /** linear initial guess c = (i + ½)/n along the axis on active cells */
  x0: Float64Array;
  axis: Axis;
  shape: [number, number, number];
  /** number of unknowns (active cells) */
  unknowns: number;
  /** cells of the conducting phase that are not connected to either end face */
  isolatedCells: number;
}

/** Index along `axis` of cell (z, y, x). */
function layerOf(axis: Axis, z: number, y: number, x: number): number {
  return axis === 0 ? z : axis === 1 ? y : x;
}

/**
 * Builds the operator for per-voxel diffusivities `D` (z × y × x; 0 = impermeable) and transport
 * along `axis` (0 = z, 1 = y, 2 = x).
 */
export function buildDiffusionProblem(D: ArrayLike<number>, shape: readonly [number, number, number], axis: Axis): DiffusionProblem {
  const [nz, ny, nx] = shape;
  const n = nz * ny * nx;
  const plane = nx * ny;
  const conducting = new Uint8Array(n);
  for (let v = 0; v < n; v++) conducting[v] = (D[v] as number) > 0 ? 1 : 0;
  const { labels, count } = labelComponents(conducting, [nz, ny, nx], 6);
  const touches = new Uint8Array(count + 1);
  const nAxis = shape[axis];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const l = layerOf(axis, z, y, x);
        if (l !== 0 && l !== nAxis - 1) continue;
        const lab = labels[z * plane + y * nx + x] as number;
        if (lab > 0) touches[lab] = 1;
      }
  const grid = createGrid(nz, ny, nx);
  const b = gridVector(grid);
  const x0 = gridVector(grid);
  const P = grid.pad;
  const active = (v: number) => touches[labels[v] as number] === 1 && (labels[v] as number) > 0;
  let unknowns = 0;
  let isolated = 0;
  // conductances are stored as float32: round them once so that the diagonal is their exact sum
  // (otherwise every row leaks a little and the inlet and outlet fluxes disagree)
  const harmonic = (a: number, c: number) => Math.fround((2 * a * c) / (a + c));
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const v = z * plane + y * nx + x;
        if (!conducting[v]) continue;
        if (!active(v)) {
          isolated++;
          continue;
        }
        unknowns++;
        const d = D[v] as number;
        let diag = 0;
        if (x + 1 < nx && active(v + 1)) {
          const g = harmonic(d, D[v + 1] as number);
          grid.gx[P + v] = g;
          diag += g;
        }
        if (x > 0 && active(v - 1)) diag += harmonic(d, D[v - 1] as number);
        if (y + 1 < ny && active(v + nx)) {
          const g = harmonic(d, D[v + nx] as number);
          grid.gy[P + v] = g;
          diag += g;
        }
        if (y > 0 && active(v - nx)) diag += harmonic(d, D[v - nx] as number);
        if (z + 1 < nz && active(v + plane)) {
          const g = harmonic(d, D[v + plane] as number);
          grid.gz[P + v] = g;
          diag += g;
        }
        if (z > 0 && active(v - plane)) diag += harmonic(d, D[v - plane] as number);
        const l = layerOf(axis, z, y, x);
        if (l === 0) diag += 2 * d; // c = 0 half a voxel before the first layer
        if (l === nAxis - 1) {
          diag += 2 * d; // c = 1 half a voxel after the last layer
          b[P + v] = 2 * d;
        }
        grid.diag[P + v] = diag;
        x0[P + v] = (l + 0.5) / nAxis;
      }
  return { grid, b, x0, axis, shape: [nz, ny, nx], unknowns, isolatedCells: isolated };
}

/** Fluxes through the inlet (c = 0) and outlet (c = 1) faces for a solution c (padded vector). */
export function boundaryFluxes(p: DiffusionProblem, D: ArrayLike<number>, c: Float64Array): { inlet: number; outlet: number } {
  const [nz, ny, nx] = p.shape;
  const plane = nx * ny;
  const nAxis = p.shape[p.axis];
  const P = p.grid.pad;
  let inlet = 0;
  let outlet = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const l = layerOf(p.axis, z, y, x);
        if (l !== 0 && l !== nAxis - 1) continue;
        const v = z * plane + y * nx + x;
        if ((p.grid.diag[P + v] as number) === 0) continue;
        const d = D[v] as number;
        if (l === 0) inlet += 2 * d * (c[P + v] as number);
        if (l === nAxis - 1) outlet += 2 * d * (1 - (c[P + v] as number));
      }
  return { inlet, outlet };
}
