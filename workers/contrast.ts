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
import { compareCodePoints } from './input/dataset.ts';
import type { Geometry } from './grid.ts';
import { KernelCache } from './kernel.ts';
import { modeledActivations } from './modeledActivation.ts';
import { inverseNormalCdf } from './normal.ts';
import type { PreparedExperiment } from './prepare.ts';
import { Xoshiro128 } from './rng.ts';

export interface SubtractionOptions {
  iterations: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
  /** Checked between permutations; throwing from it stops the run. */
  checkCancelled?: () => void;
}

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

export function aleSubtraction(a: readonly PreparedExperiment[], b: readonly PreparedExperiment[], geometry: Geometry, options: SubtractionOptions): Subtraction {
  const { iterations, seed } = options;
  if (a.length === 0 || b.length === 0) throw new Error('both groups need at least one experiment');
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`permutations must be a positive integer, got ${iterations}`);
  const pooled = [...a.map((e) => ({ e, group: 0 })), ...b.map((e) => ({ e, group: 1 }))].sort((x, y) => compareCodePoints(x.e.id, y.e.id) || compareCodePoints(fociKey(x.e), fociKey(y.e)));
  const cache = new KernelCache(geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2]);
  const ma = modeledActivations(pooled.map((p) => p.e), pooled.map((p) => cache.forFwhm(p.e.fwhm)), geometry);

  // The union of all MA supports: outside it both ALE maps are 0 in every permutation.
  const local = new Int32Array(geometry.nMasked).fill(-1);
  const support: number[] = [];
  for (const map of ma) for (const m of map.index) if (local[m] < 0) local[m] = support.push(m) - 1;
  const terms = ma.map((map) => ({ at: Int32Array.from(map.index, (m) => local[m]), log: Float64Array.from(map.value, (v) => Math.fround(Math.log1p(-v))) }));
  const nU = support.length;
  const sumA = new Float64Array(nU);
  const sumB = new Float64Array(nU);
  const diff = new Float32Array(nU);
  const differenceOf = (inA: (n: number) => boolean, out: Float32Array) => {
    sumA.fill(0);
    sumB.fill(0);
    terms.forEach((t, n) => {
      const target = inA(n) ? sumA : sumB;
      for (let x = 0; x < t.at.length; x++) target[t.at[x]] += t.log[x];
    });
    for (let u = 0; u < nU; u++) out[u] = Math.fround(1 - Math.exp(sumA[u])) - Math.fround(1 - Math.exp(sumB[u]));
  };
  const observed = new Float32Array(nU);
  differenceOf((n) => pooled[n].group === 0, observed);

  // Which group takes the first positions of a shuffle: the one whose sorted ids come first.
  const idsOf = (g: number) => pooled.filter((p) => p.group === g).map((p) => p.e.id).join('\u0000');
  const firstGroup = compareCodePoints(idsOf(0), idsOf(1)) <= 0 ? 0 : 1;
  const nFirst = firstGroup === 0 ? a.length : b.length;
  const greater = new Int32Array(nU);
  const less = new Int32Array(nU);
  const order = new Int32Array(pooled.length);
  const inA = new Uint8Array(pooled.length);
  for (let i = 0; i < iterations; i++) {
    options.checkCancelled?.();
    const rng = new Xoshiro128(seed, i);
    for (let n = 0; n < order.length; n++) order[n] = n;
    for (let n = order.length - 1; n > 0; n--) {
      const r = rng.nextBelow(n + 1);
      const tmp = order[n];
      order[n] = order[r];
      order[r] = tmp;
    }
    for (let pos = 0; pos < order.length; pos++) inA[order[pos]] = (pos < nFirst) === (firstGroup === 0) ? 1 : 0;
    differenceOf((n) => inA[n] === 1, diff);
    for (let u = 0; u < nU; u++) {
      if (diff[u] > observed[u]) greater[u]++;
      else if (diff[u] < observed[u]) less[u]++;
    }
    options.onProgress?.(i + 1, iterations);
  }

  const n = iterations;
  const difference = new Float32Array(geometry.nMasked);
  const z = new Float32Array(geometry.nMasked);
  const p = new Float64Array(geometry.nMasked).fill(1 - 1 / n);
  const above = new Float64Array(geometry.nMasked);
  const below = new Float64Array(geometry.nMasked);
  for (let u = 0; u < nU; u++) {
    const m = support[u];
    const equal = n - greater[u] - less[u];
    const upper = greater[u] + equal;
    const lower = less[u] + equal;
    const pTwo = Math.min(Math.max((2 * Math.min(upper, lower)) / n, 1 / n), 1 - 1 / n);
    difference[m] = observed[u];
    p[m] = pTwo;
    const sign = Math.sign(lower - upper);
    z[m] = sign === 0 ? 0 : -inverseNormalCdf(pTwo / 2) * sign;
    above[m] = greater[u] / n;
    below[m] = less[u] / n;
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
  const floor = 1 / sub.iterations;
  const out = new Float32Array(sub.z.length);
  for (let m = 0; m < out.length; m++) {
    const d = sub.difference[m];
    if (d > 0 && significantA[m]) {
      const z = -inverseNormalCdf(Math.max(sub.above[m], floor));
      if (z > zCut) out[m] = z;
    } else if (d < 0 && significantB[m]) {
      const z = -inverseNormalCdf(Math.max(sub.below[m], floor));
      if (z > zCut) out[m] = -z;
    }
  }
  return out;
}

/** Minimum-statistic conjunction of two thresholded z maps: min(zA, zB) where both are significant. */
export function conjunction(zA: Float32Array, zB: Float32Array, significantA: Uint8Array, significantB: Uint8Array): Float32Array {
  const out = new Float32Array(zA.length);
  for (let m = 0; m < out.length; m++) if (significantA[m] && significantB[m]) out[m] = Math.min(zA[m], zB[m]);
  return out;
}
