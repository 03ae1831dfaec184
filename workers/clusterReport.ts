/**
 * The cluster table a reader needs: each cluster's peaks, size, FWE p, the
 * anatomy under it and the experiments with foci inside it.
 */
import { dominantSystem, regionName, regionShares, type Atlas, type BrainSystem, type RegionShare } from './atlas.ts';
import { flatIndex, inGrid, type Geometry } from './grid.ts';
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
  const fociIn = clusters.map(() => new Map<string, number>());
  for (const e of experiments) {
    for (let f = 0; f < e.ijk.length; f += 3) {
      const [i, j, k] = [e.ijk[f], e.ijk[f + 1], e.ijk[f + 2]];
      if (!inGrid(geometry.shape, i, j, k)) continue;
      const m = geometry.flatToMasked[flatIndex(geometry.shape, i, j, k)];
      const id = m >= 0 ? labels[m] : 0;
      if (id > 0) fociIn[id - 1].set(e.id, (fociIn[id - 1].get(e.id) ?? 0) + 1);
    }
  }
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
      experiments: [...fociIn[n].entries()].map(([id, foci]) => ({ id, foci })),
    };
  });
}
