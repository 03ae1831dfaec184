/**
 * Monte-Carlo null of the maximum statistics (spec §6.1–6.2): in each
 * iteration every focus moves to a uniformly drawn mask voxel, and we record
 * the largest ALE, the largest cluster size and the largest cluster mass
 * above the observed cluster-forming threshold. Strategies differ in how much
 * of the grid they compute, never in the values: each must equal plain full
 * stamping to the last bit (tests check this).
 */
import type { IterationMaxima, NullMaxima, NullModelSpec } from './nullModel.ts';
import { PrunedEngine } from './prunedEngine.ts';

export interface NullIterationEngine {
  /** The maxima of one iteration; its foci come from the stream (seed, index). */
  iteration(index: number): IterationMaxima;
}

export function createNullEngine(spec: NullModelSpec): NullIterationEngine {
  return new PrunedEngine(spec);
}

/** Runs iterations [start, start + count) and returns their maxima. */
export function runIterations(engine: NullIterationEngine, start: number, count: number): NullMaxima {
  const out: NullMaxima = { start, maxAle: new Float64Array(count), maxSize: new Float64Array(count), maxMass: new Float64Array(count) };
  for (let n = 0; n < count; n++) {
    const r = engine.iteration(start + n);
    out.maxAle[n] = r.maxAle;
    out.maxSize[n] = r.maxSize;
    out.maxMass[n] = r.maxMass;
  }
  return out;
}
