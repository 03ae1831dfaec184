/**
 * A whole ALE run from the page: the analysis worker prepares and computes
 * the observed maps, the worker pool runs the Monte Carlo, the analysis
 * worker corrects. The page only waits, so it stays responsive; cancelling
 * terminates every worker of the run.
 */
import { stoppingRule, type AleParameters, type FinishedRun, type MaskInput, type StartReply } from '../../workers/analysis/index.ts';
import type { Atlas } from '../../workers/diagnostics/index.ts';
import { nullArraysOf, type NullMaxima } from '../../workers/inference/index.ts';
import type { Dataset } from '../../workers/input/index.ts';
import type { RunOutcome, RunSession } from '../state/services.ts';
import { isSoftwareAdapter } from '../../workers/gpu/index.ts';
import { cancellation, createBrowserWorker, defaultWorkerCount, runNullEngine, type EngineRun } from '../../workers/runtime/index.ts';
import { createAnalysisWorker } from './analysisWorker.ts';

export interface BrowserRunOptions {
  onStage?: (stage: 'observed' | 'monte-carlo' | 'correcting') => void;
  /** The observed maps and uncorrected clusters, as soon as they exist. */
  onPreview?: (preview: FinishedRun) => void;
  onProgress?: (done: number, total: number) => void;
  /** Each finished chunk of Monte-Carlo iterations, for live p-values. */
  onChunk?: (chunk: NullMaxima) => void;
  signal: AbortSignal;
  /** Cluster-size FWE α: contributions are computed for the clusters significant at it. */
  alpha: number;
  workers?: number;
}

export async function runInBrowser(dataset: Dataset, mask: MaskInput, atlas: Atlas | null, parameters: AleParameters, options: BrowserRunOptions): Promise<RunOutcome> {
  const gpuReady = parameters.iterations > 0 && (await hasWebGpuAdapter(parameters));
  if (parameters.engine === 'gpu' && parameters.iterations > 0 && !gpuReady) {
    // Said before any work starts, rather than after the observed maps.
    const message = 'the GPU engine needs WebGPU, and this browser offers no WebGPU adapter (or WebGPU is turned off); choose Auto or CPU';
    return { ok: false, errors: [{ severity: 'error', source: 'Engine', message }], warnings: [] };
  }
  const analysis = createAnalysisWorker();
  const cancelled = cancellation(options.signal);
  const guard = <T,>(p: Promise<T>) => Promise.race([p, cancelled, analysis.failed]);
  let keep = false;
  try {
    options.onStage?.('observed');
    const start: StartReply = await guard<StartReply>(analysis.api.start(dataset, mask, atlas, parameters, options.alpha));
    if (!start.ok) return start;
    options.onPreview?.(start.preview);
    let nullRun: EngineRun | null = null;
    const t = performance.now();
    if (parameters.iterations > 0) {
      options.onStage?.('monte-carlo');
      const clusters = start.preview.summary.clusters.map((c) => ({ id: c.id, sizeVoxels: c.size_voxels }));
      nullRun = await runNullEngine(start.spec, {
        engine: parameters.engine,
        createGpuWorker: gpuReady ? createBrowserWorker : undefined,
        iterations: parameters.iterations,
        workers: options.workers ?? defaultWorkerCount(),
        createWorker: createBrowserWorker,
        signal: options.signal,
        onProgress: options.onProgress,
        onChunk: options.onChunk,
        ...stoppingRule(parameters, clusters),
      });
    }
    options.onStage?.('correcting');
    const nullMaxima = nullRun && nullArraysOf(nullRun);
    const run = await guard(analysis.api.finish(nullMaxima, performance.now() - t, nullRun?.engine ?? null));
    keep = true;
    const session: RunSession = {
      files: () => Promise.race([analysis.api.files(), analysis.failed]),
      kernelExample: () => Promise.race([analysis.api.kernelExample(), analysis.failed]),
      close: () => analysis.terminate(),
    };
    const notices = (nullRun?.notices ?? []).map((message) => ({ severity: 'warning' as const, source: 'Monte Carlo', message }));
    return { ok: true, run, nullMaxima, warnings: [...start.warnings, ...notices], session };
  } finally {
    if (!keep) analysis.terminate();
  }
}

/**
 * Asked on the page before any GPU worker starts, so a browser without WebGPU
 * runs the CPU pool at once. Auto passes over software adapters (SwiftShader,
 * llvmpipe): they compute correctly but slower than the CPU workers.
 */
async function hasWebGpuAdapter(parameters: AleParameters): Promise<boolean> {
  if (parameters.engine === 'cpu' || !('gpu' in navigator)) return false;
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return false;
    return parameters.engine === 'gpu' || !isSoftwareAdapter(adapter.info);
  } catch {
    return false;
  }
}
