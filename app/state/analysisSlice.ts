/** Parameters and the run: the engine computes in workers; this slice only sequences and records. */
import { DEFAULT_PARAMETERS, validateParameters, type AleParameters, type FinishedRun } from '../../workers/analysis/index.ts';
import { DEFAULT_MASK_NAME } from '../../workers/input/index.ts';
import { CancelledError } from '../../workers/runtime/index.ts';
import { forgetRun, type SliceCreator } from './runtime.ts';
import type { AnalysisSlice, Mm } from './types.ts';

const round2 = (v: number) => Math.round(v * 100) / 100;

/** The view a new result opens on: the cluster-forming threshold, the crosshair at the largest cluster's peak. */
function viewOf(run: FinishedRun, crosshairRequest: number) {
  const top = run.summary.clusters[0];
  return {
    zThreshold: round2(run.thresholds.clusterFormingZ),
    ...(top ? { crosshair: [top.peak_xyz[0], top.peak_xyz[1], top.peak_xyz[2]] as Mm, crosshairRequest: crosshairRequest + 1 } : {}),
  };
}

const sameValues = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
};

/**
 * The final result with the preview's map arrays where they hold the same
 * values (the Monte Carlo changes p-values, not the maps), so views keyed on
 * the arrays (the viewer's overlays) are not rebuilt for nothing.
 */
function keepPreviewMaps(preview: FinishedRun | null, final: FinishedRun): FinishedRun {
  if (!preview) return final;
  const v = final.volumes;
  const p = preview.volumes;
  const volumes = {
    ...v,
    ale: sameValues(p.ale, v.ale) ? p.ale : v.ale,
    z: sameValues(p.z, v.z) ? p.z : v.z,
    labels: sameValues(p.labels, v.labels) ? p.labels : v.labels,
  };
  return { ...final, volumes };
}

/** Collects the null's largest cluster sizes as chunks arrive and publishes them at most every 300 ms. */
class LiveNull {
  private sizes: Float64Array;
  private n = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  constructor(iterations: number, private readonly publish: (sizes: Float64Array) => void) {
    this.sizes = new Float64Array(iterations);
  }
  add(chunk: Float64Array): void {
    this.sizes.set(chunk.subarray(0, this.sizes.length - this.n), this.n);
    this.n = Math.min(this.sizes.length, this.n + chunk.length);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.publish(this.sizes.slice(0, this.n));
    }, 300);
  }
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export const createAnalysisSlice: SliceCreator<AnalysisSlice> = (set, get, runtime) => ({
  parameters: { ...DEFAULT_PARAMETERS },
  fweAlpha: 0.05,
  status: 'idle',
  stage: null,
  progress: { done: 0, total: 0, startedAt: 0 },
  runDiagnostics: [],
  error: null,
  run: null,
  runContext: null,
  liveNullSizes: null,
  nullMaxima: null,
  atlas: null,
  setParameters(update) {
    set({ parameters: { ...get().parameters, ...update } });
  },
  setFweAlpha(alpha) {
    // The stopping rule settles decisions at the α the results are read at.
    const parameters = get().parameters;
    set({ fweAlpha: alpha, parameters: parameters.stopWhenSettled === undefined ? parameters : { ...parameters, stopWhenSettled: alpha } });
  },
  async start(override = {}) {
    const { dataset, customMask, fweAlpha } = get();
    const parameters = { ...get().parameters, ...override };
    if (!dataset) return;
    try {
      validateParameters(parameters);
    } catch (err) {
      set({ status: 'failed', error: (err as Error).message });
      return;
    }
    const pendingView = runtime.pendingView;
    // A new run replaces everything computed from the previous one.
    const reset = forgetRun(runtime);
    runtime.pendingView = pendingView;
    const ticket = runtime.jobs.begin('run');
    set({ ...reset, status: 'running', stage: 'observed', progress: { done: 0, total: parameters.iterations, startedAt: performance.now() } });
    try {
      const [mask, atlas] = await Promise.all([customMask ?? runtime.services.shippedMask(DEFAULT_MASK_NAME), runtime.services.atlas()]);
      if (!ticket.current()) return;
      set({ atlas });
      const live = new LiveNull(parameters.iterations, (sizes) => ticket.current() && set({ liveNullSizes: sizes }));
      const outcome = await runtime.services.runAnalysis(dataset, mask, atlas, parameters, {
        signal: ticket.signal,
        alpha: fweAlpha,
        onStage: (stage) => ticket.current() && set({ stage, progress: { ...get().progress, startedAt: performance.now() } }),
        onPreview: (preview) => ticket.current() && set({ run: preview, ...viewOf(preview, get().crosshairRequest) }),
        onProgress: (done, total) => ticket.current() && set({ progress: { ...get().progress, done, total } }),
        onChunk: (chunk) => live.add(chunk.maxSize),
      });
      live.stop();
      if (!ticket.current()) {
        if (outcome.ok) outcome.session.close();
        return;
      }
      if (!outcome.ok) {
        set({ status: 'failed', stage: null, runDiagnostics: [...outcome.errors, ...outcome.warnings], error: outcome.errors[0]?.message ?? 'the dataset cannot be analysed' });
        return;
      }
      runtime.session = outcome.session;
      const preview = get().run;
      set({
        status: 'done',
        stage: null,
        run: keepPreviewMaps(preview, outcome.run),
        runContext: { dataset, mask, parameters, alpha: fweAlpha, overridden: Object.keys(override) as (keyof AleParameters)[] },
        nullMaxima: outcome.nullMaxima,
        liveNullSizes: null,
        runDiagnostics: outcome.warnings,
        // The preview already placed the view; the user may have moved it since.
        ...(preview ? {} : viewOf(outcome.run, get().crosshairRequest)),
      });
      const view = runtime.pendingView;
      if (view) {
        runtime.pendingView = null;
        set({ layout: view.layout, zThreshold: view.zThreshold, layers: { ...view.layers }, showFoci: view.showFoci, inference: view.inference, crosshair: view.crosshair, crosshairRequest: get().crosshairRequest + 1, ...(view.figure ? { figure: { ...view.figure } } : {}) });
      }
    } catch (err) {
      if (!ticket.current()) return;
      // A cancelled run keeps what it showed: the maps, the uncorrected clusters and the p so far.
      if (err instanceof CancelledError) set({ status: 'cancelled', stage: null });
      else set({ status: 'failed', stage: null, run: null, liveNullSizes: null, error: err instanceof Error ? err.message : String(err) });
    }
  },
  cancel() {
    runtime.jobs.abort('run');
    // The maps and uncorrected clusters stay in view (they are correct); only FWE needs the finished Monte Carlo.
    if (get().status === 'running') set({ status: 'cancelled', stage: null });
  },
});
