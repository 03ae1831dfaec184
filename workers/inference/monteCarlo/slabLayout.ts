/**
 * How slab stamping cuts the grid: the mask's bounding box (stamps outside it
 * are never read) in slabs of a few i-planes, and each slab's mask voxels as
 * slab-local indices, so a slab can be scanned as soon as it is complete.
 */
import type { NullFoci } from './nullFoci.ts';
import { supraLogLimit } from './supraThreshold.ts';

/** Planes per slab: two float64 arrays of 2 × 109 × 91 voxels fit a 512 KB L2 cache. */
const SLAB_PLANES = 2;

export interface MaskBox {
  lo: [number, number, number];
  hi: [number, number, number];
}

/** The smallest box (inclusive bounds) holding every mask voxel: stamps outside it are never read. */
export function maskBox(mask: Uint8Array, shape: readonly [number, number, number]): MaskBox {
  const [n0, n1, n2] = shape;
  const lo: [number, number, number] = [n0, n1, n2];
  const hi: [number, number, number] = [-1, -1, -1];
  for (let i = 0, v = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) {
      for (let k = 0; k < n2; k++, v++) {
        if (mask[v] === 0) continue;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
    }
  }
  return { lo, hi };
}

export class SlabLayout {
  readonly planes = SLAB_PLANES;
  readonly box: MaskBox;
  /** Box extent along j and k. */
  readonly nj: number;
  readonly nk: number;
  /** Slab rows and columns: the box padded by `pad` voxels on each side in j and k, so stamps need no clipping there. */
  readonly pj: number;
  readonly pk: number;
  readonly nSlabs: number;
  /** Per slab (CSR): the slab-local index and the flat grid index of each mask voxel. */
  readonly maskStart: Int32Array;
  readonly maskLocal: Int32Array;
  readonly maskFlat: Int32Array;
  /** A voxel whose log sum is not below this cannot pass the threshold (supraLogLimit). */
  readonly logLimit: number;

  constructor(foci: NullFoci, threshold32: number, readonly pad = 0) {
    const [, n1, n2] = foci.shape;
    this.box = maskBox(foci.mask, foci.shape);
    const { lo, hi } = this.box;
    this.nj = hi[1] - lo[1] + 1;
    this.nk = hi[2] - lo[2] + 1;
    this.pj = this.nj + 2 * pad;
    this.pk = this.nk + 2 * pad;
    this.nSlabs = Math.ceil((hi[0] - lo[0] + 1) / SLAB_PLANES);
    this.logLimit = supraLogLimit(threshold32);
    const counts = new Int32Array(this.nSlabs + 1);
    let nMask = 0;
    const slabOf = (v: number) => Math.floor((Math.floor(v / (n1 * n2)) - lo[0]) / SLAB_PLANES);
    for (let v = 0; v < foci.mask.length; v++) {
      if (foci.mask[v] === 0) continue;
      counts[slabOf(v) + 1]++;
      nMask++;
    }
    for (let s = 0; s < this.nSlabs; s++) counts[s + 1] += counts[s];
    this.maskStart = counts;
    this.maskLocal = new Int32Array(nMask);
    this.maskFlat = new Int32Array(nMask);
    const cursor = counts.slice(0, this.nSlabs);
    for (let v = 0; v < foci.mask.length; v++) {
      if (foci.mask[v] === 0) continue;
      const k = v % n2;
      const j = ((v - k) / n2) % n1;
      const i = Math.floor(v / (n1 * n2));
      const s = slabOf(v);
      const t = cursor[s]++;
      this.maskLocal[t] = ((i - lo[0] - s * SLAB_PLANES) * this.pj + (j - lo[1] + pad)) * this.pk + (k - lo[2] + pad);
      this.maskFlat[t] = v;
    }
  }

  get slabVoxels(): number {
    return this.planes * this.pj * this.pk;
  }

  /** First and last slab that a kernel of radius r centred on plane i reaches. */
  slabRange(i: number, r: number): [number, number] {
    const lo = this.box.lo[0];
    return [Math.max(0, Math.floor((i - r - lo) / SLAB_PLANES)), Math.min(this.nSlabs - 1, Math.floor((i + r - lo) / SLAB_PLANES))];
  }
}
