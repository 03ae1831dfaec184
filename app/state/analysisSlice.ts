/** Parameters and the run: the engine computes in workers; this slice only sequences and records. */
import { DEFAULT_PARAMETERS, validateParameters } from '../../workers/analysis/index.ts';
import { CancelledError } from '../../workers/runtime/index.ts';
import { forgetRun, type SliceCreator } from './runtime.ts';
import type { AnalysisSlice, Mm } from './types.ts';

const round2 = (v: number) => Math.round(v * 100) / 100;

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
  nullMaxima: null,
  atlas: null,
  setParameters(update) {
    set({ parameters: { ...get().parameters, ...update } });
  },
  setFweAlpha(alpha) {
    set({ fweAlpha: alpha });
  },
  async start() {
    const { dataset, parameters, customMask, fweAlpha } = get();
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
      const [mask, atlas] = await Promise.all([customMask ?? runtime.services.defaultMask(), runtime.services.atlas()]);
      if (!ticket.current()) return;
      set({ atlas });
      const outcome = await runtime.services.runAnalysis(dataset, mask, atlas, parameters, {
        signal: ticket.signal,
        alpha: fweAlpha,
        onStage: (stage) => ticket.current() && set({ stage, progress: { ...get().progress, startedAt: performance.now() } }),
        onProgress: (done, total) => ticket.current() && set({ progress: { ...get().progress, done, total } }),
      });
      if (!ticket.current()) {
        if (outcome.ok) outcome.session.close();
        return;
      }
      if (!outcome.ok) {
        set({ status: 'failed', stage: null, runDiagnostics: [...outcome.errors, ...outcome.warnings], error: outcome.errors[0]?.message ?? 'the dataset cannot be analysed' });
        return;
      }
      runtime.session = outcome.session;
      const top = outcome.run.summary.clusters[0];
      set({
        status: 'done',
        stage: null,
        run: outcome.run,
        runContext: { dataset, mask, parameters, alpha: fweAlpha },
        nullMaxima: outcome.nullMaxima,
        runDiagnostics: outcome.warnings,
        zThreshold: round2(outcome.run.thresholds.clusterFormingZ),
        ...(top ? { crosshair: [top.peak_xyz[0], top.peak_xyz[1], top.peak_xyz[2]] as Mm, crosshairRequest: get().crosshairRequest + 1 } : {}),
      });
      const view = runtime.pendingView;
      if (view) {
        runtime.pendingView = null;
        set({ layout: view.layout, zThreshold: view.zThreshold, layers: { ...view.layers }, showFoci: view.showFoci, crosshair: view.crosshair, crosshairRequest: get().crosshairRequest + 1 });
      }
    } catch (err) {
      if (!ticket.current()) return;
      if (err instanceof CancelledError) set({ status: 'cancelled', stage: null });
      else set({ status: 'failed', stage: null, error: err instanceof Error ? err.message : String(err) });
    }
  },
  cancel() {
    runtime.jobs.abort('run');
    if (get().status === 'running') set({ status: 'cancelled', stage: null });
  },
});
