/**
 * The ALE union (spec §4.2), computed as NiMARE does: a float64 sum of
 * float32 log1p(−MA) terms, then one float32 cast of 1 − exp(sum).
 * Experiments are added one at a time.
 */
import type { AleKernel } from './kernel.ts';
import { kernelTables, type ModeledActivationStamper } from './modeledActivation.ts';

export class AleUnion {
  private readonly logSum: Float64Array;

  constructor(nMasked: number) {
    this.logSum = new Float64Array(nMasked);
  }

  /** Adds the experiment just stamped. */
  add(stamped: ModeledActivationStamper, kernel: AleKernel): void {
    const { log32 } = kernelTables(kernel);
    const { index, offset, count } = stamped;
    const logSum = this.logSum;
    for (let t = 0; t < count; t++) logSum[index[t]] += log32[offset[t]];
  }

  /** ALE over the masked voxels, as float32. */
  ale(): Float32Array {
    const { logSum } = this;
    const ale = new Float32Array(logSum.length);
    // Voxels no kernel reaches (most of a small dataset's brain) have L = 0 and ALE 1 − exp(0) = 0 already.
    for (let m = 0; m < logSum.length; m++) if (logSum[m] !== 0) ale[m] = 1 - Math.exp(logSum[m]);
    return ale;
  }
}
