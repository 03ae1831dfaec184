/**
 * The sparse strategy: bound every block, evaluate exactly only the blocks
 * that may pass the threshold (and, when none does, those that may hold the
 * maximum ALE). Right for tens of experiments, where under the null almost no
 * voxel comes near the threshold.
 */
import { BlockBounds, BOUND_MARGIN } from './blockBounds.ts';
import { BlockEvaluation } from './blockEvaluation.ts';
import type { NullIterationEngine } from './engine.ts';
import { NullFoci } from './nullFoci.ts';
import type { IterationMaxima, NullModelSpec } from './nullModel.ts';
import { SupraThresholdVoxels } from './supraThreshold.ts';

export class PrunedEngine implements NullIterationEngine {
  readonly strategy = 'block pruning';
  private readonly foci: NullFoci;
  private readonly supra: SupraThresholdVoxels;
  private readonly bounds: BlockBounds;
  private readonly blocks: BlockEvaluation;
  private readonly logThreshold: number;

  constructor(spec: NullModelSpec) {
    this.foci = new NullFoci(spec);
    this.supra = new SupraThresholdVoxels(spec);
    this.bounds = new BlockBounds(spec.shape);
    this.blocks = new BlockEvaluation(this.bounds.nb);
    this.logThreshold = Math.log1p(-this.supra.reach32);
  }

  iteration(index: number): IterationMaxima {
    const { foci, supra, bounds } = this;
    foci.draw(index);
    supra.reset();
    const nTouched = bounds.bound(foci);
    this.blocks.evaluate(candidateBlocks(bounds, this.logThreshold), this.logThreshold, foci, supra);
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

/** Blocks whose bound reaches the threshold. */
export function candidateBlocks(bounds: BlockBounds, logThreshold: number): number[] {
  const candidates: number[] = [];
  for (let t = 0; t < bounds.nTouched; t++) {
    const b = bounds.touched[t];
    if (bounds.blockLog[b] < logThreshold + BOUND_MARGIN) candidates.push(b);
  }
  return candidates;
}
