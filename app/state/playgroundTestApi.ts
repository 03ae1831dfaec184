/**
 * The playground as tests (and curious students in the console) drive it:
 * `window.alePlayground`. Values are read from the shown run, the same
 * numbers the page prints.
 */
import { voxelAt } from './derived.ts';
import type { AppState, Mm, PlaygroundExperiment } from './types.ts';

export interface PlaygroundTestApi {
  /** The experiments and their foci as the playground holds them. */
  experiments(): PlaygroundExperiment[];
  /** ALE of the shown run at a point (null before any run). */
  aleAt(mm: Mm): number | null;
  /** The shown run's cluster-forming threshold (ALE). */
  threshold(): number | null;
  /** True once the last change has been analysed and the run is shown. */
  settled(): boolean;
  /** How many foci the shown run analysed. */
  analysedFoci(): number;
  /** Where the viewer's crosshair is (MNI mm). */
  crosshair(): Mm;
}

export function playgroundTestApi(get: () => AppState): PlaygroundTestApi {
  return {
    experiments: () => get().playground.experiments.map((e) => ({ ...e, foci: e.foci.map((f) => [...f] as Mm) })),
    aleAt: (mm) => {
      const run = get().run;
      const flat = run ? voxelAt(run, mm) : null;
      return run && flat !== null ? run.volumes.ale[flat] : null;
    },
    threshold: () => get().run?.summary.cluster_forming_threshold ?? null,
    settled: () => {
      const { status, run, playground } = get();
      return status !== 'running' && run !== null && playground.analysed === playground.version;
    },
    analysedFoci: () => get().run?.summary.n_foci ?? 0,
    crosshair: () => [...get().crosshair] as Mm,
  };
}
