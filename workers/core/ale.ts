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
    return Float32Array.from(this.logSum, (l) => 1 - Math.exp(l));
  }
}
