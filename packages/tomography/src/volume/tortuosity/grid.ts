/**
 * The 7-point finite-volume diffusion operator on a structured grid, stored matrix-free:
 * `gx[v]`, `gy[v]`, `gz[v]` are the conductances of the faces between cell v and its +x, +y, +z
 * neighbours, and `diag[v]` = Σ of the cell's face conductances plus its Dirichlet boundary terms.
 * (A·c)[v] = diag[v]·c[v] − Σ_faces g·c[neighbour]. Cells with diag = 0 are not unknowns.
 *
 * Every array carries `pad` = nx·ny + 1 zero entries before and after the cells so that the
 * stencil reads its six neighbours without a single bounds test (faces leaving the grid have
 * g = 0, so the padding only ever meets a zero conductance).
 */

export interface Grid {
  nx: number;
  ny: number;
  nz: number;
  /** number of cells */
  n: number;
  /** padding before and after the cells in every array */
  pad: number;
  gx: Float32Array;
  gy: Float32Array;
  gz: Float32Array;
  diag: Float64Array;
  /** 1/diag (0 where diag = 0), built on first use by the smoother */
  invDiag?: Float64Array;
}

export function createGrid(nz: number, ny: number, nx: number): Grid {
  const n = nx * ny * nz;
  const pad = nx * ny + 1;
  const len = n + 2 * pad;
  return { nx, ny, nz, n, pad, gx: new Float32Array(len), gy: new Float32Array(len), gz: new Float32Array(len), diag: new Float64Array(len) };
}

/** A vector over the grid's cells with the same padding. */
export function gridVector(g: Grid): Float64Array {
  return new Float64Array(g.n + 2 * g.pad);
}

/** y = A·x (padded vectors). */
export function applyOperator(g: Grid, x: Float64Array, y: Float64Array): void {
  const { gx, gy, gz, diag, nx } = g;
  const plane = nx * g.ny;
  const end = g.pad + g.n;
  // no branch on inactive cells: their diag, conductances and vector entries are all 0, so the
  // formula gives 0 there (a branch would mispredict on every pore/solid boundary)
  for (let v = g.pad; v < end; v++) {
    y[v] =
      (diag[v] as number) * (x[v] as number) -
      (gx[v] as number) * (x[v + 1] as number) -
      (gx[v - 1] as number) * (x[v - 1] as number) -
      (gy[v] as number) * (x[v + nx] as number) -
      (gy[v - nx] as number) * (x[v - nx] as number) -
      (gz[v] as number) * (x[v + plane] as number) -
      (gz[v - plane] as number) * (x[v - plane] as number);
  }
}

/** r = b − A·x. */
export function residual(g: Grid, x: Float64Array, b: Float64Array, r: Float64Array): void {
  const { gx, gy, gz, diag, nx } = g;
  const plane = nx * g.ny;
  const end = g.pad + g.n;
  for (let v = g.pad; v < end; v++) {
    r[v] =
      (b[v] as number) -
      (diag[v] as number) * (x[v] as number) +
      (gx[v] as number) * (x[v + 1] as number) +
      (gx[v - 1] as number) * (x[v - 1] as number) +
      (gy[v] as number) * (x[v + nx] as number) +
      (gy[v - nx] as number) * (x[v - nx] as number) +
      (gz[v] as number) * (x[v + plane] as number) +
      (gz[v - plane] as number) * (x[v - plane] as number);
  }
}

/** 1/diag, with 0 for inactive cells (cached on the grid). */
export function inverseDiagonal(g: Grid): Float64Array {
  if (g.invDiag) return g.invDiag;
  const inv = new Float64Array(g.diag.length);
  for (let v = 0; v < inv.length; v++) {
    const d = g.diag[v] as number;
    inv[v] = d > 0 ? 1 / d : 0;
  }
  g.invDiag = inv;
  return inv;
}

