/**
 * Fail-Safe N, the contrast and the tour's kernel map. Each runs on the
 * finished run's data, mask and parameters (not on what the form shows now),
 * and each is superseded by a newer job of its kind or by new data.
 */
import { predictCutoffsFor, type FsnResult, type PredictedCutoffs } from '../../workers/inference/index.ts';
import { splitDataset } from '../../workers/input/index.ts';
import { CancelledError } from '../../workers/runtime/index.ts';
import { diagnosticsText } from './dataSlice.ts';
import type { JobTicket } from './jobs.ts';
import { idleJob, type GetState, type SetState, type SliceCreator, type StoreRuntime } from './runtime.ts';
import type { AppState, DiagnosticsJob, DiagnosticsSlice } from './types.ts';

export const createDiagnosticsSlice: SliceCreator<DiagnosticsSlice> = (set, get, runtime) => {
  const fail = (job: DiagnosticsJob, error: string) => set({ [job]: { ...idleJob(), status: 'failed', error } });
  return {
    fsn: idleJob(),
    contrast: idleJob(),
    clustering: idleJob(),
    probabilistic: idleJob(),
    contrastB: null,
    contrastSplit: null,
    kernelExample: null,
    predictedCutoffs: null,
    async setContrastB(input, source) {
      const parsed = await runtime.services.parseCoordinates(input, source);
      if (parsed.ok) set({ contrastB: parsed.dataset, contrastSplit: null, contrast: idleJob() });
      else fail('contrast', diagnosticsText(parsed.errors));
    },
    async loadDemoLateLearning() {
      try {
        await get().setContrastB(await runtime.services.demoText('late_learning.txt'), 'late_learning.txt (simulated demo)');
      } catch (err) {
        fail('contrast', `could not load the late-learning demo: ${(err as Error).message}`);
      }
    },
    setContrastSplit(rule) {
      set({ contrastSplit: rule, contrastB: rule ? null : get().contrastB, contrast: idleJob() });
    },
    async runFailSafeN(clusterIds) {
      const { run, runContext } = get();
      if (!run || !runContext || clusterIds.length === 0) return;
      const { dataset, mask, parameters, alpha } = runContext;
      if (parameters.iterations < 1) return fail('fsn', 'Fail-Safe N needs Monte-Carlo iterations (run again with iterations above 0)');
      // Results for other clusters stay: a job for one cluster must not erase the others'.
      const previous = get().fsn.result;
      await runJob(set, get, runtime, 'fsn', async (ticket, onProgress) => {
        const partial = (results: FsnResult[]) => ticket.current() && set({ fsn: { ...get().fsn, result: mergeFsn(previous, results) } });
        const result = await runtime.services.failSafeN(dataset, mask, parameters, run.volumes.labels, clusterIds, alpha, onProgress, partial, ticket.signal);
        if ('errors' in result) throw new Error(diagnosticsText(result.errors));
        return { fsn: { ...get().fsn, status: 'done', result: mergeFsn(previous, result) } };
      }, previous);
    },
    async runContrastJob(balanced, minVolumeMm3 = 0) {
      const { runContext, contrastB, contrastSplit } = get();
      if (!runContext) return;
      const { dataset, mask, parameters, alpha } = runContext;
      let a = dataset;
      let b = contrastB;
      let names: [string, string] = [dataset.source, contrastB?.source ?? ''];
      if (contrastSplit) {
        const split = splitDataset(dataset, contrastSplit);
        if (!split.ok) return fail('contrast', diagnosticsText([split.error]));
        ({ a, b, names } = split);
      }
      if (!b) return;
      if (parameters.iterations < 1) return fail('contrast', 'a contrast needs iterations above 0 (permutations and Monte Carlo)');
      const groupB = b;
      await runJob(set, get, runtime, 'contrast', async (ticket, onProgress) => {
        // A split's group A is a part of the run's data: only the whole dataset can reuse the run's null.
        const nullOfA = contrastSplit ? null : get().nullMaxima;
        const reply = balanced
          ? await runtime.services.balancedContrast(a, groupB, names, mask, parameters, balanced.subsetSize, alpha, onProgress, ticket.signal)
          : await runtime.services.contrast(a, groupB, names, mask, { ...parameters, alpha, minVolumeMm3 }, nullOfA, onProgress, ticket.signal);
        if (!reply.ok) throw new Error(diagnosticsText(reply.errors));
        // A's Z map off: its warm scale would mix with A > B's on the same voxels.
        return { contrast: { ...get().contrast, status: 'done', result: reply.view }, layers: { ...get().layers, z: false, aOverB: true, bOverA: true } };
      });
    },
    async runClusteringJob(settings) {
      const { runContext } = get();
      if (!runContext) return;
      const { dataset, mask, parameters } = runContext;
      await runJob(set, get, runtime, 'clustering', async (ticket, onProgress) => {
        const reply = await runtime.services.clustering(dataset, mask, parameters, settings, onProgress, ticket.signal);
        if (!reply.ok) throw new Error(diagnosticsText(reply.errors));
        return { clustering: { ...get().clustering, status: 'done', result: reply.view } };
      });
    },
    async runProbabilisticJob(subsetSize) {
      const { runContext } = get();
      if (!runContext) return;
      const { dataset, mask, parameters, alpha } = runContext;
      if (parameters.iterations < 1) return fail('probabilistic', 'a probabilistic ALE needs Monte-Carlo iterations for its cluster-size cut-off (run again with iterations above 0)');
      await runJob(set, get, runtime, 'probabilistic', async (ticket, onProgress) => {
        const reply = await runtime.services.probabilistic(dataset, mask, parameters, subsetSize, alpha, onProgress, ticket.signal);
        if (!reply.ok) throw new Error(diagnosticsText(reply.errors));
        return { probabilistic: { ...get().probabilistic, status: 'done', result: reply.view } };
      });
    },
    async loadKernelExample() {
      const session = runtime.session;
      if (!session || get().kernelExample) return;
      const ticket = runtime.jobs.begin('tour');
      const example = await session.kernelExample();
      if (ticket.current()) set({ kernelExample: example });
    },
    async predictCutoffs() {
      const run = get().run;
      if (!run?.final) return;
      let predicted: PredictedCutoffs;
      try {
        predicted = predictCutoffsFor(await runtime.services.cutoffModels(), run.foci.map((e) => ({ sampleSize: e.sampleSize, foci: e.mni.length / 3 })));
      } catch (err) {
        predicted = { ok: false, reason: `the models could not be loaded: ${(err as Error).message}` };
      }
      // A newer run makes this prediction stale.
      if (get().run === run) set({ predictedCutoffs: predicted });
    },
    cancelJob(job) {
      runtime.jobs.abort(job);
      if (get()[job].status === 'running') set({ [job]: { ...get()[job], status: 'cancelled', error: null } });
    },
  };
};

