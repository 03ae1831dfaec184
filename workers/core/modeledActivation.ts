/**
 * Modeled activation (spec §4.1): each experiment's map is the voxelwise
 * maximum of its foci's kernels, restricted to the mask. Kept sparse, since
 * an experiment touches a few thousand of the ~200,000 mask voxels.
 */
import { flatIndex, type Geometry } from './grid.ts';
import type { AleKernel } from './kernel.ts';

export interface SparseMA {
  /** Masked positions the experiment's kernels reach, ascending. */
  index: Int32Array;
  /** MA value (float32) at each of those positions; never zero. */
  value: Float32Array;
  /** Largest MA value of the experiment (0 when no kernel reaches the mask). */
  max: number;
}

/**
 * Stamps the kernels of one experiment's foci (snapped ijk, 3 per focus)
 * into a scratch volume and returns the in-mask part. `scratch` must be a
 * zeroed Float32Array over the whole grid and is left zeroed.
 */
export function experimentMA(ijk: Int32Array, kernel: AleKernel, geometry: Geometry, scratch: Float32Array): SparseMA {
  const [n0, n1, n2] = geometry.shape;
  const { radius: r, side, values } = kernel;
  const touched: number[] = [];
  for (let f = 0; f < ijk.length; f += 3) {
    const ci = ijk[f], cj = ijk[f + 1], ck = ijk[f + 2];
    for (let a = 0; a < side; a++) {
      const i = ci + a - r;
      if (i < 0 || i >= n0) continue;
      for (let b = 0; b < side; b++) {
        const j = cj + b - r;
        if (j < 0 || j >= n1) continue;
        const row = (a * side + b) * side;
        const base = flatIndex(geometry.shape, i, j, 0);
        for (let c = 0; c < side; c++) {
          const k = ck + c - r;
          if (k < 0 || k >= n2) continue;
          const v = base + k;
          if (geometry.mask[v] === 0) continue;
          const kv = values[row + c];
          if (kv > scratch[v]) {
            if (scratch[v] === 0) touched.push(v);
            scratch[v] = kv;
          }
        }
      }
    }
  }
  const flat = Int32Array.from(touched).sort();
  const index = new Int32Array(flat.length);
  const value = new Float32Array(flat.length);
  let max = 0;
  for (let t = 0; t < flat.length; t++) {
    const v = flat[t];
    index[t] = geometry.flatToMasked[v];
    value[t] = scratch[v];
    if (scratch[v] > max) max = scratch[v];
    scratch[v] = 0;
  }
  return { index, value, max };
}

/** MA maps of all experiments, in the order given (the analysis order of spec §1.5). */
export function modeledActivations(
  experiments: readonly { ijk: Int32Array }[],
  kernels: readonly AleKernel[],
  geometry: Geometry,
): SparseMA[] {
  const scratch = new Float32Array(geometry.mask.length);
  return experiments.map((e, n) => experimentMA(e.ijk, kernels[n], geometry, scratch));
}
