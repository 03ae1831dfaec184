/**
 * The cluster table a reader needs: each cluster's peaks, size, FWE p, the
 * anatomy under it and the experiments with foci inside it.
 */
import { dominantSystem, regionAt, regionShares, type Atlas, type BrainSystem, type RegionShare } from './atlas.ts';
import { fociPerCluster } from './contributions.ts';
import type { Geometry } from '../core/grid.ts';
import { isSignificant, type FweMaps, type Inference } from '../inference/fwe.ts';
import type { Cluster } from '../core/observedClusters.ts';
import type { PreparedExperiment } from '../core/prepare.ts';

export interface ClusterReport {
  id: number;
  cluster: Cluster;
  pFweSize: number | null;
  pFweMass: number | null;
  /** TFCE's FWE p of the cluster's largest TFCE; null without TFCE in the Monte Carlo. */
  pFweTfce: number | null;
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
    const regions = atlas ? regionShares(atlas, geometry, members[n]) : [];
    const nameAt = (p: { xyz: [number, number, number] }) => (atlas ? regionAt(atlas, p.xyz) : null);
    return {
      id: c.id,
      cluster: c,
      pFweSize: fwe ? fwe.clusters[n].pSize : null,
      pFweMass: fwe ? fwe.clusters[n].pMass : null,
      pFweTfce: fwe?.clusters[n].pTfce ?? null,
      peakRegion: nameAt(c.peak),
      subPeakRegions: c.subPeaks.map(nameAt),
      regions,
      system: dominantSystem(regions),
      experiments: experiments.map((e, x) => ({ id: e.id, foci: foci[n][x] })).filter((e) => e.foci > 0),
    };
  });
}

/**
 * Clusters significant at FWE α by the chosen inference (cluster size unless
 * TFCE is asked for and was computed); without a Monte Carlo (no FWE p)
 * every cluster is listed, uncorrected.
 */
export function significantReports(reports: readonly ClusterReport[], alpha: number, inference: Inference = 'size'): ClusterReport[] {
  return reports.filter((r) => isSignificant(decidingP(r, inference), alpha));
}

/** Whether the run computed TFCE's FWE p for its clusters. */
export function hasTfce(reports: readonly ClusterReport[]): boolean {
  return reports.some((r) => r.pFweTfce !== null);
}

/** The inference that decides a run's clusters: the one chosen, or cluster size for a run without TFCE. */
export function inferenceFor(reports: readonly ClusterReport[], chosen: Inference): Inference {
  return hasTfce(reports) ? chosen : 'size';
}

/** The FWE p that decides a cluster under an inference; TFCE falls back to size where the run has no TFCE. */
function decidingP(report: ClusterReport, inference: Inference): number | null {
  return inference === 'tfce' && report.pFweTfce !== null ? report.pFweTfce : report.pFweSize;
}
