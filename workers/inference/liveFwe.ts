/**
 * FWE p-values while the Monte Carlo runs, with their Monte-Carlo
 * uncertainty: after n iterations a cluster's p is k/n (k = iterations whose
 * largest cluster is at least as large, NiMARE's rule), and k is binomial, so
 * a Clopper–Pearson interval bounds the p that infinitely many iterations
 * would give. A decision at α is settled when the interval lies on one side.
 *
 * Stopping early must not depend on timing or on the number of workers, so
 * the rule looks only at complete prefixes [0, n) of the iterations, at
 * checkpoints n = 100, 200, 400, … (doubling), each at confidence
 * 1 − 0.0005 per side: a look settles one cluster's decision on the wrong
 * side of α with probability at most 0.0005, so L looks at most L × 0.0005
 * per cluster, and m clusters near α at most m × L × 0.0005 (union bound).
 */
import { countBelow } from '../core/sorted.ts';
import { nullToP } from './fwe.ts';

/** Regularised incomplete beta I_x(a, b) by its continued fraction (Lentz), as in Numerical Recipes. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), -((a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return (front * h) / a;
}

/**
 * ln Γ(x) (Lanczos, g = 7). Only for x ≥ 1: the Beta parameters of a
 * Clopper–Pearson bound are counts of at least one, so no reflection is needed.
 */
function logGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let sum = g[0];
  for (let i = 1; i < 9; i++) sum += g[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The p at which I_p(a, b) = target, by bisection (I is increasing in p). */
function betaQuantile(target: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let step = 0; step < 100; step++) {
    const mid = (lo + hi) / 2;
    if (incompleteBeta(mid, a, b) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Clopper–Pearson interval for a binomial proportion: k successes of n, each side with probability tail. */
export function clopperPearson(k: number, n: number, tail: number): [number, number] {
  const lower = k === 0 ? 0 : betaQuantile(tail, k, n - k + 1);
  const upper = k === n ? 1 : betaQuantile(1 - tail, k + 1, n - k);
  return [lower, upper];
}

export interface LiveFwe {
  id: number;
  /** NiMARE's clamped p from the iterations so far. */
  p: number;
  /** 95 % Clopper–Pearson interval of the p that unlimited iterations would give. */
  interval: [number, number];
  /** Whether more iterations can still change the decision at α, at the stopping rule's confidence. */
  settled: boolean;
  significant: boolean;
}

/** Confidence per side of the stopping rule's intervals. */
export const STOP_TAIL = 0.0005;
export const FIRST_CHECKPOINT = 100;

/** Cluster-size FWE p of each cluster from the null maxima seen so far (any order). */
export function liveClusterFwe(clusters: readonly { id: number; sizeVoxels: number }[], nullSizes: ArrayLike<number>, alpha: number): LiveFwe[] {
  const sorted = Float64Array.from(nullSizes).sort();
  const n = sorted.length;
  return clusters.map((c) => {
    const p = nullToP(c.sizeVoxels, sorted);
    const k = countAtLeast(sorted, c.sizeVoxels);
    const interval = clopperPearson(k, n, 0.025);
    const [lo, hi] = clopperPearson(k, n, STOP_TAIL);
    return { id: c.id, p, interval, settled: hi < alpha || lo >= alpha, significant: p < alpha };
  });
}

function countAtLeast(sorted: Float64Array, value: number): number {
  return sorted.length - countBelow(sorted, value);
}

/** The checkpoints at which the stopping rule looks: 100, 200, 400, … below the requested iterations. */
export function isCheckpoint(n: number): boolean {
  // n / 100 a power of two (2^0 = 1 at 100) is already a multiple of 100; the lower bound rules out 50, 25, ….
  return n >= FIRST_CHECKPOINT && Number.isInteger(Math.log2(n / FIRST_CHECKPOINT));
}

/** Whether every cluster's decision at α is settled by iterations [0, n). */
export function allSettled(clusters: readonly { id: number; sizeVoxels: number }[], prefixSizes: ArrayLike<number>, alpha: number): boolean {
  return liveClusterFwe(clusters, prefixSizes, alpha).every((c) => c.settled);
}
