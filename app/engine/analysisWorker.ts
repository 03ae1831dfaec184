/** The Worker that hosts the analysis session in the browser. */
import { wrap, type Remote } from 'comlink';
import type { AnalysisWorkerApi } from '../../workers/analysis/index.ts';

export function createAnalysisWorker(): { api: Remote<AnalysisWorkerApi>; failed: Promise<never>; terminate(): void } {
  const worker = new Worker(new URL('../../workers/analysis/analysisWorker.browser.ts', import.meta.url), { type: 'module' });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(`the analysis worker failed: ${event.message || 'unknown error'}`)));
  });
  failed.catch(() => {});
  return { api: wrap<AnalysisWorkerApi>(worker), failed, terminate: () => worker.terminate() };
}
