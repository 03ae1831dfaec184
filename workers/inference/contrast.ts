/**
 * Comparing two sets of experiments (spec §9): NiMARE's two-sided
 * ALESubtraction by label permutation at every mask voxel, the
 * Eickhoff et al. (2011) subtraction gated by each group's significant
 * main effect, and the minimum-statistic conjunction.
 *
 * Permutations shuffle the pooled experiments in a canonical order (by id)
 * and give the first positions to the group whose sorted ids come first, so
 * swapping A and B yields the same partitions and exactly negated maps.
 */
import { compareCodePoints } from '../input/dataset.ts';
import type { Geometry } from '../core/grid.ts';
import { KernelCache, type KernelForm } from '../core/kernel.ts';
import { experimentMA, ModeledActivationStamper } from '../core/modeledActivation.ts';
import { inverseNormalCdf } from '../core/normal.ts';
import type { PreparedExperiment } from '../core/prepare.ts';
import { Xoshiro128 } from './rng.ts';

export interface Subtraction {
  /** ALE_A − ALE_B over masked voxels (float32). */
  difference: Float32Array;
  /** NiMARE's two-sided signed z: positive where A > B. */
  z: Float32Array;
  /** Two-sided p. */
  p: Float64Array;
  /** Share of permutations with a difference strictly above / below the observed one (for gated tests). */
  above: Float64Array;
  below: Float64Array;
  iterations: number;
}

/**
 * Everything the permutations need, as plain data so it can be posted to
 * workers: each pooled experiment's log1p(−MA) terms on the union of
 * supports, and the observed difference there.
 */
export interface SubtractionModel {
  /** Masked index of each support position. */
  support: Int32Array;
  /** Per pooled experiment (canonical order): support positions and float32 log1p(−MA) terms. */
  terms: { at: Int32Array; log: Float64Array }[];
  observed: Float32Array;
  /** Pooled experiment count, and the group whose sorted ids come first with its size. */
  nPooled: number;
  firstGroupIsA: boolean;
  nFirst: number;
  seed: number;
}

export interface PermutationCounts {
  /** Per support position: permutations with a difference strictly above / below the observed one. */
  greater: Int32Array;
  less: Int32Array;
}

export function subtractionModel(a: readonly PreparedExperiment[], b: readonly PreparedExperiment[], geometry: Geometry, seed: number, kernel?: KernelForm): SubtractionModel {
  if (a.length === 0 || b.length === 0) throw new Error('both groups need at least one experiment');
  const pooled = [...a.map((e) => ({ e, group: 0 })), ...b.map((e) => ({ e, group: 1 }))].sort((x, y) => compareCodePoints(x.e.id, y.e.id) || compareCodePoints(fociKey(x.e), fociKey(y.e)));
  const cache = new KernelCache(geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2], kernel);
  const stamper = new ModeledActivationStamper(geometry);
  const ma = pooled.map((p) => experimentMA(p.e.ijk, cache.forFwhm(p.e.fwhm), geometry, stamper));
  // The union of all MA supports: outside it both ALE maps are 0 in every permutation.
  const local = new Int32Array(geometry.nMasked).fill(-1);
  const support: number[] = [];
  for (const map of ma) for (const m of map.index) if (local[m] < 0) local[m] = support.push(m) - 1;
  const terms = ma.map((map) => ({ at: Int32Array.from(map.index, (m) => local[m]), log: Float64Array.from(map.value, (v) => Math.fround(Math.log1p(-v))) }));
  const idsOf = (g: number) => pooled.filter((p) => p.group === g).map((p) => p.e.id).join('\u0000');
  const firstGroupIsA = compareCodePoints(idsOf(0), idsOf(1)) <= 0;
  const model: SubtractionModel = {
    support: Int32Array.from(support),
    terms,
    observed: new Float32Array(support.length),
    nPooled: pooled.length,
    firstGroupIsA,
    nFirst: firstGroupIsA ? a.length : b.length,
    seed,
  };
  new DifferenceMaker(model).difference(Uint8Array.from(pooled, (p) => (p.group === 0 ? 1 : 0)), model.observed);
  return model;
}

/** ALE(A) − ALE(B) on the support for a given assignment of the pooled experiments. */
class DifferenceMaker {
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;
  constructor(private readonly model: SubtractionModel) {
    this.sumA = new Float64Array(model.support.length);
    this.sumB = new Float64Array(model.support.length);
  }

  difference(inA: Uint8Array, out: Float32Array): void {
    const { sumA, sumB } = this;
    sumA.fill(0);
    sumB.fill(0);
    this.model.terms.forEach((t, n) => {
      const target = inA[n] ? sumA : sumB;
      for (let x = 0; x < t.at.length; x++) target[t.at[x]] += t.log[x];
    });
    for (let u = 0; u < out.length; u++) out[u] = Math.fround(1 - Math.exp(sumA[u])) - Math.fround(1 - Math.exp(sumB[u]));
  }
}

