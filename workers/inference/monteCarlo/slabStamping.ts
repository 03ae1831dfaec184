/**
 * Full stamping that stays in cache (the TypeScript twin of the WebAssembly
 * kernel in wasm/slabStamping.ts, and its reference in the tests): slab by
 * slab, per experiment the minimum log over its foci (scratch S), then
 * L += S over the rows it touched. Every voxel gets the same float64 sums, in
 * the same experiment order, as plain full stamping, so the values are
 * bit-identical; only the memory traffic differs (two slab arrays of ~300 KB
 * stay in L2 instead of whole-grid arrays).
 */
import type { NullFoci } from './nullFoci.ts';
import { SlabLayout } from './slabLayout.ts';
import type { SupraThresholdVoxels } from './supraThreshold.ts';

const UNTOUCHED = 0x7fffffff;

export class SlabStamping {
  private readonly layout: SlabLayout;
  private readonly S: Float64Array;
  private readonly L: Float64Array;
  private readonly rowLo: Int32Array;
  private readonly rowHi: Int32Array;
  private readonly touchedRows: Int32Array;
  private slabStart = new Int32Array(0);
  private slabFoci = new Int32Array(0);

  constructor(foci: NullFoci, threshold32: number) {
    this.layout = new SlabLayout(foci, threshold32);
    const { planes, nj } = this.layout;
    this.S = new Float64Array(this.layout.slabVoxels);
    this.L = new Float64Array(this.layout.slabVoxels);
    this.rowLo = new Int32Array(planes * nj).fill(UNTOUCHED);
    this.rowHi = new Int32Array(planes * nj).fill(-1);
    this.touchedRows = new Int32Array(planes * nj);
  }

  evaluate(foci: NullFoci, supra: SupraThresholdVoxels): void {
    this.bucketFoci(foci);
    let minL = 0;
    for (let s = 0; s < this.layout.nSlabs; s++) {
      this.L.fill(0);
      this.stampSlab(s, foci);
      minL = this.scanSlab(s, minL, supra);
    }
    // 1 − exp is monotone: the smallest log sum is the largest ALE.
    supra.offerMaximum(Math.fround(1 - Math.exp(minL)));
  }

  /** The foci reaching each slab, in focus (hence experiment) order. */
  private bucketFoci(foci: NullFoci): void {
    const { fi, focusKernel, kernels } = foci;
    const { nSlabs } = this.layout;
    const counts = new Int32Array(nSlabs + 1);
    for (let f = 0; f < fi.length; f++) {
      const [s0, s1] = this.layout.slabRange(fi[f], kernels[focusKernel[f]].radius);
      for (let s = s0; s <= s1; s++) counts[s + 1]++;
    }
    for (let s = 0; s < nSlabs; s++) counts[s + 1] += counts[s];
    if (this.slabFoci.length < counts[nSlabs]) this.slabFoci = new Int32Array(counts[nSlabs]);
    this.slabStart = counts;
    const cursor = counts.slice(0, nSlabs);
    for (let f = 0; f < fi.length; f++) {
      const [s0, s1] = this.layout.slabRange(fi[f], kernels[focusKernel[f]].radius);
      for (let s = s0; s <= s1; s++) this.slabFoci[cursor[s]++] = f;
    }
  }

  private stampSlab(s: number, foci: NullFoci): void {
    const { fi, fj, fk, focusKernel, focusExperiment, kernelLogs, kernels } = foci;
    const { S, L, rowLo, rowHi, touchedRows, slabFoci } = this;
    const { nj, nk, planes } = this.layout;
    const { lo, hi } = this.layout.box;
    const i0 = lo[0] + s * planes;
    const i1 = Math.min(hi[0], i0 + planes - 1);
    const end = this.slabStart[s + 1];
    let x = this.slabStart[s];
    while (x < end) {
      const e = focusExperiment[slabFoci[x]];
      let nRows = 0;
      for (; x < end && focusExperiment[slabFoci[x]] === e; x++) {
        const f = slabFoci[x];
        const kf = focusKernel[f];
        const r = kernels[kf].radius;
        const side = 2 * r + 1;
        const logs = kernelLogs[kf];
        const ci = fi[f], cj = fj[f], ck = fk[f];
        const ka = Math.max(lo[2], ck - r), kb = Math.min(hi[2], ck + r);
        if (ka > kb) continue;
        const ja = Math.max(lo[1], cj - r), jb = Math.min(hi[1], cj + r);
        for (let i = Math.max(i0, ci - r); i <= Math.min(i1, ci + r); i++) {
          for (let j = ja; j <= jb; j++) {
            const row = (i - i0) * nj + (j - lo[1]);
            const base = row * nk - lo[2];
            const kernelRow = ((i - ci + r) * side + (j - cj + r)) * side + r - ck;
            for (let k = ka; k <= kb; k++) {
              const log = logs[kernelRow + k];
              if (log < S[base + k]) S[base + k] = log;
            }
            if (rowHi[row] < 0) touchedRows[nRows++] = row;
            if (ka - lo[2] < rowLo[row]) rowLo[row] = ka - lo[2];
            if (kb - lo[2] > rowHi[row]) rowHi[row] = kb - lo[2];
          }
        }
      }
      for (let t = 0; t < nRows; t++) {
        const row = touchedRows[t];
        for (let k = row * nk + rowLo[row], kEnd = row * nk + rowHi[row]; k <= kEnd; k++) {
          L[k] += S[k];
          S[k] = 0;
        }
        rowLo[row] = UNTOUCHED;
        rowHi[row] = -1;
      }
    }
  }

  /** Offers the slab's mask voxels that may pass the threshold; returns the running smallest log sum. */
  private scanSlab(s: number, minL: number, supra: SupraThresholdVoxels): number {
    const { L } = this;
    const { maskLocal, maskFlat, maskStart, logLimit } = this.layout;
    for (let t = maskStart[s], end = maskStart[s + 1]; t < end; t++) {
      const l = L[maskLocal[t]];
      if (l < minL) minL = l;
      if (l < logLimit) supra.offer(maskFlat[t], Math.fround(1 - Math.exp(l)));
    }
    return minL;
  }
}
