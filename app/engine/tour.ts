/** Which ground-truth nodes of the simulated demo fall inside a significant cluster. */
import type { FinishedRun } from '../../workers/analysis/index.ts';
import { flatIndex, nearestVoxel } from '../../workers/core/index.ts';
import { significantReports } from '../../workers/diagnostics/index.ts';
import type { GroundTruthNode } from '../state/types.ts';

export interface TruthRecovery {
  node: GroundTruthNode;
  /** Significant cluster containing the node's centre, or null. */
  cluster: number | null;
}

export function truthRecovery(run: FinishedRun, nodes: GroundTruthNode[], alpha: number): TruthRecovery[] {
  const significant = new Set(significantReports(run.reports, alpha).map((r) => r.id));
  return nodes.map((node) => {
    const ijk = nearestVoxel(run.shape, run.affine, node.mni);
    const id = ijk ? run.volumes.labels[flatIndex(run.shape, ...ijk)] : 0;
    return { node, cluster: significant.has(id) ? id : null };
  });
}

/** A stop of the tour's sixth step: a node of the demo's network, or a significant cluster's peak. */
export interface NetworkStop {
  key: string;
  name: string;
  mni: [number, number, number];
}

/**
 * The four stops: the simulated demo's own ground-truth nodes, or (for any
 * other data) the peaks the literature reports for early motor sequence
 * learning (left M1/S1, SMA, putamen, cerebellar lobule VI).
 */
export function networkStops(truth: readonly GroundTruthNode[] | null): NetworkStop[] {
  const node = (name: string) => truth?.find((n) => n.name === name);
  const stop = (key: string, fromTruth: string, name: string, mni: [number, number, number]): NetworkStop => {
    const n = node(fromTruth);
    return n ? { key, name: n.name, mni: [n.mni[0], n.mni[1], n.mni[2]] } : { key, name, mni };
  };
  return [
    stop('M1', 'left primary motor cortex', 'left primary motor / somatosensory cortex', [-44, -30, 50]),
    stop('SMA', 'left SMA', 'supplementary motor area', [-2, 0, 56]),
    stop('putamen', 'left putamen', 'right putamen', [26, 2, 5]),
    stop('cerebellum', 'right cerebellum lobule VI', 'left cerebellum lobule VI', [-21, -54, -22]),
  ];
}

/** The significant cluster holding a point (at α), and the Z there. */
export function atStop(run: FinishedRun, mm: readonly number[], alpha: number): { cluster: number | null; z: number | null } {
  const ijk = nearestVoxel(run.shape, run.affine, mm);
  if (!ijk) return { cluster: null, z: null };
  const flat = flatIndex(run.shape, ...ijk);
  const id = run.volumes.labels[flat];
  const significant = significantReports(run.reports, alpha).some((r) => r.id === id);
  return { cluster: id > 0 && significant ? id : null, z: run.volumes.z[flat] };
}

/** For data other than the motor demos: the peaks of the (up to four) largest significant clusters. */
export function clusterStops(run: FinishedRun, alpha: number, regionOf: (mni: readonly number[]) => string | null): NetworkStop[] {
  return significantReports(run.reports, alpha)
    .slice(0, 4)
    .map((r) => ({ key: `cluster ${r.id}`, name: `the peak of cluster ${r.id}${regionOf(r.cluster.peak.xyz) ? ` (${regionOf(r.cluster.peak.xyz)})` : ''}`, mni: [...r.cluster.peak.xyz] as [number, number, number] }));
}

/** The largest ALE of the map (clusters are ordered by size, so the first peak need not be it). */
export function peakAle(run: FinishedRun): number {
  let top = 0;
  for (const v of run.volumes.ale) if (v > top) top = v;
  return top;
}
