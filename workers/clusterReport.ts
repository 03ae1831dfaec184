/**
 * The cluster table a reader needs: each cluster's peaks, size, FWE p, the
 * anatomy under it and the experiments with foci inside it.
 */
import { dominantSystem, regionName, regionShares, type Atlas, type BrainSystem, type RegionShare } from './atlas.ts';
import { fociPerCluster } from './contributions.ts';
import { flatIndex, type Geometry } from './grid.ts';
import type { FweMaps } from './fwe.ts';
import type { Cluster } from './observedClusters.ts';
import type { PreparedExperiment } from './prepare.ts';

export interface ClusterReport {
  id: number;
  cluster: Cluster;
  pFweSize: number | null;
  pFweMass: number | null;
  peakRegion: string | null;
  subPeakRegions: (string | null)[];
  regions: RegionShare[];
  system: BrainSystem;
  /** Experiments with at least one focus in the cluster, with how many. */
  experiments: { id: string; foci: number }[];
}

export function clusterReports(
  clusters: readonly Cluster[],
  labels: Int32Array,
  geometry: Geometry,
  experiments: readonly PreparedExperiment[],
  atlas: Atlas | null,
  fwe: FweMaps | undefined,
): ClusterReport[] {
  const members: number[][] = clusters.map(() => []);
  for (let m = 0; m < labels.length; m++) if (labels[m] > 0) members[labels[m] - 1].push(geometry.maskedToFlat[m]);
  const foci = fociPerCluster(labels, clusters.length, geometry, experiments);
  return clusters.map((c, n) => {
    const regions = atlas ? regionShares(atlas, members[n]) : [];
    const nameAt = (ijk: [number, number, number]) => (atlas ? regionName(atlas, flatIndex(geometry.shape, ...ijk)) : null);
    return {
      id: c.id,
      cluster: c,
      pFweSize: fwe ? fwe.clusters[n].pSize : null,
      pFweMass: fwe ? fwe.clusters[n].pMass : null,
      peakRegion: nameAt(c.peak.ijk),
      subPeakRegions: c.subPeaks.map((p) => nameAt(p.ijk)),
      regions,
      system: dominantSystem(regions),
      experiments: experiments.map((e, x) => ({ id: e.id, foci: foci[n][x] })).filter((e) => e.foci > 0),
    };
  });
}

/**
 * Clusters significant at cluster-size FWE α; without a Monte Carlo (no FWE
 * p) every cluster is listed, uncorrected.
 */
export function significantReports(reports: readonly ClusterReport[], alpha: number): ClusterReport[] {
  return reports.filter((r) => r.pFweSize === null || r.pFweSize < alpha);
}
