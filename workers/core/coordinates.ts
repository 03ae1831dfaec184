/**
 * Stereotactic spaces and the mm → voxel step (spec §1.1, §2.2).
 */
import { inGrid, worldToVoxel, type Affine, type Shape3 } from './grid.ts';
import { roundHalfEven } from './numpyRounding.ts';

export type Space = 'MNI' | 'TAL';
/** 'jale': icbm_spm's inverse with the result rounded to whole mm, as JALE converts Talairach foci. */
export type TalTransform = 'other' | 'spm' | 'fsl' | 'jale';
/** 'ceil': the voxel above, JALE's ceil(inverse affine · xyz). */
export type SnapRule = 'nearest' | 'trunc' | 'ceil';

/**
 * Lancaster et al. 2007 icbm2tal affines (MNI → Talairach), rows 1–3.
 * NiMARE converts Talairach foci with the inverse of `other` (the pooled one).
 */
const ICBM_TO_TAL: Record<Exclude<TalTransform, 'jale'>, number[]> = {
  other: [0.9357, 0.0029, -0.0072, -1.0423, -0.0065, 0.9396, -0.0726, -1.394, 0.0103, 0.0752, 0.8967, 3.6475],
  spm: [0.9254, 0.0024, -0.0118, -1.0207, -0.0048, 0.9316, -0.0871, -1.7667, 0.0152, 0.0883, 0.8924, 4.0926],
  fsl: [0.9464, 0.0034, -0.0026, -1.068, -0.0083, 0.9479, -0.058, -1.0239, 0.0053, 0.0617, 0.901, 3.1883],
};

export const TAL_TRANSFORMS: readonly TalTransform[] = ['other', 'spm', 'fsl', 'jale'];

const talToMniCache = new Map<TalTransform, number[]>();

/** 3×4 affine mapping Talairach mm to MNI mm (inverse of the chosen icbm2tal). */
export function talToMniMatrix(transform: TalTransform): number[] {
  let m = talToMniCache.get(transform);
  if (!m) {
    m = invertAffine3x4(ICBM_TO_TAL[transform === 'jale' ? 'spm' : transform]);
    talToMniCache.set(transform, m);
  }
  return m;
}

export function talToMni(x: number, y: number, z: number, transform: TalTransform): [number, number, number] {
  const m = talToMniMatrix(transform);
  const mni: [number, number, number] = [
    m[0] * x + m[1] * y + m[2] * z + m[3],
    m[4] * x + m[5] * y + m[6] * z + m[7],
    m[8] * x + m[9] * y + m[10] * z + m[11],
  ];
  // JALE rounds the converted foci to whole mm (np.round: half to even).
  return transform === 'jale' ? [roundHalfEven(mni[0]) + 0, roundHalfEven(mni[1]) + 0, roundHalfEven(mni[2]) + 0] : mni;
}

/** Inverse of [A | t] with last row (0 0 0 1): [A⁻¹ | −A⁻¹t], A⁻¹ by Gauss–Jordan with partial pivoting. */
function invertAffine3x4(m: number[]): number[] {
  const a = [
    [m[0], m[1], m[2], 1, 0, 0],
    [m[4], m[5], m[6], 0, 1, 0],
    [m[8], m[9], m[10], 0, 0, 1],
  ];
  for (let c = 0; c < 3; c++) {
    let pivot = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const p = a[c][c];
    for (let k = 0; k < 6; k++) a[c][k] /= p;
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let k = 0; k < 6; k++) a[r][k] -= f * a[c][k];
    }
  }
  const inv = a.map((row) => row.slice(3));
  const t = [m[3], m[7], m[11]];
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    out.push(inv[r][0], inv[r][1], inv[r][2], -(inv[r][0] * t[0] + inv[r][1] * t[1] + inv[r][2] * t[2]));
  }
  return out;
}

/** Snaps a world coordinate to a voxel index with the chosen rule. */
export function snapToVoxel(affine: Affine, x: number, y: number, z: number, rule: SnapRule): [number, number, number] {
  const ijk = worldToVoxel(affine, x, y, z);
  const snap = rule === 'trunc' ? Math.trunc : rule === 'ceil' ? Math.ceil : roundHalfEven;
  // `+ 0` turns −0 from truncation into 0, which matters only for printing.
  return [snap(ijk[0]) + 0, snap(ijk[1]) + 0, snap(ijk[2]) + 0];
}

/**
 * The grid voxel a world point falls in, with the same rounding that places
 * foci (half to even), or null outside the grid: every world → voxel lookup
 * (readouts, atlas labels, ground-truth nodes) goes through here.
 */
export function nearestVoxel(shape: Shape3, affine: Affine, mm: readonly number[]): [number, number, number] | null {
  const ijk = snapToVoxel(affine, mm[0], mm[1], mm[2], 'nearest');
  return inGrid(shape, ...ijk) ? ijk : null;
}
