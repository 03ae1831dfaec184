/**
 * Family-wise error correction from the Monte-Carlo maxima (spec §6.3–6.4):
 * cluster-level p for size and mass, voxel-level p for ALE, NiMARE's
 * counting rule (no +1) clamped to [1/n, 1 − 1/n].
 */
import { countBelow } from '../core/sorted.ts';
import type { Cluster } from '../core/observedClusters.ts';
import { logpFromP } from '../core/statMaps.ts';

export interface NullMaximaArrays {
  maxAle: Float64Array;
  maxSize: Float64Array;
  maxMass: Float64Array;
  /** Largest TFCE of each iteration, when the run asked for TFCE. */
  maxTfce?: Float64Array;
}

/** Share of null maxima at least as large as `value`, clamped as NiMARE's null_to_p does. */
export function nullToP(value: number, sortedNull: Float64Array): number {
  const n = sortedNull.length;
  const p = (n - countBelow(sortedNull, value)) / n;
  return Math.min(Math.max(p, 1 / n), 1 - 1 / n);
}

/**
 * The one significance rule: a cluster is significant when its cluster-size
 * FWE p is below α (NiMARE's and GingerALE's reading). Without a Monte
 * Carlo there is no FWE p, and every cluster counts (uncorrected).
 */
export function isSignificant(pFweSize: number | null, alpha: number): boolean {
  return pFweSize === null || pFweSize < alpha;
}

/**
 * Which FWE p decides: the cluster size (NiMARE, GingerALE) or TFCE (JALE's
 * alternative: a cluster counts when its largest TFCE is significant).
 */
export type Inference = 'size' | 'tfce';

/** Ids of the clusters significant at α; all clusters when there was no Monte Carlo. */
export function significantClusterIds(clusters: readonly { id: number }[], fwe: FweMaps | undefined, alpha: number): number[] {
  return clusters.filter((_, n) => isSignificant(fwe ? fwe.clusters[n].pSize : null, alpha)).map((c) => c.id);
}

/**
 * The smallest observed value whose FWE p is below α, against a null of
 * maxima: p(a) = #{null ≥ a}/n < α holds for every a above the value at rank
 * n − ceil(α·n) of the sorted null (NiMARE's counting rule). `float32` compares
 * as NiMARE does for the max-ALE null.
 */
export function fweCutoff(nullMaxima: ArrayLike<number>, alpha: number, float32 = false): number {
  const n = nullMaxima.length;
  if (n === 0) throw new Error('an FWE cut-off needs at least one Monte-Carlo iteration');
  const sorted = Float64Array.from(nullMaxima, (v) => (float32 ? Math.fround(v) : v)).sort();
  const rank = n - Math.ceil(alpha * n);
  return sorted[Math.max(0, Math.min(n - 1, rank))];
}

export interface ClusterFwe {
  id: number;
  pSize: number;
  pMass: number;
  /** TFCE's voxel-level FWE p of the cluster's largest TFCE, when the run computed TFCE. */
  pTfce?: number;
}

export interface FweMaps {
  clusters: ClusterFwe[];
  /** −log10 p over masked voxels. */
  logpClusterSize: Float32Array;
  logpClusterMass: Float32Array;
  logpVoxel: Float32Array;
  /** TFCE's voxel-level FWE −log10 p, when the run computed TFCE. */
  logpTfce?: Float32Array;
}

export function correctFwe(ale: Float32Array, labels: Int32Array, clusters: readonly Cluster[], nullMaxima: NullMaximaArrays, tfce: Float64Array | null = null): FweMaps {
  const n = nullMaxima.maxAle.length;
  if (n === 0) throw new Error('FWE correction needs at least one Monte-Carlo iteration');
  const sortedSize = Float64Array.from(nullMaxima.maxSize).sort();
  const sortedMass = Float64Array.from(nullMaxima.maxMass).sort();
  // NiMARE keeps the null max ALE as float32 and compares float32 with float32.
  const sortedAle = Float64Array.from(nullMaxima.maxAle, (v) => Math.fround(v)).sort();
  const fwe: ClusterFwe[] = clusters.map((c) => ({ id: c.id, pSize: nullToP(c.sizeVoxels, sortedSize), pMass: nullToP(c.mass, sortedMass) }));
  const background = 1 - 1 / n;
  const logpClusterSize = new Float32Array(ale.length);
  const logpClusterMass = new Float32Array(ale.length);
  const logpVoxel = new Float32Array(ale.length);
  const sizeLogp = fwe.map((c) => logpFromP(c.pSize));
  const massLogp = fwe.map((c) => logpFromP(c.pMass));
  const backgroundLogp = logpFromP(background);
  for (let m = 0; m < ale.length; m++) {
    const id = labels[m];
    logpClusterSize[m] = id > 0 ? sizeLogp[id - 1] : backgroundLogp;
    logpClusterMass[m] = id > 0 ? massLogp[id - 1] : backgroundLogp;
    logpVoxel[m] = logpFromP(nullToP(ale[m], sortedAle));
  }
  const out: FweMaps = { clusters: fwe, logpClusterSize, logpClusterMass, logpVoxel };
  if (tfce) {
    if (!nullMaxima.maxTfce) throw new Error('TFCE needs the Monte Carlo to record each iteration’s largest TFCE');
    const sortedTfce = Float64Array.from(nullMaxima.maxTfce).sort();
    out.logpTfce = Float32Array.from(tfce, (v) => logpFromP(nullToP(v, sortedTfce)));
    const top = new Float64Array(clusters.length);
    for (let m = 0; m < tfce.length; m++) if (labels[m] > 0) top[labels[m] - 1] = Math.max(top[labels[m] - 1], tfce[m]);
    fwe.forEach((c, n) => (c.pTfce = nullToP(top[n], sortedTfce)));
  }
  return out;
}
