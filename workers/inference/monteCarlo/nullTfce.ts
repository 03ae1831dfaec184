/**
 * TFCE inside the Monte Carlo (JALE's TFCE inference): each iteration's z map
 * is read from the same analytic null as the observed one, and its largest
 * TFCE is recorded. TFCE needs every voxel with z > 0, far more than pass the
 * cluster-forming threshold, so the engines compute exactly every voxel
 * above a lower floor: the ALE below which no bin of the null has z > 0.
 */
import { zFromP } from '../../core/normal.ts';
import type { NullDistribution } from '../../core/nullHistogram.ts';
import type { Shape3 } from '../../core/grid.ts';
import { TfceSweep } from '../tfce.ts';

/** Plain data for the workers: the float32 z of each bin of the analytic null, and the ALE floor. */
export interface TfceNullSpec {
  zByBin: Float32Array;
  /** An ALE value reads bin round(ALE · invStep), as pFromAle does. */
  invStep: number;
  /** Voxels whose ALE is not above this have z ≤ 0 and add nothing to TFCE. */
  floor: number;
}

/** The z every bin of the null gives, exactly as the observed z map reads it (uncorrectedMaps). */
export function tfceNullSpec(nullDist: NullDistribution): TfceNullSpec {
  const { survival, pMin, invStep, binsPerUnit } = nullDist;
  const zByBin = Float32Array.from(survival, (s) => zFromP(Math.min(Math.max(s, pMin), 1)));
  // The survival falls with the bin, so z rises: the first bin with z > 0 bounds the floor.
  const first = zByBin.findIndex((z) => z > 0);
  // A voxel of bin b has ALE ≥ (b − ½) bins, so every voxel of the first positive bin lies above the previous bin's centre.
  return { zByBin, invStep, floor: first < 0 ? Infinity : Math.max(0, first - 1) / binsPerUnit };
}

/** The largest TFCE of one iteration's voxels above the floor. */
export class NullTfce {
  private readonly sweep: TfceSweep;
  private z = new Float64Array(0);

  constructor(shape: Shape3, private readonly spec: TfceNullSpec) {
    this.sweep = new TfceSweep(shape);
  }

  maximum(flat: Int32Array, ale: Float64Array, n: number): number {
    if (this.z.length < n) this.z = new Float64Array(flat.length);
    const { zByBin, invStep } = this.spec;
    const last = zByBin.length - 1;
    // pFromAle's bin: round(ALE · invStep), the last bin for anything beyond; ALE 0 has p = 1.
    for (let t = 0; t < n; t++) this.z[t] = ale[t] === 0 ? 0 : zByBin[Math.min(Math.round(ale[t] * invStep), last)];
    return this.sweep.maximum(flat.subarray(0, n), this.z);
  }
}
