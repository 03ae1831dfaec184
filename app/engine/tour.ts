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
