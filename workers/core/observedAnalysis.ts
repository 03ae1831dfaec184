/**
 * The observed side of an ALE analysis, from prepared experiments to the
 * ALE map, its analytic null, p/z maps, the cluster-forming threshold and
 * the observed clusters. Pure: no I/O, no workers.
 */
import { AleUnion } from './ale.ts';
import type { Connectivity } from './clusterLabeller.ts';
import type { Geometry } from './grid.ts';
import { KernelCache, type AleKernel } from './kernel.ts';
import { ModeledActivationStamper } from './modeledActivation.ts';
import { exactHistogram, exactNullDistribution, type ExactHistogram } from './exactNull.ts';
import { aleThresholdForP, experimentHistogram, INV_BIN_STEP, nullDistribution, type NullDistribution, type SparseHistogram } from './nullHistogram.ts';
import { observedClusters, type ClusterResult } from './observedClusters.ts';
import type { PreparedExperiment } from './prepare.ts';
import { uncorrectedMaps, type UncorrectedMaps } from './statMaps.ts';

export interface ObservedOptions {
  /** Uncorrected p that forms clusters (spec §5.5); NiMARE and GingerALE use 0.001. */
  clusterFormingP: number;
  connectivity: Connectivity;
  /** NiMARE's binned analytic null (the default) or the exact one (exactNull.ts). */
  nullMethod?: NullMethod;
}

export type NullMethod = 'nimare' | 'exact';

/** Each experiment's part of the analytic null, in analysis order: a subset's null is made of its experiments'. */
export type NullParts =
  | { method: 'nimare'; histograms: SparseHistogram[]; maxima: number[] }
  | { method: 'exact'; histograms: ExactHistogram[] };

export interface ObservedAnalysis {
  /** One kernel per experiment, in analysis order (shared objects for equal widths). */
  kernels: AleKernel[];
  /** Over masked voxels. */
  ale: Float32Array;
  nullDist: NullDistribution;
  nullParts: NullParts;
  maps: UncorrectedMaps;
  /** Cluster-forming threshold in ALE units. */
  threshold: number;
  clusters: ClusterResult;
}

export function analyseObserved(experiments: readonly PreparedExperiment[], geometry: Geometry, options: ObservedOptions): ObservedAnalysis {
  if (!(options.clusterFormingP > 0 && options.clusterFormingP < 1)) {
    throw new Error(`cluster-forming p must be between 0 and 1, got ${options.clusterFormingP}`);
  }
  const cache = new KernelCache(geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2]);
  const kernels = experiments.map((e) => cache.forFwhm(e.fwhm));
  // One experiment at a time: its MA map feeds the ALE sum and its histogram, then is dropped.
  const stamper = new ModeledActivationStamper(geometry);
  const union = new AleUnion(geometry.nMasked);
  const exact = options.nullMethod === 'exact';
  const counts = new Int32Array(exact ? 0 : Math.ceil(INV_BIN_STEP) + 1);
  const histograms: SparseHistogram[] = [];
  const exactHistograms: ExactHistogram[] = [];
  const maxima: number[] = [];
  experiments.forEach((e, n) => {
    maxima.push(stamper.stamp(e.ijk, kernels[n]));
    union.add(stamper, kernels[n]);
    if (exact) exactHistograms.push(exactHistogram(stamper, kernels[n], geometry.nMasked));
    else histograms.push(experimentHistogram(stamper, kernels[n], geometry.nMasked, counts));
  });
  const ale = union.ale();
  const nullParts: NullParts = exact ? { method: 'exact', histograms: exactHistograms } : { method: 'nimare', histograms, maxima };
  const nullDist = subsetNull(nullParts, null);
  const maps = uncorrectedMaps(ale, nullDist);
  const threshold = aleThresholdForP(options.clusterFormingP, nullDist);
  const clusters = observedClusters(ale, maps.z, threshold, geometry, options.connectivity);
  return { kernels, ale, nullDist, nullParts, maps, threshold, clusters };
}

/** The analytic null of some of the experiments (null: all of them). */
export function subsetNull(parts: NullParts, subset: ArrayLike<number> | null): NullDistribution {
  const pick = <T>(all: T[]): T[] => (subset ? Array.from(subset, (e) => all[e]) : all);
  return parts.method === 'exact' ? exactNullDistribution(pick(parts.histograms)) : nullDistribution(pick(parts.histograms), pick(parts.maxima));
}
