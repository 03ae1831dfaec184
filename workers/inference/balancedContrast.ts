/**
 * The balanced contrast (JALE's B[<N>]): two groups of different sizes are
 * compared at the same size N, so the larger group's extra experiments do not
 * make its ALE larger by themselves. The statistic at each voxel is
 *   d = E[ALE of a random N-subset of A] − E[ALE of a random N-subset of B].
 * JALE estimates each expectation by the mean of K = 1,000 random subsets;
 * here it is computed exactly (the limit of that mean as K grows), which
 * costs less than ten random subsets: with y_i = 1 − MA_i of the m
 * experiments whose kernels reach the voxel,
 *   E[Π_{i∈S} (1 − MA_i)] = Σ_j e_j(y) · C(n − m, N − j) / C(n, N),
 * where e_j is the j-th elementary symmetric polynomial (all terms positive,
 * so the sum is stable), because a random N-subset holds j of the m reaching
 * experiments with that hypergeometric weight.
 *
 * Null: in each Monte-Carlo iteration every experiment's foci move to random
 * mask voxels and the smallest and largest d over the mask are recorded. A
 * voxel with d > 0 has p = (#{iterations whose largest d ≥ its d} + 1)/(M + 1),
 * one with d < 0 the same with the smallest d; it is significant when p is
 * below α/2 on its side, and z = Φ⁻¹(1 − p), signed like d. p is never 0, so
 * z stays finite where the observed d beats every iteration (JALE sets those
 * z to 0, which hides the strongest voxels).
 */
import { createGeometry, type Affine, type Geometry, type Shape3 } from '../core/grid.ts';
import { KernelCache, type AleKernel, type KernelForm } from '../core/kernel.ts';
import { experimentMA, ModeledActivationStamper } from '../core/modeledActivation.ts';
import { zFromP } from '../core/normal.ts';
import { countAtMost, countBelow } from '../core/sorted.ts';
import { Xoshiro128 } from './rng.ts';

/** JALE's N for a B row without one: min(⌊(min(n₁, n₂) + 17) / 2⌋, min(n₁, n₂) − 2). */
export function balancedSubsetSize(n1: number, n2: number): number {
  const smaller = Math.min(n1, n2);
  return Math.min(Math.floor((smaller + 17) / 2), smaller - 2);
}

/** ln C(n, k) from a table of ln k!, exact enough for weights that are used as ratios. */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) out[k] = out[k - 1] + Math.log(k);
  return out;
}

/**
 * The exact expected ALE of a random N-subset of a group's experiments, at
 * every masked voxel. Experiments are added one by one as sparse MA maps.
 */
export class SubsetExpectation {
  private readonly indices: Int32Array[] = [];
  private readonly values: Float32Array[] = [];
  /** weights[m][j] = C(n − m, N − j) / C(n, N). */
  private readonly weights: Float64Array[];

  constructor(
    private readonly nMasked: number,
    private readonly nExperiments: number,
    private readonly subsetSize: number,
  ) {
    if (!(subsetSize >= 1 && subsetSize <= nExperiments)) throw new Error(`a subset of ${subsetSize} of ${nExperiments} experiments is not possible`);
    const lf = logFactorials(nExperiments);
    // C(a, b) = 0 where a subset cannot hold b of the reaching experiments (b ≤ N always, so b ≥ 0).
    const logC = (a: number, b: number) => (b > a ? -Infinity : lf[a] - lf[b] - lf[a - b]);
    const total = logC(nExperiments, subsetSize);
    this.weights = Array.from({ length: nExperiments + 1 }, (_, m) => Float64Array.from({ length: subsetSize + 1 }, (_, j) => Math.exp(logC(nExperiments - m, subsetSize - j) - total)));
  }

  /** One experiment's MA over masked voxels: where it is non-zero, and its value there. */
  add(index: Int32Array, value: Float32Array): void {
    this.indices.push(index);
    this.values.push(value);
  }

  /** Into `out` (masked voxels): 1 − E[Π (1 − MA)], over random N-subsets of the experiments added. */
  expected(out: Float64Array): void {
    if (this.indices.length !== this.nExperiments) throw new Error(`expected ${this.nExperiments} experiments, got ${this.indices.length}`);
    const { nMasked, subsetSize: N } = this;
    // The MA values reaching each voxel, grouped by voxel (counting sort).
    const start = new Int32Array(nMasked + 1);
    for (const index of this.indices) for (const m of index) start[m + 1]++;
    for (let m = 0; m < nMasked; m++) start[m + 1] += start[m];
    const y = new Float64Array(start[nMasked]);
    const cursor = start.slice(0, nMasked);
    this.indices.forEach((index, e) => {
      const value = this.values[e];
      for (let t = 0; t < index.length; t++) y[cursor[index[t]]++] = 1 - value[t];
    });
    const e = new Float64Array(N + 1);
    for (let m = 0; m < nMasked; m++) {
      const reach = start[m + 1] - start[m];
      if (reach === 0) {
        out[m] = 0;
        continue;
      }
      e.fill(0);
      e[0] = 1;
      for (let t = start[m]; t < start[m + 1]; t++) {
        const yi = y[t];
        for (let j = Math.min(t - start[m] + 1, N); j >= 1; j--) e[j] += yi * e[j - 1];
      }
      const w = this.weights[reach];
      let product = 0;
      for (let j = 0; j <= Math.min(reach, N); j++) product += e[j] * w[j];
      out[m] = 1 - product;
    }
  }
}

