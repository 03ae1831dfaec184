/**
 * A whole ALE run from the page: the analysis worker prepares and computes
 * the observed maps, the worker pool runs the Monte Carlo, the analysis
 * worker corrects. The page only waits, so it stays responsive; cancelling
 * terminates every worker of the run.
 */
import type { AleParameters, MaskInput, StartReply } from '../../workers/analysis/index.ts';
import type { Atlas } from '../../workers/diagnostics/index.ts';
import type { NullMaximaArrays } from '../../workers/inference/index.ts';
import type { Dataset } from '../../workers/input/index.ts';
import type { RunOutcome, RunSession } from '../state/services.ts';
import { cancellation, createBrowserWorker, defaultWorkerCount, runNullPool } from '../../workers/runtime/index.ts';
import { createAnalysisWorker } from './analysisWorker.ts';

export interface BrowserRunOptions {
  onStage?: (stage: 'observed' | 'monte-carlo' | 'correcting') => void;
  onProgress?: (done: number, total: number) => void;
  signal: AbortSignal;
  /** Cluster-size FWE α: contributions are computed for the clusters significant at it. */
  alpha: number;
  workers?: number;
}

export async function runInBrowser(dataset: Dataset, mask: MaskInput, atlas: Atlas | null, parameters: AleParameters, options: BrowserRunOptions): Promise<RunOutcome> {
  const analysis = createAnalysisWorker();
  const cancelled = cancellation(options.signal);
  const guard = <T,>(p: Promise<T>) => Promise.race([p, cancelled, analysis.failed]);
  let keep = false;
  try {
    options.onStage?.('observed');
    const start: StartReply = await guard<StartReply>(analysis.api.start(dataset, mask, atlas, parameters));
    if (!start.ok) return start;
    let nullMaxima: NullMaximaArrays | null = null;
    const t = performance.now();
    if (parameters.iterations > 0) {
      options.onStage?.('monte-carlo');
      nullMaxima = await runNullPool(start.spec, {
        iterations: parameters.iterations,
        workers: options.workers ?? defaultWorkerCount(),
        createWorker: createBrowserWorker,
        signal: options.signal,
        onProgress: options.onProgress,
      });
    }
    options.onStage?.('correcting');
    const run = await guard(analysis.api.finish(nullMaxima, performance.now() - t, dataset.source, options.alpha));
    keep = true;
    const session: RunSession = {
      files: () => Promise.race([analysis.api.files(), analysis.failed]),
      kernelExample: () => Promise.race([analysis.api.kernelExample(), analysis.failed]),
      close: () => analysis.terminate(),
    };
    return { ok: true, run, nullMaxima, warnings: start.warnings, session };
  } finally {
    if (!keep) analysis.terminate();
  }
}
