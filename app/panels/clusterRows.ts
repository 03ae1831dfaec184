/** The cluster table's ordering: which column, which way, and the clusters in that order. */
import type { ClusterReport } from '../../workers/diagnostics/index.ts';

export type SortKey = 'id' | 'x' | 'y' | 'z' | 'volume' | 'ale' | 'z-score' | 'p' | 'region' | 'system' | 'experiments';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

const VALUE: Record<SortKey, (r: ClusterReport, p: number | null) => number | string> = {
  id: (r) => r.id,
  x: (r) => r.cluster.peak.xyz[0],
  y: (r) => r.cluster.peak.xyz[1],
  z: (r) => r.cluster.peak.xyz[2],
  volume: (r) => r.cluster.sizeVoxels,
  ale: (r) => r.cluster.peak.ale,
  'z-score': (r) => r.cluster.peak.z,
  p: (_r, p) => p ?? Number.POSITIVE_INFINITY,
  region: (r) => r.peakRegion ?? '\uffff',
  system: (r) => r.system,
  experiments: (r) => r.experiments.length,
};

/** The reports ordered by one column; ties keep the engine's order (largest cluster first). */
export function sortClusters(reports: readonly ClusterReport[], sort: Sort, pOf: (r: ClusterReport) => number | null): ClusterReport[] {
  const value = VALUE[sort.key];
  const sign = sort.descending ? -1 : 1;
  return reports
    .map((r, n) => ({ r, n, v: value(r, pOf(r)) }))
    .sort((a, b) => {
      const order = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return order !== 0 ? sign * order : a.n - b.n;
    })
    .map((x) => x.r);
}

/** A click on a column: the same column flips, a new one starts in its natural direction (sizes and peaks largest first). */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: ['volume', 'ale', 'z-score', 'experiments'].includes(key) };
}