/**
 * Counts for permutations [start, start + count). Each permutation's
 * shuffle comes from its own stream (seed, index), and counts add up, so
 * any split across workers gives the same totals.
 */
export function permutationCounts(model: SubtractionModel, start: number, count: number): PermutationCounts {
  const nU = model.support.length;
  const greater = new Int32Array(nU);
  const less = new Int32Array(nU);
  const maker = new DifferenceMaker(model);
  const diff = new Float32Array(nU);
  const order = new Int32Array(model.nPooled);
  const inA = new Uint8Array(model.nPooled);
  for (let i = start; i < start + count; i++) {
    const rng = new Xoshiro128(model.seed, i);
    for (let n = 0; n < order.length; n++) order[n] = n;
    for (let n = order.length - 1; n > 0; n--) {
      const r = rng.nextBelow(n + 1);
      const tmp = order[n];
      order[n] = order[r];
      order[r] = tmp;
    }
    for (let pos = 0; pos < order.length; pos++) inA[order[pos]] = (pos < model.nFirst) === model.firstGroupIsA ? 1 : 0;
    maker.difference(inA, diff);
    for (let u = 0; u < nU; u++) {
      if (diff[u] > model.observed[u]) greater[u]++;
      else if (diff[u] < model.observed[u]) less[u]++;
    }
  }
  return { greater, less };
}

/** p and z maps from the counts of n permutations (NiMARE's two-sided rule). */
export function finishSubtraction(model: SubtractionModel, counts: PermutationCounts, iterations: number, geometry: Geometry): Subtraction {
  const n = iterations;
  const difference = new Float32Array(geometry.nMasked);
  const z = new Float32Array(geometry.nMasked);
  const p = new Float64Array(geometry.nMasked).fill(1 - 1 / n);
  const above = new Float64Array(geometry.nMasked);
  const below = new Float64Array(geometry.nMasked);
  for (let u = 0; u < model.support.length; u++) {
    const m = model.support[u];
    const equal = n - counts.greater[u] - counts.less[u];
    const upper = counts.greater[u] + equal;
    const lower = counts.less[u] + equal;
    const pTwo = Math.min(Math.max((2 * Math.min(upper, lower)) / n, 1 / n), 1 - 1 / n);
    difference[m] = model.observed[u];
    p[m] = pTwo;
    const sign = Math.sign(lower - upper);
    z[m] = sign === 0 ? 0 : -inverseNormalCdf(pTwo / 2) * sign;
    above[m] = counts.greater[u] / n;
    below[m] = counts.less[u] / n;
  }
  return { difference, z, p, above, below, iterations };
}

function fociKey(e: PreparedExperiment): string {
  return Array.from(e.mni).join(',');
}

/**
 * Eickhoff et al. (2011): A > B is tested only where A's main effect is
 * significant, B > A only where B's is; one-sided p from the permutations
 * (strictly larger differences, floored at 1/n); kept where z > Φ⁻¹(1 − α).
 * Positive values are A > B, negative B > A.
 */
export function gatedContrast(sub: Subtraction, significantA: Uint8Array, significantB: Uint8Array, alpha: number): Float32Array {
  const zCut = -inverseNormalCdf(alpha);
  const out = new Float32Array(sub.z.length);
  for (let m = 0; m < out.length; m++) {
    const d = sub.difference[m];
    if (d > 0 && significantA[m]) {
      const z = -inverseNormalCdf(oneSidedP(sub, m, 'aOverB'));
      if (z > zCut) out[m] = z;
    } else if (d < 0 && significantB[m]) {
      const z = -inverseNormalCdf(oneSidedP(sub, m, 'bOverA'));
      if (z > zCut) out[m] = -z;
    }
  }
  return out;
}

/** A direction's one-sided permutation p at a masked voxel: the share of strictly larger differences, floored at 1/permutations. */
export function oneSidedP(sub: Subtraction, m: number, direction: 'aOverB' | 'bOverA'): number {
  return Math.max(direction === 'aOverB' ? sub.above[m] : sub.below[m], 1 / sub.iterations);
}

/** Minimum-statistic conjunction of two thresholded z maps: min(zA, zB) where both are significant. */
export function conjunction(zA: Float32Array, zB: Float32Array, significantA: Uint8Array, significantB: Uint8Array): Float32Array {
  const out = new Float32Array(zA.length);
  for (let m = 0; m < out.length; m++) if (significantA[m] && significantB[m]) out[m] = Math.min(zA[m], zB[m]);
  return out;
}
