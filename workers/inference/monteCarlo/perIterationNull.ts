/**
 * JALE's Monte-Carlo design (its compute_monte_carlo_null): each iteration
 * builds the analytic null of its own random foci (their MA histograms,
 * convolved by JALE's rules) and forms its clusters at that null's
 * threshold, where NiMARE's design keeps the observed data's threshold for
 * every iteration. Random foci change the histograms where kernels of one
 * experiment overlap or reach the mask's edge, so the thresholds differ
 * from iteration to iteration. The threshold is known only once every
 * experiment is stamped, so nothing is pruned: every kernel is stamped, and
 * each voxel's ALE equals full stamping's to the last bit.
 */
import { createGeometry } from '../../core/grid.ts';
import { jaleHistogram, jaleKernelBins, jaleNullDistribution, jaleThresholdForP, type JaleBins } from '../../core/jaleNull.ts';
import type { AleKernel } from '../../core/kernel.ts';
import { ModeledActivationStamper } from '../../core/modeledActivation.ts';
import type { NullIterationEngine } from './engine.ts';
import { NullFoci } from './nullFoci.ts';
import type { IterationMaxima, NullModelSpec } from './nullModel.ts';
import { tfceNullSpec } from './nullTfce.ts';
import { SupraThresholdVoxels } from './supraThreshold.ts';

/** Plain data for the workers: what each iteration's null is built from. */
export interface PerIterationNullSpec {
  /** Each of the model's kernels in float64 (JALE bins MA values before the float32 cast), in the same order. */
  kernels64: Float64Array[];
  bins: JaleBins;
  /** The cluster-forming p, read on each iteration's null. */
  formingP: number;
}

const TWO_MM = Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);

interface StampedKernel extends Pick<AleKernel, 'radius' | 'side' | 'values'> {
  /** log(1 − value) of each float32 value, and the JALE bin of each float64 value. */
  logs: Float64Array;
  bins: Int32Array;
}

export class PerIterationNullEngine implements NullIterationEngine {
  readonly strategy = "JALE's design: each iteration's own analytic null, every kernel stamped";
  private readonly foci: NullFoci;
  private readonly stamper: ModeledActivationStamper;
  private readonly kernels: StampedKernel[];
  /** First focus of each experiment (foci are in experiment order), and one past the last. */
  private readonly firstFocus: Int32Array;
  /** Σ log(1 − MA) over the experiments, per masked voxel, and the voxels reached this iteration (marked in `seen`). */
  private readonly logSum: Float64Array;
  private readonly reached: Int32Array;
  private readonly seen: Uint8Array;
  private readonly nMasked: number;

  constructor(
    private readonly spec: NullModelSpec,
    private readonly perIteration: PerIterationNullSpec,
  ) {
    this.foci = new NullFoci(spec);
    // The stamper reads only the grid and the mask; any 2 mm affine serves.
    this.stamper = new ModeledActivationStamper(createGeometry(spec.shape, TWO_MM, this.foci.mask));
    this.kernels = spec.kernels.map((k, n) => ({
      radius: k.radius,
      side: 2 * k.radius + 1,
      values: k.values,
      logs: this.foci.kernelLogs[n],
      bins: jaleKernelBins({ values64: perIteration.kernels64[n] }, perIteration.bins),
    }));
    this.firstFocus = new Int32Array(spec.experimentFoci.length + 1);
    spec.experimentFoci.forEach((n, e) => (this.firstFocus[e + 1] = this.firstFocus[e] + n));
    this.nMasked = spec.maskedToFlat.length;
    this.logSum = new Float64Array(this.nMasked);
    this.reached = new Int32Array(this.nMasked);
    this.seen = new Uint8Array(this.nMasked);
  }

  iteration(index: number): IterationMaxima {
    this.foci.draw(index);
    return this.maximaOf(Array.from(this.spec.experimentFoci, (_, e) => this.fociOf(e)));
  }

  /** The maxima for these foci (voxel triples, one array per experiment), thresholded at their own null. */
  maximaOf(experimentIjk: readonly Int32Array[]): IterationMaxima {
    const { stamper, logSum, reached, seen, spec, perIteration } = this;
    const histograms: Float64Array[] = [];
    let nReached = 0;
    experimentIjk.forEach((ijk, e) => {
      const kernel = this.kernels[spec.experimentKernel[e]];
      stamper.stamp(ijk, kernel);
      histograms.push(jaleHistogram(stamper, kernel.bins, this.nMasked, perIteration.bins));
      // In experiment order, as full stamping adds them.
      for (let t = 0; t < stamper.count; t++) {
        const m = stamper.index[t];
        if (seen[m] === 0) {
          seen[m] = 1;
          reached[nReached++] = m;
        }
        logSum[m] += kernel.logs[stamper.offset[t]];
      }
    });
    const nullDist = jaleNullDistribution(histograms, perIteration.bins);
    const supra = new SupraThresholdVoxels({
      shape: spec.shape,
      connectivity: spec.connectivity,
      threshold: jaleThresholdForP(perIteration.formingP, nullDist),
      tfce: spec.tfce ? tfceNullSpec(nullDist) : null,
    });
    for (let t = 0; t < nReached; t++) {
      const m = reached[t];
      supra.offer(spec.maskedToFlat[m], Math.fround(1 - Math.exp(logSum[m])));
      logSum[m] = 0;
      seen[m] = 0;
    }
    return supra.maxima();
  }

  /** The drawn foci of experiment e as voxel triples. */
  private fociOf(e: number): Int32Array {
    const { fi, fj, fk } = this.foci;
    const from = this.firstFocus[e];
    const ijk = new Int32Array(3 * (this.firstFocus[e + 1] - from));
    for (let f = from, t = 0; t < ijk.length; f++, t += 3) {
      ijk[t] = fi[f];
      ijk[t + 1] = fj[f];
      ijk[t + 2] = fk[f];
    }
    return ijk;
  }
}
