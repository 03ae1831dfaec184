/**
 * The ALE union (spec §4.2), computed as NiMARE does: a float64 sum of
 * float32 log1p(−MA) terms, then one float32 cast of 1 − exp(sum).
 */
import type { SparseMA } from './modeledActivation.ts';

/** ALE over the masked voxels, as float32. */
export function aleFromMA(maps: readonly SparseMA[], nMasked: number): Float32Array {
  const logSum = new Float64Array(nMasked);
  for (const ma of maps) {
    const { index, value } = ma;
    for (let t = 0; t < index.length; t++) logSum[index[t]] += Math.fround(Math.log1p(-value[t]));
  }
  const ale = new Float32Array(nMasked);
  for (let m = 0; m < nMasked; m++) ale[m] = 1 - Math.exp(logSum[m]);
  return ale;
}
