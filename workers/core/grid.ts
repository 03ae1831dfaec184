/**
 * The analysis grid: a 3-D voxel lattice, its voxel-to-world affine and the
 * analysis mask. Every engine module works in voxel indices on this grid;
 * millimetres appear only when foci come in and when results go out.
 */

export type Shape3 = readonly [number, number, number];

/** Row-major 4×4 affine (16 numbers) mapping voxel centres (i, j, k) to world mm. */
export type Affine = Float64Array;

export interface Geometry {
  shape: Shape3;
  affine: Affine;
  /** Voxel sizes in mm along i, j, k (absolute values of the diagonal). */
  zooms: readonly [number, number, number];
  /** 1 inside the mask, 0 outside; flat C order (i slowest, k fastest). */
  mask: Uint8Array;
  /** Flat index → position in the masked vector, −1 outside the mask. */
  flatToMasked: Int32Array;
  /** Masked position → flat index (NiMARE's masked order: C order). */
  maskedToFlat: Int32Array;
  /** Number of in-mask voxels. */
  nMasked: number;
}

/** The MNI152 2 mm grid used by NiMARE's default mask: x = 2i − 90, y = 2j − 126, z = 2k − 72. */
export const MNI_2MM_SHAPE: Shape3 = [91, 109, 91];
export const MNI_2MM_AFFINE: Affine = Float64Array.from([
  2, 0, 0, -90,
  0, 2, 0, -126,
  0, 0, 2, -72,
  0, 0, 0, 1,
]);

/**
 * Builds the geometry from a mask volume. Only axis-aligned grids with
 * 2 mm isotropic voxels are accepted, because the ALE kernel is defined
 * on that grid (spec §3.2); axis flips (GingerALE's x-flipped mask) are fine.
 */
export function createGeometry(shape: Shape3, affine: Affine, maskValues: ArrayLike<number>): Geometry {
  const nVox = shape[0] * shape[1] * shape[2];
  if (maskValues.length !== nVox) {
    throw new Error(`mask has ${maskValues.length} values but its shape ${shape.join('×')} needs ${nVox}`);
  }
  const zooms = checkAxisAligned2mm(affine);
  const mask = new Uint8Array(nVox);
  const flatToMasked = new Int32Array(nVox).fill(-1);
  let nMasked = 0;
  for (let f = 0; f < nVox; f++) {
    const v = maskValues[f];
    if (v !== 0 && !Number.isNaN(v)) {
      mask[f] = 1;
      flatToMasked[f] = nMasked++;
    }
  }
  if (nMasked === 0) throw new Error('mask is empty: no voxel is non-zero');
  const maskedToFlat = new Int32Array(nMasked);
  for (let f = 0; f < nVox; f++) if (mask[f]) maskedToFlat[flatToMasked[f]] = f;
  return { shape, affine, zooms, mask, flatToMasked, maskedToFlat, nMasked };
}

function checkAxisAligned2mm(affine: Affine): [number, number, number] {
  const zooms: [number, number, number] = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      const a = affine[r * 4 + c];
      if (r === c) zooms[r] = Math.abs(a);
      else if (Math.abs(a) > 1e-6) {
        throw new Error('mask affine is rotated or sheared; only axis-aligned grids are supported');
      }
    }
  }
  for (const z of zooms) {
    if (Math.abs(z - 2) > 1e-4) {
      throw new Error(`mask voxels are ${zooms.map((v) => v.toFixed(3)).join('×')} mm; ALE needs a 2 mm isotropic grid`);
    }
  }
  return zooms;
}

/** World mm of the centre of voxel (i, j, k). */
export function voxelToWorld(affine: Affine, i: number, j: number, k: number): [number, number, number] {
  return [
    affine[0] * i + affine[1] * j + affine[2] * k + affine[3],
    affine[4] * i + affine[5] * j + affine[6] * k + affine[7],
    affine[8] * i + affine[9] * j + affine[10] * k + affine[11],
  ];
}

/** Fractional voxel index of a world point, through the inverse of an axis-aligned affine. */
export function worldToVoxel(affine: Affine, x: number, y: number, z: number): [number, number, number] {
  return [(x - affine[3]) / affine[0], (y - affine[7]) / affine[5], (z - affine[11]) / affine[10]];
}

export function flatIndex(shape: Shape3, i: number, j: number, k: number): number {
  return (i * shape[1] + j) * shape[2] + k;
}

export function unflatIndex(shape: Shape3, flat: number): [number, number, number] {
  const k = flat % shape[2];
  const ij = (flat - k) / shape[2];
  const j = ij % shape[1];
  return [(ij - j) / shape[1], j, k];
}

export function inGrid(shape: Shape3, i: number, j: number, k: number): boolean {
  return i >= 0 && j >= 0 && k >= 0 && i < shape[0] && j < shape[1] && k < shape[2];
}

/** Spreads masked values over the whole grid (0 outside the mask), for writing or display. */
export function unmaskFloat32(values: ArrayLike<number>, geometry: Geometry): Float32Array {
  const out = new Float32Array(geometry.mask.length);
  for (let m = 0; m < geometry.nMasked; m++) out[geometry.maskedToFlat[m]] = values[m];
  return out;
}

export function unmaskInt32(values: ArrayLike<number>, geometry: Geometry): Int32Array {
  const out = new Int32Array(geometry.mask.length);
  for (let m = 0; m < geometry.nMasked; m++) out[geometry.maskedToFlat[m]] = values[m];
  return out;
}
