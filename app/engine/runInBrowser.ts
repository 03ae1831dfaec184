/**
 * A whole ALE run from the page: the analysis worker prepares and computes
 * the observed maps, the worker pool runs the Monte Carlo, the analysis
 * worker corrects. The page only waits, so it stays responsive; cancelling
 * terminates every worker of the run.
 */
import type { Atlas } from '../../workers/atlas.ts';
import type { FinishedRun, MaskInput, StartReply } from '../../workers/analysisWorkerApi.ts';
import type { OutputFile } from '../../workers/outputFiles.ts';
import type { Dataset, Diagnostic } from '../../workers/input/dataset.ts';
import { cancellation, runNullPool } from '../../workers/pool.ts';
import type { AleParameters } from '../../workers/runAle.ts';
import { createAnalysisWorker } from './analysisWorker.ts';
import { createBrowserWorker, defaultWorkerCount } from '../../workers/browserWorkers.ts';

/** The finished run's worker, kept to build download files on demand; close it when done. */
export interface RunSession {
  files(): Promise<OutputFile[]>;
  close(): void;
}

export type BrowserRunOutcome =
  | { ok: true; run: FinishedRun; nullMaxSize: Float64Array | null; warnings: Diagnostic[]; session: RunSession }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface BrowserRunOptions {
  onStage?: (stage: 'observed' | 'monte-carlo' | 'correcting') => void;
  onProgress?: (done: number, total: number) => void;
  signal: AbortSignal;
  /** Cluster-size FWE α: contributions are computed for the clusters significant at it. */
  alpha: number;
  workers?: number;
}

export async function runInBrowser(dataset: Dataset, mask: MaskInput, atlas: Atlas | null, parameters: AleParameters, options: BrowserRunOptions): Promise<BrowserRunOutcome> {
  const analysis = createAnalysisWorker();
  const cancelled = cancellation(options.signal);
  const guard = <T,>(p: Promise<T>) => Promise.race([p, cancelled, analysis.failed]);
  let keep = false;
  try {
    options.onStage?.('observed');
    const start: StartReply = await guard<StartReply>(analysis.api.start(dataset, mask, atlas, parameters));
    if (!start.ok) return start;
    let nullMaxima = null;
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
    const session: RunSession = { files: () => Promise.race([analysis.api.files(), analysis.failed]), close: () => analysis.terminate() };
    return { ok: true, run, nullMaxSize: nullMaxima ? nullMaxima.maxSize : null, warnings: start.warnings, session };
  } finally {
    if (!keep) analysis.terminate();
  }
}
