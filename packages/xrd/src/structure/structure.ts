/**
 * A crystal structure as read from a CIF: cell, symmetry operators and the asymmetric-unit sites,
 * plus the expansion to all atoms of the unit cell.
 */
import type { Cell } from './cell';
import { applySymOp, samePosition, type SymOp } from './symmetry';

export interface AtomSite {
  label: string;
  /** Element symbol (`Mn`), the scattering type used for form factors. */
  element: string;
  /** Type symbol as written (`Mn3.5+`). */
  typeSymbol: string;
  /** Formal charge from the type symbol or `_atom_type_oxidation_number` (e.g. 3.5). */
  oxidation?: number;
  x: number;
  y: number;
  z: number;
  occupancy: number;
  /** Isotropic displacement B (Å²) when given (Biso, or 8π²·Uiso). */
  biso?: number;
}

export interface Structure {
  name: string;
  cell: Cell;
  /** Standard uncertainties of the cell parameters when the CIF gives them. */
  cellSu?: Partial<Cell>;
  spaceGroup?: { hm?: string; number?: number };
  symops: SymOp[];
  sites: AtomSite[];
  formula?: string;
}

/** One atom of the full unit cell. */
export interface CellAtom {
  element: string;
  x: number;
  y: number;
  z: number;
  occupancy: number;
  biso?: number;
  label: string;
}

/** Applies every operator to every site and removes duplicates (same element, same position). */
export function expandAtoms(s: Structure, tol = 1e-3): CellAtom[] {
  const out: CellAtom[] = [];
  const p = new Float64Array(3);
  for (const site of s.sites) {
    const start = out.length;
    for (const op of s.symops) {
      applySymOp(op, site.x, site.y, site.z, p);
      let dup = false;
      for (let i = start; i < out.length; i++) {
        const a = out[i] as CellAtom;
        if (samePosition([a.x, a.y, a.z], p, tol)) {
          dup = true;
          break;
        }
      }
      if (!dup)
        out.push({
          element: site.element,
          x: p[0] as number,
          y: p[1] as number,
          z: p[2] as number,
          occupancy: site.occupancy,
          label: site.label,
          ...(site.biso !== undefined ? { biso: site.biso } : {}),
        });
    }
  }
  return out;
}

/** Hill-order formula of the unit-cell content (occupancy-weighted), e.g. `Fe4Li4O16P4`. */
export function cellFormula(atoms: CellAtom[]): string {
  const counts = new Map<string, number>();
  for (const a of atoms) counts.set(a.element, (counts.get(a.element) ?? 0) + a.occupancy);
  const keys = [...counts.keys()].sort((a, b) => (a === 'C' ? -1 : b === 'C' ? 1 : a === 'H' ? -1 : b === 'H' ? 1 : a.localeCompare(b)));
  return keys.map((k) => `${k}${formatCount(counts.get(k) as number)}`).join('');
}

function formatCount(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return r === 1 ? '' : String(r);
}
