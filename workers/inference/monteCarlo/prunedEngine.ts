/**
 * The pruned strategy: bound every block, evaluate exactly only the blocks
 * that may pass the threshold (and, when none does, those that may hold the
 * maximum ALE). When hundreds of experiments put the threshold within reach
 * almost everywhere, pruning does not pay and it switches to full stamping;
 * both give identical values, so the switch never changes a result.
 */
import { BlockBounds, BOUND_MARGIN } from './blockBounds.ts';
import { BlockEvaluation } from './blockEvaluation.ts';
import { DenseStamping } from './denseStamping.ts';
import type { NullIterationEngine } from './engine.ts';
import { NullFoci } from './nullFoci.ts';
import type { IterationMaxima, NullModelSpec } from './nullModel.ts';
import { SupraThresholdVoxels } from './supraThreshold.ts';

/** Share of candidate blocks above which full stamping is cheaper than pruning. */
const DENSE_SWITCH = 0.3;

export class PrunedEngine implements NullIterationEngine {
  readonly foci: NullFoci;
  private readonly supra: SupraThresholdVoxels;
  private readonly bounds: BlockBounds;
  private readonly blocks: BlockEvaluation;
  private readonly logThreshold: number;
  private dense: DenseStamping | null = null;

  constructor(spec: NullModelSpec) {
    this.foci = new NullFoci(spec);
    this.supra = new SupraThresholdVoxels(spec.shape, spec.connectivity, spec.threshold);
    this.bounds = new BlockBounds(spec.shape);
    this.blocks = new BlockEvaluation(this.bounds.nb);
    this.logThreshold = Math.log1p(-this.supra.threshold32);
  }

  iteration(index: number): IterationMaxima {
    const { foci, supra, bounds } = this;
    foci.draw(index);
    supra.reset();
    if (this.dense) {
      this.dense.evaluate(foci, supra);
      return supra.maxima();
    }
    const nTouched = bounds.bound(foci);
    const candidates: number[] = [];
    for (let t = 0; t < nTouched; t++) {
      const b = bounds.touched[t];
      if (bounds.blockLog[b] < this.logThreshold + BOUND_MARGIN) candidates.push(b);
    }
    if (candidates.length > DENSE_SWITCH * nTouched) {
      this.dense = new DenseStamping(foci.mask.length);
      this.dense.evaluate(foci, supra);
      return supra.maxima();
    }
    this.blocks.evaluate(candidates, this.logThreshold, foci, supra);
    if (supra.count === 0) {
      // No voxel passes the threshold: find the maximum ALE among the blocks that could hold it.
      const logFloor = Math.log1p(-Math.max(supra.maxAle, foci.peak * (1 - 1e-6)));
      const more: number[] = [];
      for (let t = 0; t < nTouched; t++) {
        const b = bounds.touched[t];
        if (bounds.blockLog[b] <= logFloor + BOUND_MARGIN) more.push(b);
      }
      this.blocks.evaluate(more, logFloor + 2 * BOUND_MARGIN, foci, supra);
    }
    return supra.maxima();
  }
}
