/** Values the panels show that are computed from the state, through the engine's functions. */
import type { FinishedRun } from '../../workers/analysis/index.ts';
import { liveClusterFwe, type LiveFwe } from '../../workers/inference/index.ts';

/** Live cluster-size FWE p of every cluster of a preview, from the iterations finished so far. */
export function liveFwe(run: FinishedRun | null, nullSizes: Float64Array | null, alpha: number): Map<number, LiveFwe> | null {
  if (!run || run.final || !nullSizes || nullSizes.length === 0) return null;
  const clusters = run.summary.clusters.map((c) => ({ id: c.id, sizeVoxels: c.size_voxels }));
  return new Map(liveClusterFwe(clusters, nullSizes, alpha).map((f) => [f.id, f]));
}
