/** Values the panels show that are computed from the state, through the engine's functions. */
import type { AleParameters, FinishedRun } from '../../workers/analysis/index.ts';
import { flatIndex, fwhmFromSampleSize, nearestVoxel } from '../../workers/core/index.ts';
import type { ExerciseRun } from '../../workers/reports/index.ts';
import type { AppState } from './types.ts';
import { significantReports } from '../../workers/diagnostics/index.ts';
import { fweCutoff, isSignificant, liveClusterFwe, type Inference, type LiveFwe, type NullMaximaArrays } from '../../workers/inference/index.ts';

/** Live cluster-size FWE p of every cluster of a preview, from the iterations finished so far. */
export function liveFwe(run: FinishedRun | null, nullSizes: Float64Array | null, alpha: number): Map<number, LiveFwe> | null {
  if (!run || run.final || !nullSizes || nullSizes.length === 0) return null;
  const clusters = run.summary.clusters.map((c) => ({ id: c.id, sizeVoxels: c.size_voxels }));
  return new Map(liveClusterFwe(clusters, nullSizes, alpha).map((f) => [f.id, f]));
}

/** The flat index of a run's voxel nearest a world point, or null outside its grid. */
export function voxelAt(run: FinishedRun, mm: readonly number[]): number | null {
  const voxel = nearestVoxel(run.shape, run.affine, mm);
  return voxel ? flatIndex(run.shape, ...voxel) : null;
}

/** The significant cluster (at α) whose voxel holds a world point, or null. */
export function significantClusterAt(run: FinishedRun, alpha: number, mm: readonly number[], inference: Inference = 'size'): number | null {
  const flat = voxelAt(run, mm);
  if (flat === null) return null;
  const id = run.volumes.labels[flat];
  if (id <= 0) return null;
  return significantReports(run.reports, alpha, inference).some((r) => r.id === id) ? id : null;
}

/** Every observed cluster's size and whether it is significant now (live while the Monte Carlo runs). */
export function observedClusters(run: FinishedRun, live: Map<number, LiveFwe> | null, alpha: number): { id: number; size: number; significant: boolean }[] {
  return run.reports.map((r) => ({ id: r.id, size: r.cluster.sizeVoxels, significant: live ? (live.get(r.id)?.significant ?? false) : isSignificant(r.pFweSize, alpha) }));
}

/** Said wherever JALE's predicted cut-offs are shown. */
export { CUTOFF_PREDICTION_SOURCE } from '../../workers/inference/index.ts';

/**
 * This run's Monte-Carlo cut-offs at α, to set beside JALE's predicted ones:
 * the voxel-level FWE ALE, the cluster size that significant clusters exceed
 * and the TFCE cut-off (null when the run has no such null).
 */
export function monteCarloCutoffs(run: FinishedRun, nullMaxima: NullMaximaArrays | null, alpha: number): { vfweAle: number | null; cfweSize: number | null; tfce: number | null } {
  const sizes = nullMaxima?.maxSize;
  return { vfweAle: run.thresholds.voxelFweAle, cfweSize: sizes && sizes.length > 0 ? fweCutoff(sizes, alpha) : null, tfce: run.thresholds.tfceFwe };
}

const SETTING_NAMES: Record<keyof AleParameters, string> = {
  clusterFormingP: 'cluster-forming p',
  iterations: 'iterations',
  seed: 'seed',
  connectivity: 'connectivity',
  snap: 'mm → voxel',
  talTransform: 'Talairach → MNI',
  outsideMask: 'foci outside the mask',
  sampleSize: 'sample size',
  stopWhenSettled: 'stop when settled',
  engine: 'engine',
  tfce: 'TFCE',
  mcThreshold: 'Monte-Carlo threshold',
  nullMethod: 'analytic null',
  kernel: 'kernel',
};

/**
 * The settings changed in the form since the shown results were computed
 * (the engine is left out: every engine gives the same result).
 */
export function changedSettings(ran: AleParameters, form: AleParameters, setByTheRun: readonly (keyof AleParameters)[] = []): string[] {
  return (Object.keys(SETTING_NAMES) as (keyof AleParameters)[]).filter((key) => key !== 'engine' && !setByTheRun.includes(key) && (ran[key] ?? null) !== (form[key] ?? null)).map((key) => SETTING_NAMES[key]);
}

/** What a student should notice in the playground: the kernel of the current N, the ALE under the crosshair, the threshold and why it moved. */
export function playgroundNumbers(s: Pick<AppState, 'playground' | 'run' | 'crosshair'>): { fwhm: number | null; aleAtCrosshair: number | null; threshold: number | null; thresholdNote: string } {
  const experiment = s.playground.experiments[s.playground.current];
  const run = s.run;
  const flat = run ? voxelAt(run, s.crosshair) : null;
  const threshold = run ? run.summary.cluster_forming_threshold : null;
  const before = s.playground.previousThreshold;
  const thresholdNote =
    threshold === null
      ? 'Add a focus to see the maps.'
      : before === null || before === threshold
        ? 'The threshold comes from the analytic null: it depends on how many experiments there are, how many foci each has, how wide their kernels are (their N) and how much an experiment’s own foci overlap, not on whether different experiments agree.'
        : `The threshold moved from ${before.toFixed(5)} to ${threshold.toFixed(5)}: the null changed, because the number of experiments, their foci, their N (kernel width) or the overlap of an experiment’s own foci changed.`;
  return {
    fwhm: experiment ? fwhmFromSampleSize(experiment.n) : null,
    aleAtCrosshair: run && flat !== null ? run.volumes.ale[flat] : null,
    threshold,
    thresholdNote,
  };
}

/** What an exercise's check reads of the shown run: its clusters and FWE p, the contribution warning, the cluster at a point. */
export function exerciseRunOf(run: FinishedRun | null): ExerciseRun | null {
  if (!run) return null;
  return {
    clusters: run.reports.map((r) => ({ id: r.id, pFweSize: r.pFweSize })),
    dominated: run.contributions.some((c) => c.dominated),
    clusterAt: (mni) => {
      const flat = voxelAt(run, mni);
      return flat === null ? 0 : run.volumes.labels[flat];
    },
  };
}