/** d = E_A − E_B at every masked voxel, from each group's experiments (snapped foci and kernels). */
export function balancedDifference(groups: readonly { ijk: Int32Array[]; kernels: AleKernel[] }[], subsetSize: number, geometry: Geometry, stamper = new ModeledActivationStamper(geometry)): Float64Array {
  const [a, b] = groups.map((g) => {
    const expectation = new SubsetExpectation(geometry.nMasked, g.ijk.length, subsetSize);
    g.ijk.forEach((ijk, e) => {
      const ma = experimentMA(ijk, g.kernels[e], geometry, stamper);
      expectation.add(ma.index, ma.value);
    });
    const out = new Float64Array(geometry.nMasked);
    expectation.expected(out);
    return out;
  });
  for (let m = 0; m < a.length; m++) a[m] -= b[m];
  return a;
}

export interface BalancedInference {
  /** p of each masked voxel on the side of its d (1 where d = 0), never below 1/(M + 1). */
  p: Float64Array;
  /** Signed z: positive for A > B. */
  z: Float32Array;
  /** Significant at α (two-sided): +1 A > B, −1 B > A, 0 not. */
  significant: Int8Array;
}

/** The z of the significant voxels, 0 elsewhere: what the maps, the viewer and the clusters show. */
export function significantZ(inference: BalancedInference): Float32Array {
  return Float32Array.from(inference.z, (v, m) => (inference.significant[m] !== 0 ? v : 0));
}

/** p, z and the decision of every voxel against the Monte-Carlo extremes of d. */
export function balancedInference(d: Float64Array, nullMin: Float64Array, nullMax: Float64Array, alpha: number): BalancedInference {
  const M = nullMax.length;
  const maxima = Float64Array.from(nullMax).sort();
  const minima = Float64Array.from(nullMin).sort();
  const p = new Float64Array(d.length);
  const z = new Float32Array(d.length);
  const significant = new Int8Array(d.length);
  for (let m = 0; m < d.length; m++) {
    const v = d[m];
    if (v === 0) {
      p[m] = 1;
      continue;
    }
    // Iterations at least as extreme: maxima ≥ d above 0, minima ≤ d below.
    const beyond = v > 0 ? M - countBelow(maxima, v) : countAtMost(minima, v);
    p[m] = (beyond + 1) / (M + 1);
    z[m] = Math.sign(v) * zFromP(p[m]);
    if (p[m] < alpha / 2) significant[m] = v > 0 ? 1 : -1;
  }
  return { p, z, significant };
}

/** What the workers need for the null, as plain data. */
export interface BalancedModel {
  shape: Shape3;
  affine: Affine;
  mask: Uint8Array;
  /** Per group: each experiment's kernel width and number of foci. */
  groups: { fwhm: Float64Array; foci: Int32Array }[];
  subsetSize: number;
  kernel?: KernelForm;
  seed: number;
}

/** One Monte-Carlo iteration of the balanced contrast: every experiment's foci at random mask voxels, then d's extremes. */
export class BalancedNull {
  private readonly geometry: Geometry;
  private readonly kernels: AleKernel[][];
  private readonly stamper: ModeledActivationStamper;

  constructor(private readonly model: BalancedModel) {
    this.geometry = createGeometry(model.shape, model.affine, model.mask);
    const cache = new KernelCache(this.geometry.zooms[0] * this.geometry.zooms[1] * this.geometry.zooms[2], model.kernel);
    this.kernels = model.groups.map((g) => Array.from(g.fwhm, (w) => cache.forFwhm(w)));
    this.stamper = new ModeledActivationStamper(this.geometry);
  }

  /** The foci of iteration `iteration`, group by group and experiment by experiment, as snapped ijk, from the stream (seed, iteration). */
  foci(iteration: number): Int32Array[][] {
    const { maskedToFlat, shape } = this.geometry;
    const [, n1, n2] = shape;
    const rng = new Xoshiro128(this.model.seed, iteration);
    return this.model.groups.map((g) =>
      Array.from(g.foci, (count) => {
        const ijk = new Int32Array(3 * count);
        for (let f = 0; f < count; f++) {
          const v = maskedToFlat[rng.nextBelow(maskedToFlat.length)];
          ijk[3 * f] = Math.floor(v / (n1 * n2));
          ijk[3 * f + 1] = Math.floor(v / n2) % n1;
          ijk[3 * f + 2] = v % n2;
        }
        return ijk;
      }),
    );
  }

  /** The smallest and largest d of iteration `iteration`. */
  extremes(iteration: number): { min: number; max: number } {
    const foci = this.foci(iteration);
    const d = balancedDifference(foci.map((ijk, g) => ({ ijk, kernels: this.kernels[g] })), this.model.subsetSize, this.geometry, this.stamper);
    let min = 0;
    let max = 0;
    for (const v of d) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { min, max };
  }
}
