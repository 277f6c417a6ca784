/**
 * 3-D connected-component labelling with 6-, 18- or 26-connectivity: one raster pass that unites
 * each foreground voxel with its already visited neighbours in a union-find forest (path halving,
 * union by smaller index), then a pass that relabels the roots 1..K in raster order of their first
 * voxel (Rosenfeld & Pfaltz 1966; the union-find form of Wu, Otoo & Suzuki 2009).
 */

export type Connectivity = 6 | 18 | 26;

export interface Components {
  /** 0 = background, 1..count = component id (raster order of first voxel) */
  labels: Int32Array;
  count: number;
  /** voxels per component; sizes[0] is unused */
  sizes: Float64Array;
}

/** The neighbour offsets (dz, dy, dx) that precede a voxel in raster order for a connectivity. */
export function backwardOffsets(connectivity: Connectivity): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let dz = -1; dz <= 0; dz++)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        if (dz === 0 && (dy > 0 || (dy === 0 && dx >= 0))) continue;
        const manhattan = Math.abs(dz) + Math.abs(dy) + Math.abs(dx);
        if (connectivity === 6 && manhattan > 1) continue;
        if (connectivity === 18 && manhattan > 2) continue;
        out.push([dz, dy, dx]);
      }
  return out;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    const p = parent[parent[i] as number] as number;
    parent[i] = p;
    i = p;
  }
  return i;
}

/**
 * Labels the voxels where `mask[v] !== 0` (z × y × x, x fastest). Memory: one Int32Array of the
 * volume size (the labels double as the union-find parents during the scan).
 */
export function labelComponents(mask: ArrayLike<number>, shape: readonly [number, number, number], connectivity: Connectivity = 6): Components {
  const [nz, ny, nx] = shape;
  const n = nz * ny * nx;
  const parent = new Int32Array(n).fill(-1);
  const offsets = backwardOffsets(connectivity);
  const plane = nx * ny;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = z * plane + y * nx;
      for (let x = 0; x < nx; x++) {
        const v = row + x;
        if (mask[v] === 0) continue;
        parent[v] = v;
        let root = v;
        for (let k = 0; k < offsets.length; k++) {
          const o = offsets[k] as [number, number, number];
          const zz = z + o[0];
          const yy = y + o[1];
          const xx = x + o[2];
          if (zz < 0 || yy < 0 || yy >= ny || xx < 0 || xx >= nx) continue;
          const u = zz * plane + yy * nx + xx;
          if (parent[u] < 0) continue;
          const ru = find(parent, u);
          if (ru === root) continue;
          // union by smaller index keeps roots at the first voxel of each component
          if (ru < root) {
            parent[root] = ru;
            root = ru;
          } else parent[ru] = root;
        }
      }
    }
  }
  // Relabel in raster order. parent[v] < v for every non-root, so when v is reached its parent has
  // already been given its final label: the array can hold parents ahead of v and labels behind it.
  const labels = parent;
  let count = 0;
  const sizesList: number[] = [0];
  for (let v = 0; v < n; v++) {
    const p = labels[v] as number;
    if (p < 0) labels[v] = 0;
    else if (p === v) {
      count++;
      labels[v] = count;
      sizesList.push(1);
    } else {
      const id = labels[p] as number;
      labels[v] = id;
      sizesList[id] = (sizesList[id] as number) + 1;
    }
  }
  return { labels, count, sizes: Float64Array.from(sizesList) };
}
