/**
 * Modeled activation (spec §4.1): each experiment's map is the voxelwise
 * maximum of its foci's kernels, restricted to the mask. Experiments are
 * stamped one at a time into reused buffers (the observed analysis streams
 * them, so memory does not grow with the number of experiments); each voxel
 * keeps the kernel cube offset of its maximum, from which its value, its
 * log term and its histogram bin are read off per-kernel tables.
 */
import type { Geometry } from './grid.ts';
import type { AleKernel } from './kernel.ts';
import { INV_BIN_STEP } from './nullHistogram.ts';

export interface SparseMA {
  /** Masked positions the experiment's kernels reach (in stamping order, not sorted). */
  index: Int32Array;
  /** MA value (float32) at each of those positions; never zero. */
  value: Float32Array;
  /** Largest MA value of the experiment (0 when no kernel reaches the mask). */
  max: number;
}

/** Per cube offset of a kernel: its float32 log1p(−value) (NiMARE's term of the ALE sum) and its null-histogram bin. */
export interface KernelTables {
  log32: Float32Array;
  bin: Int32Array;
  /** The distinct bins, ascending. */
  bins: Int32Array;
}

const tables = new WeakMap<AleKernel, KernelTables>();

export function kernelTables(kernel: AleKernel): KernelTables {
  let t = tables.get(kernel);
  if (!t) {
    const bin = Int32Array.from(kernel.values, (v) => Math.max(Math.trunc(v * INV_BIN_STEP), 0));
    t = { log32: Float32Array.from(kernel.values, (v) => Math.log1p(-v)), bin, bins: Int32Array.from(new Set(bin)).sort() };
    tables.set(kernel, t);
  }
  return t;
}

export class ModeledActivationStamper {
  /** After stamp(): masked index and kernel offset of each voxel the experiment reaches, in [0, count). */
  index: Int32Array = new Int32Array(4096);
  offset: Int32Array = new Int32Array(4096);
  count = 0;
  private readonly best: Int32Array;
  private touched: Int32Array = new Int32Array(4096);

  constructor(private readonly geometry: Geometry) {
    this.best = new Int32Array(geometry.mask.length).fill(-1);
  }

  /** Stamps one experiment's foci (snapped ijk, 3 per focus); returns its largest MA value. */
  stamp(ijk: Int32Array, kernel: Pick<AleKernel, 'radius' | 'side' | 'values'>): number {
    const [n0, n1, n2] = this.geometry.shape;
    const { mask, flatToMasked } = this.geometry;
    const { radius: r, side, values } = kernel;
    const best = this.best;
    let n = 0;
    for (let f = 0; f < ijk.length; f += 3) {
      const ci = ijk[f], cj = ijk[f + 1], ck = ijk[f + 2];
      const c0 = Math.max(0, r - ck), c1 = Math.min(side - 1, n2 - 1 - ck + r);
      for (let a = Math.max(0, r - ci); a <= Math.min(side - 1, n0 - 1 - ci + r); a++) {
        for (let b = Math.max(0, r - cj); b <= Math.min(side - 1, n1 - 1 - cj + r); b++) {
          const row = (a * side + b) * side;
          const base = ((ci + a - r) * n1 + (cj + b - r)) * n2 + ck - r;
          for (let c = c0; c <= c1; c++) {
            const v = base + c;
            if (mask[v] === 0) continue;
            const current = best[v];
            if (current < 0) {
              if (n === this.touched.length) this.touched = grow(this.touched);
              this.touched[n++] = v;
              best[v] = row + c;
            } else if (values[row + c] > values[current]) {
              best[v] = row + c;
            }
          }
        }
      }
    }
    if (this.index.length < n) {
      this.index = new Int32Array(this.touched.length);
      this.offset = new Int32Array(this.touched.length);
    }
    let max = 0;
    for (let t = 0; t < n; t++) {
      const v = this.touched[t];
      this.index[t] = flatToMasked[v];
      this.offset[t] = best[v];
      if (values[best[v]] > max) max = values[best[v]];
      best[v] = -1;
    }
    this.count = n;
    return max;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** One experiment's MA map as values. */
export function experimentMA(ijk: Int32Array, kernel: AleKernel, geometry: Geometry, stamper = new ModeledActivationStamper(geometry)): SparseMA {
  const max = stamper.stamp(ijk, kernel);
  return { index: stamper.index.slice(0, stamper.count), value: Float32Array.from(stamper.offset.subarray(0, stamper.count), (o) => kernel.values[o]), max };
}
