/**
 * Fail-Safe N (Acar et al. 2018, spec §9.5): how many experiments without
 * true effects (random foci, counts and sample sizes drawn from the real
 * experiments) a cluster survives before it is no longer significant.
 * Bisection between k and 10·k added noise experiments; each step is a
 * full ALE with Monte-Carlo FWE, so the Monte Carlo is passed in (a worker
 * pool). Noise and nulls are seeded: the same seed gives the same answer.
 */
import { analyseObserved, type NullMethod } from '../core/observedAnalysis.ts';
import type { Connectivity } from '../core/clusterLabeller.ts';
import { correctFwe, significantClusterIds, type NullMaximaArrays } from './fwe.ts';
import { unflatIndex, voxelToWorld, type Geometry } from '../core/grid.ts';
import { nullModelSpec, perIterationFormingP, type NullModelSpec } from './monteCarlo/index.ts';
import type { PreparedExperiment } from '../core/prepare.ts';
import { Xoshiro128 } from './rng.ts';

export interface FsnOptions {
  iterations: number;
  seed: number;
  clusterFormingP: number;
  connectivity: Connectivity;
  nullMethod?: NullMethod;
  /** As the run's: each iteration at its own null's threshold (JALE's design) or at the observed one. */
  mcThreshold?: 'observed' | 'per-iteration';
  /** Cluster-size FWE α that defines "still significant". */
  alpha: number;
  /** Most bisection steps after the two bounds (Lotter's port: 10). */
  maxSteps?: number;
  runNull: (spec: NullModelSpec) => Promise<NullMaximaArrays>;
  onStep?: (step: FsnStep) => void;
  /** After each step, what is known so far: finished clusters, and the cluster being narrowed as 'stopped'. */
  onResults?: (results: FsnResult[]) => void;
}

export interface FsnStep {
  noiseExperiments: number;
  /** Cluster ids (of the original analysis) still significant with this much noise. */
  surviving: number[];
}

export interface FsnResult {
  clusterId: number;
  /** The estimate: the largest tested number of noise experiments the cluster survived. */
  fsn: number;
  /**
   * "below": gone already at k (not robust); "above": survives even 10·k;
   * "bracketed": narrowed to one; "stopped": the job ended while narrowing,
   * and min (survived) and max (gone) are the bracket reached.
   */
  bound: 'below' | 'above' | 'bracketed' | 'stopped';
  min: number;
  max: number;
}

/** The most full analyses a Fail-Safe N of `clusters` clusters runs (the two bounds and the bisection; shared steps run once). */
export function fsnStepsAtMost(nExperiments: number, clusters: number, maxSteps = 10): number {
  const range = 9 * nExperiments;
  return 2 + clusters * Math.min(maxSteps, Math.ceil(Math.log2(range)));
}

/** Stream of the noise generator, apart from the Monte-Carlo streams (which use iteration indices). */
const NOISE_STREAM = 0x7fff_fff0;

export function noiseExperiments(real: readonly PreparedExperiment[], count: number, geometry: Geometry, seed: number): PreparedExperiment[] {
  const rng = new Xoshiro128(seed, NOISE_STREAM);
  const width = String(count).length;
  return Array.from({ length: count }, (_, n) => {
    const template = real[rng.nextBelow(real.length)];
    const nFoci = template.ijk.length / 3;
    const ijk = new Int32Array(3 * nFoci);
    const mni = new Float64Array(3 * nFoci);
    for (let f = 0; f < nFoci; f++) {
      const voxel = unflatIndex(geometry.shape, geometry.maskedToFlat[rng.nextBelow(geometry.nMasked)]);
      ijk.set(voxel, 3 * f);
      mni.set(voxel2mm(geometry, voxel), 3 * f);
    }
    return { id: `~noise ${String(n + 1).padStart(width, '0')}`, sampleSize: template.sampleSize, fwhm: template.fwhm, mni, ijk };
  });
}

function voxel2mm(geometry: Geometry, ijk: [number, number, number]): [number, number, number] {
  return voxelToWorld(geometry.affine, ...ijk);
}

/**
 * FSN of each given cluster. `clusterLabels` are the original analysis's
 * labels over masked voxels; a cluster counts as surviving when any
 * significant cluster of the noisy analysis overlaps its voxels.
 */
export async function failSafeN(
  real: readonly PreparedExperiment[],
  clusterLabels: Int32Array,
  clusterIds: readonly number[],
  geometry: Geometry,
  options: FsnOptions,
): Promise<FsnResult[]> {
  const k = real.length;
  const min = k;
  const max = 10 * k;
  const noise = noiseExperiments(real, max, geometry, options.seed);
  const tested = new Map<number, Set<number>>();
  const survivingAt = async (nNoise: number): Promise<Set<number>> => {
    const cached = tested.get(nNoise);
    if (cached) return cached;
    const experiments = [...real, ...noise.slice(0, nNoise)];
    const observed = analyseObserved(experiments, geometry, options);
    const nullMaxima = await options.runNull(nullModelSpec(experiments, observed, geometry, options.connectivity, options.seed, false, perIterationFormingP(options)));
    const fwe = correctFwe(observed.ale, observed.clusters.labels, observed.clusters.clusters, nullMaxima);
    const significant = new Set(significantClusterIds(observed.clusters.clusters, fwe, options.alpha));
    const surviving = new Set<number>();
    for (let m = 0; m < clusterLabels.length; m++) {
      if (clusterLabels[m] > 0 && significant.has(observed.clusters.labels[m])) surviving.add(clusterLabels[m]);
    }
    tested.set(nNoise, surviving);
    options.onStep?.({ noiseExperiments: nNoise, surviving: [...surviving].sort((a, b) => a - b) });
    return surviving;
  };

  const results: FsnResult[] = [];
  for (const id of clusterIds) {
    if (!(await survivingAt(min)).has(id)) {
      results.push({ clusterId: id, fsn: min, bound: 'below', min, max });
      options.onResults?.([...results]);
      continue;
    }
    if ((await survivingAt(max)).has(id)) {
      results.push({ clusterId: id, fsn: max, bound: 'above', min, max });
      options.onResults?.([...results]);
      continue;
    }
    let lo = min;
    let hi = max;
    for (let step = 0; step < (options.maxSteps ?? 10) && hi - lo > 1; step++) {
      options.onResults?.([...results, { clusterId: id, fsn: lo, bound: 'stopped', min: lo, max: hi }]);
      const mid = Math.floor((lo + hi) / 2);
      if ((await survivingAt(mid)).has(id)) lo = mid;
      else hi = mid;
    }
    results.push({ clusterId: id, fsn: lo, bound: 'bracketed', min, max });
    options.onResults?.([...results]);
  }
  return results;
}
