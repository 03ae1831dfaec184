/**
 * Monte-Carlo null of the maximum statistics (spec §6.1–6.2): in each
 * iteration every focus moves to a uniformly drawn mask voxel, and we record
 * the largest ALE, the largest cluster size and the largest cluster mass
 * above the observed cluster-forming threshold. Strategies differ in how much
 * of the grid they compute, never in the values: each equals plain full
 * stamping to the last bit (tests check this).
 */
import { BlockBounds } from './blockBounds.ts';
import { NullFoci } from './nullFoci.ts';
import type { IterationMaxima, NullMaxima, NullModelSpec } from './nullModel.ts';
import { PerIterationNullEngine } from './perIterationNull.ts';
import { candidateBlocks, PrunedEngine } from './prunedEngine.ts';
import { SlabEngine } from './slabEngine.ts';
import { reachOf } from './supraThreshold.ts';

export interface NullIterationEngine {
  /** What computes the iterations, for summaries and the methods report. */
  readonly strategy: string;
  /** The maxima of one iteration; its foci come from the stream (seed, index). */
  iteration(index: number): IterationMaxima;
}

/** Share of candidate blocks above which stamping everything is cheaper than pruning. */
const DENSE_SHARE = 0.3;

/**
 * JALE's design when the model asks for it; otherwise block pruning when
 * iteration 0's bounds leave few blocks to compute, slab stamping otherwise.
 * Every worker decides on iteration 0, so all agree.
 */
export function createNullEngine(spec: NullModelSpec): NullIterationEngine {
  if (spec.perIteration) return new PerIterationNullEngine(spec, spec.perIteration);
  const foci = new NullFoci(spec);
  const bounds = new BlockBounds(spec.shape);
  foci.draw(0);
  const touched = bounds.bound(foci);
  const dense = candidateBlocks(bounds, Math.log1p(-reachOf(spec))).length > DENSE_SHARE * touched;
  return dense ? new SlabEngine(spec) : new PrunedEngine(spec);
}

/** Runs iterations [start, start + count) and returns their maxima. */
export function runIterations(engine: NullIterationEngine, start: number, count: number): NullMaxima {
  const out: NullMaxima = { start, maxAle: new Float64Array(count), maxSize: new Float64Array(count), maxMass: new Float64Array(count) };
  for (let n = 0; n < count; n++) {
    const r = engine.iteration(start + n);
    out.maxAle[n] = r.maxAle;
    out.maxSize[n] = r.maxSize;
    out.maxMass[n] = r.maxMass;
    if (r.maxTfce !== undefined) (out.maxTfce ??= new Float64Array(count))[n] = r.maxTfce;
  }
  return out;
}
