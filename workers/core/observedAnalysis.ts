/**
 * The observed side of an ALE analysis, from prepared experiments to the
 * ALE map, its analytic null, p/z maps, the cluster-forming threshold and
 * the observed clusters. Pure: no I/O, no workers.
 */
import { AleUnion } from './ale.ts';
import type { Connectivity } from './clusterLabeller.ts';
import type { Geometry } from './grid.ts';
import { KernelCache, type AleKernel, type KernelForm } from './kernel.ts';
import { ModeledActivationStamper } from './modeledActivation.ts';
import { exactHistogram, exactNullDistribution, type ExactHistogram } from './exactNull.ts';
import { jaleBins, jaleHistogram, jaleKernelBins, jaleNullDistribution } from './jaleNull.ts';
import { aleThresholdForP, experimentHistogram, INV_BIN_STEP, nullDistribution, type NullDistribution, type SparseHistogram } from './nullHistogram.ts';
import { observedClusters, type ClusterResult } from './observedClusters.ts';
import type { PreparedExperiment } from './prepare.ts';
import { uncorrectedMaps, type UncorrectedMaps } from './statMaps.ts';

export interface ObservedOptions {
  /** Uncorrected p that forms clusters (spec §5.5); NiMARE and GingerALE use 0.001. */
  clusterFormingP: number;
  connectivity: Connectivity;
  /** NiMARE's binned analytic null (the default), the exact one (exactNull.ts) or JALE's (jaleNull.ts). */
  nullMethod?: NullMethod;
  kernel?: KernelForm;
}

export type NullMethod = 'nimare' | 'exact' | 'jale';

/** Each experiment's part of the analytic null, in analysis order: a subset's null is made of its experiments'. */
export type NullParts =
  | { method: 'nimare'; histograms: SparseHistogram[]; maxima: number[] }
  | { method: 'exact'; histograms: ExactHistogram[] }
  | { method: 'jale'; histograms: Float64Array[]; maxima: number[] };

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
  const cache = new KernelCache(geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2], options.kernel);
  const kernels = experiments.map((e) => cache.forFwhm(e.fwhm));
  // One experiment at a time: its MA map feeds the ALE sum and its histogram, then is dropped.
  const stamper = new ModeledActivationStamper(geometry);
  const union = new AleUnion(geometry.nMasked);
  const method = options.nullMethod ?? 'nimare';
  const counts = new Int32Array(method === 'nimare' ? Math.ceil(INV_BIN_STEP) + 1 : 0);
  // JALE sizes its bins by the kernels' peaks (the cube's centre), known before any stamping.
  const peaks = method === 'jale' ? kernels.map((k) => k.values64[(k.radius * k.side + k.radius) * k.side + k.radius]) : [];
  const bins = method === 'jale' ? jaleBins(peaks) : null;
  const histograms: SparseHistogram[] = [];
  const exactHistograms: ExactHistogram[] = [];
  const jaleHistograms: Float64Array[] = [];
  const maxima: number[] = [];
  experiments.forEach((e, n) => {
    maxima.push(stamper.stamp(e.ijk, kernels[n]));
    union.add(stamper, kernels[n]);
    if (method === 'exact') exactHistograms.push(exactHistogram(stamper, kernels[n], geometry.nMasked));
    else if (bins) jaleHistograms.push(jaleHistogram(stamper, jaleKernelBins(kernels[n], bins), geometry.nMasked, bins));
    else histograms.push(experimentHistogram(stamper, kernels[n], geometry.nMasked, counts));
  });
  const ale = union.ale();
  const nullParts: NullParts =
    method === 'exact' ? { method, histograms: exactHistograms } : method === 'jale' ? { method, histograms: jaleHistograms, maxima: peaks } : { method, histograms, maxima };
  const nullDist = subsetNull(nullParts, null);
  const maps = uncorrectedMaps(ale, nullDist);
  const threshold = aleThresholdForP(options.clusterFormingP, nullDist);
  const clusters = observedClusters(ale, maps.z, threshold, geometry, options.connectivity);
  return { kernels, ale, nullDist, nullParts, maps, threshold, clusters };
}

/** The analytic null of some of the experiments (null: all of them). */
export function subsetNull(parts: NullParts, subset: ArrayLike<number> | null): NullDistribution {
  const pick = <T>(all: T[]): T[] => (subset ? Array.from(subset, (e) => all[e]) : all);
  if (parts.method === 'exact') return exactNullDistribution(pick(parts.histograms));
  // A subset's bins are set by its own kernels, as JALE sets them per analysis; the histograms are re-binned by position (same edges).
  if (parts.method === 'jale') return jaleNullDistribution(pick(parts.histograms), jaleBins(pick(parts.maxima)));
  return nullDistribution(pick(parts.histograms), pick(parts.maxima));
}
