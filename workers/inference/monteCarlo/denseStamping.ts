/**
 * Full stamping of every kernel over whole-grid scratch buffers: per
 * experiment the minimum log over its foci, then the sum over experiments,
 * in experiment order (the plain definition, spec §6.2).
 */
import type { NullFoci } from './nullFoci.ts';
import type { SupraThresholdVoxels } from './supraThreshold.ts';

export class DenseStamping {
  private readonly expTag: Int32Array;
  private readonly expMin: Float64Array;
  private readonly expTouched: Int32Array;
  private readonly iterTag: Int32Array;
  private readonly logSum: Float64Array;
  private readonly iterTouched: Int32Array;
  private expStamp = 0;
  private iterStamp = 0;

  constructor(nVoxels: number) {
    this.expTag = new Int32Array(nVoxels);
    this.expMin = new Float64Array(nVoxels);
    this.expTouched = new Int32Array(nVoxels);
    this.iterTag = new Int32Array(nVoxels);
    this.logSum = new Float64Array(nVoxels);
    this.iterTouched = new Int32Array(nVoxels);
  }

  evaluate(foci: NullFoci, supra: SupraThresholdVoxels): void {
    const [n0, n1, n2] = foci.shape;
    const { fi, fj, fk, focusKernel, focusExperiment, kernelLogs, kernels, mask } = foci;
    const { expTag, expMin, expTouched, iterTag, logSum, iterTouched } = this;
    const iterStamp = ++this.iterStamp;
    let nIter = 0;
    const nFoci = fi.length;
    let f = 0;
    while (f < nFoci) {
      const e = focusExperiment[f];
      const stamp = ++this.expStamp;
      let nExp = 0;
      for (; f < nFoci && focusExperiment[f] === e; f++) {
        const kf = focusKernel[f];
        const r = kernels[kf].radius;
        const side = 2 * r + 1;
        const logs = kernelLogs[kf];
        const ci = fi[f], cj = fj[f], ck = fk[f];
        const k0 = Math.max(0, ck - r), k1 = Math.min(n2 - 1, ck + r);
        for (let i = Math.max(0, ci - r); i <= Math.min(n0 - 1, ci + r); i++) {
          for (let j = Math.max(0, cj - r); j <= Math.min(n1 - 1, cj + r); j++) {
            const base = (i * n1 + j) * n2;
            const row = ((i - ci + r) * side + (j - cj + r)) * side + r - ck;
            for (let k = k0; k <= k1; k++) {
              const v = base + k;
              if (mask[v] === 0) continue;
              const log = logs[row + k];
              if (expTag[v] !== stamp) {
                expTag[v] = stamp;
                expMin[v] = log;
                expTouched[nExp++] = v;
              } else if (log < expMin[v]) {
                expMin[v] = log;
              }
            }
          }
        }
      }
      for (let t = 0; t < nExp; t++) {
        const v = expTouched[t];
        if (iterTag[v] !== iterStamp) {
          iterTag[v] = iterStamp;
          logSum[v] = 0;
          iterTouched[nIter++] = v;
        }
        logSum[v] += expMin[v];
      }
    }
    for (let t = 0; t < nIter; t++) {
      const v = iterTouched[t];
      supra.offer(v, Math.fround(1 - Math.exp(logSum[v])));
    }
  }
}