/** One Gauss–Seidel sweep for A·x = b in raster order (forward) or reverse order (backward). */
export function gaussSeidel(g: Grid, x: Float64Array, b: Float64Array, forward: boolean): void {
  const { gx, gy, gz, nx } = g;
  const inv = inverseDiagonal(g);
  const plane = nx * g.ny;
  const start = g.pad;
  const end = g.pad + g.n;
  // One loop for both sweep directions (symmetric Gauss–Seidel): a signed step, no branch per voxel.
  const step = forward ? 1 : -1;
  for (let k = start, v = forward ? start : end - 1; k < end; k++, v += step) {
    x[v] =
      ((b[v] as number) +
        (gx[v] as number) * (x[v + 1] as number) +
        (gx[v - 1] as number) * (x[v - 1] as number) +
        (gy[v] as number) * (x[v + nx] as number) +
        (gy[v - nx] as number) * (x[v - nx] as number) +
        (gz[v] as number) * (x[v + plane] as number) +
        (gz[v - plane] as number) * (x[v - plane] as number)) *
      (inv[v] as number);
  }
}

/**
 * The Galerkin coarse grid Pᵀ·A·P for piecewise-constant aggregation of 2 × 2 × 2 cells: again a
 * 7-point operator whose face conductances are the sums of the fine conductances crossing between
 * two aggregates, and whose diagonal is the sum of the fine diagonals minus twice the conductances
 * inside the aggregate (i.e. external faces plus boundary terms).
 */
export function coarsen(f: Grid): Grid {
  const cx = (f.nx + 1) >> 1;
  const cy = (f.ny + 1) >> 1;
  const cz = (f.nz + 1) >> 1;
  const c = createGrid(cz, cy, cx);
  const fPlane = f.nx * f.ny;
  const cPlane = cx * cy;
  for (let z = 0; z < f.nz; z++) {
    const Z = z >> 1;
    for (let y = 0; y < f.ny; y++) {
      const Y = y >> 1;
      let v = f.pad + z * fPlane + y * f.nx;
      const rowC = c.pad + Z * cPlane + Y * cx;
      for (let x = 0; x < f.nx; x++, v++) {
        const I = rowC + (x >> 1);
        const d = f.diag[v] as number;
        if (d === 0) continue;
        let dc = d;
        const gxv = f.gx[v] as number;
        if (x & 1) c.gx[I] = (c.gx[I] as number) + gxv;
        else dc -= 2 * gxv;
        const gyv = f.gy[v] as number;
        if (y & 1) c.gy[I] = (c.gy[I] as number) + gyv;
        else dc -= 2 * gyv;
        const gzv = f.gz[v] as number;
        if (z & 1) c.gz[I] = (c.gz[I] as number) + gzv;
        else dc -= 2 * gzv;
        c.diag[I] = (c.diag[I] as number) + dc;
      }
    }
  }
  // guard against round-off making an active aggregate's diagonal vanish or go negative
  for (let I = c.pad; I < c.pad + c.n; I++) {
    const d = c.diag[I] as number;
    if (d !== 0 && d < 1e-12) c.diag[I] = 1e-12;
  }
  return c;
}

/** Sums fine cells into their aggregates: bc = Pᵀ·r. */
export function restrict(f: Grid, c: Grid, r: Float64Array, bc: Float64Array): void {
  bc.fill(0);
  const cx = c.nx;
  const cPlane = cx * c.ny;
  const fPlane = f.nx * f.ny;
  for (let z = 0; z < f.nz; z++) {
    for (let y = 0; y < f.ny; y++) {
      let v = f.pad + z * fPlane + y * f.nx;
      const rowC = c.pad + (z >> 1) * cPlane + (y >> 1) * cx;
      for (let x = 0; x < f.nx; x++, v++) bc[rowC + (x >> 1)] += r[v] as number;
    }
  }
}

/** x += scale · P·xc (each fine cell takes its aggregate's value); inactive cells stay 0. */
export function prolongAdd(f: Grid, c: Grid, xc: Float64Array, x: Float64Array, scale: number): void {
  const cx = c.nx;
  const cPlane = cx * c.ny;
  const fPlane = f.nx * f.ny;
  for (let z = 0; z < f.nz; z++) {
    for (let y = 0; y < f.ny; y++) {
      let v = f.pad + z * fPlane + y * f.nx;
      const rowC = c.pad + (z >> 1) * cPlane + (y >> 1) * cx;
      for (let x0 = 0; x0 < f.nx; x0++, v++) {
        if (f.diag[v] === 0) continue;
        x[v] += scale * (xc[rowC + (x0 >> 1)] as number);
      }
    }
  }
}
