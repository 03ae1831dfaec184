/**
 * Probabilistic ALE (JALE's P<N> analyses): how much a result depends on
 * which experiments were included. S = min(2,500, C(n, N)) distinct subsets
 * of N of the n experiments are each analysed as a meta-analysis of their
 * own (own analytic null, clusters at the cluster-forming p), a cluster
 * counts when it is larger than a cluster-size cut-off, and each voxel gets
 * the fraction of subsets in which it lies in such a cluster.
 *
 * The cut-off comes from a Monte Carlo in which every iteration draws a
 * random N-subset, moves its foci to random mask voxels and records the
 * largest cluster at that subset's own cluster-forming threshold; the cut-off
 * is the cluster-size FWE cut-off of those maxima. Each subset's threshold is
 * read from the analytic null of its experiments' observed modelled
 * activation, as NiMARE's Monte Carlo reads one from the whole set's (JALE
 * reads it from the random foci's maps instead).
 */
import type { Connectivity } from '../core/clusterLabeller.ts';
import type { KernelForm } from '../core/kernel.ts';
import { createGeometry, type Affine, type Geometry, type Shape3 } from '../core/grid.ts';
import { aleThresholdForP } from '../core/nullHistogram.ts';
import { analyseObserved, subsetNull, type NullMethod, type ObservedAnalysis } from '../core/observedAnalysis.ts';
import type { PreparedExperiment } from '../core/prepare.ts';
import { createNullEngine } from './monteCarlo/engine.ts';
import { kernelTable, perIterationFormingP, perIterationSpec, type NullModelSpec } from './monteCarlo/nullModel.ts';
import { Xoshiro128 } from './rng.ts';

/** JALE's number of subsets. */
export const PROBABILISTIC_SUBSETS = 2500;
/** Streams of the random subsets: far above any iteration index, so they never meet the foci's streams. */
const ITERATION_SUBSET_STREAM = 0x80000000;
const SUBSET_LIST_STREAM = 0xfffffff0;

/** C(n, k), exactly; Infinity once a step would pass 2^53, where doubles stop being exact. */
export function combinations(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const m = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= m; i++) {
    // c · (n − m + i) / i is C(n − m + i, i), a whole number, when the product is exact.
    const product = c * (n - m + i);
    if (product > Number.MAX_SAFE_INTEGER) return Infinity;
    c = product / i;
  }
  return c;
}

/** k of n indices by a partial Fisher–Yates shuffle, ascending. */
function randomSubset(rng: Xoshiro128, n: number, k: number): Int32Array {
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextBelow(n - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k).sort();
}

/**
 * The subsets to analyse, each ascending: every one of the C(n, k) when there
 * are at most `wanted` (in lexicographic order), else `wanted` distinct ones
 * drawn from the seed.
 */
export function drawSubsets(n: number, k: number, wanted: number, seed: number): Int32Array[] {
  if (!(k >= 1 && k < n)) throw new Error(`a subset must hold between 1 and ${n - 1} of the ${n} experiments, got ${k}`);
  if (combinations(n, k) <= wanted) {
    const all: Int32Array[] = [];
    const current = Int32Array.from({ length: k }, (_, i) => i);
    for (;;) {
      all.push(current.slice());
      let i = k - 1;
      while (i >= 0 && current[i] === n - k + i) i--;
      if (i < 0) return all;
      current[i]++;
      for (let j = i + 1; j < k; j++) current[j] = current[j - 1] + 1;
    }
  }
  const rng = new Xoshiro128(seed, SUBSET_LIST_STREAM);
  const seen = new Set<string>();
  const subsets: Int32Array[] = [];
  while (subsets.length < wanted) {
    const subset = randomSubset(rng, n, k);
    const key = subset.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    subsets.push(subset);
  }
  return subsets;
}

/** The random subset of Monte-Carlo iteration `iteration`, from its own stream. */
export function iterationSubset(n: number, k: number, seed: number, iteration: number): Int32Array {
  return randomSubset(new Xoshiro128(seed, ITERATION_SUBSET_STREAM + iteration), n, k);
}

/** What the workers need, as plain data. */
export interface ProbabilisticModel {
  shape: Shape3;
  affine: Affine;
  /** The analysis mask over the grid (1 inside). */
  mask: Uint8Array;
  experiments: PreparedExperiment[];
  subsetSize: number;
  /** The subsets to analyse, flattened: subset s is [s·N, (s + 1)·N). */
  subsets: Int32Array;
  clusterFormingP: number;
  connectivity: Connectivity;
  nullMethod?: NullMethod;
  kernel?: KernelForm;
  /** Each Monte-Carlo iteration at its own null's threshold (JALE's design; with JALE's null). */
  mcThreshold?: 'observed' | 'per-iteration';
  seed: number;
}

export class ProbabilisticAle {
  readonly geometry: Geometry;
  private readonly whole: ObservedAnalysis;

  constructor(private readonly model: ProbabilisticModel) {
    this.geometry = createGeometry(model.shape, model.affine, model.mask);
    // Every experiment's kernel, MA histogram and maximum, once: a subset's null is made of its experiments'.
    this.whole = analyseObserved(model.experiments, this.geometry, model);
  }

  /** The cluster-forming threshold (ALE) of a subset: from the analytic null of its experiments. */
  threshold(subset: Int32Array): number {
    return aleThresholdForP(this.model.clusterFormingP, subsetNull(this.whole.nullParts, subset));
  }

  /** The Monte-Carlo null model of a subset: its experiments' kernels and foci counts, at its own threshold (or, in JALE's design, each iteration at its own null's). */
  subsetNullSpec(subset: Int32Array): NullModelSpec {
    const kernels = Array.from(subset, (e) => this.whole.kernels[e]);
    const parts = this.whole.nullParts;
    const formingP = perIterationFormingP(this.model);
    return {
      shape: this.geometry.shape,
      maskedToFlat: this.geometry.maskedToFlat,
      ...kernelTable(kernels),
      experimentFoci: Int32Array.from(subset, (e) => this.model.experiments[e].ijk.length / 3),
      threshold: this.threshold(subset),
      connectivity: this.model.connectivity,
      seed: this.model.seed,
      tfce: null,
      // JALE's probabilistic cut-off recomputes each iteration's null too, from the subset's random foci.
      ...(formingP === null ? {} : { perIteration: perIterationSpec(kernels, parts.method === 'jale' ? { ...parts, maxima: Array.from(subset, (e) => parts.maxima[e]) } : parts, formingP) }),
    };
  }

  /** The largest cluster of Monte-Carlo iteration `iteration`: a random subset with random foci. */
  nullMaxSize(iteration: number): number {
    const { experiments, subsetSize, seed } = this.model;
    const subset = iterationSubset(experiments.length, subsetSize, seed, iteration);
    return createNullEngine(this.subsetNullSpec(subset)).iteration(iteration).maxSize;
  }

  /** Masked indices of the voxels of subset s that lie in a cluster larger than `cutoff` voxels. */
  significantVoxels(s: number, cutoff: number): Int32Array {
    const k = this.model.subsetSize;
    const subset = this.model.subsets.subarray(s * k, (s + 1) * k);
    const observed = analyseObserved(Array.from(subset, (e) => this.model.experiments[e]), this.geometry, this.model);
    const large = new Set(observed.clusters.clusters.filter((c) => c.sizeVoxels > cutoff).map((c) => c.id));
    const labels = observed.clusters.labels;
    const out: number[] = [];
    for (let m = 0; m < labels.length; m++) if (large.has(labels[m])) out.push(m);
    return Int32Array.from(out);
  }
}