/** A long job: progress goes to its state; cancellation and errors end it with a message; a superseded job never writes. */
async function runJob(
  set: SetState,
  get: GetState,
  runtime: StoreRuntime,
  job: DiagnosticsJob,
  work: (ticket: JobTicket, onProgress: (label: string, done: number, total: number) => void) => Promise<Partial<AppState>>,
  keptResult: unknown = null,
): Promise<void> {
  const ticket = runtime.jobs.begin(job);
  set({ [job]: { ...idleJob(), status: 'running', label: 'starting', result: keptResult } });
  try {
    const done = await work(ticket, (label, finished, total) => {
      if (ticket.current()) set({ [job]: { ...get()[job], label, done: finished, total } });
    });
    if (ticket.current()) set(done);
  } catch (err) {
    // A cancelled job was marked so by cancelJob; a superseded one (new data, a newer job) stays silent.
    if (err instanceof CancelledError) return;
    if (ticket.current()) set({ [job]: { ...get()[job], status: 'failed', error: err instanceof Error ? err.message : String(err) } });
  }
}

/** Results of a new Fail-Safe N job replace earlier ones for the same clusters. */
function mergeFsn(previous: FsnResult[] | null, next: FsnResult[]): FsnResult[] {
  const ids = new Set(next.map((r) => r.clusterId));
  return [...(previous ?? []).filter((r) => !ids.has(r.clusterId)), ...next].sort((a, b) => a.clusterId - b.clusterId);
}
