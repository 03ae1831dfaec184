/** Web Workers for the Monte-Carlo pool, created from the page or from the analysis worker. */
import { wrap } from 'comlink';
import type { PoolWorkerApi } from './poolWorkerApi.ts';
import type { PoolWorker } from './pool.ts';

export function createBrowserWorker(): PoolWorker {
  const worker = new Worker(new URL('./poolWorker.browser.ts', import.meta.url), { type: 'module' });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(`a Monte-Carlo worker failed: ${event.message || 'unknown error'}`)));
  });
  failed.catch(() => {});
  return { api: wrap<PoolWorkerApi>(worker), failed, terminate: () => worker.terminate() };
}

/** Workers to use by default: one per core, leaving one for the page when there are many. */
export function defaultWorkerCount(): number {
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(8, cores > 4 ? cores - 1 : cores));
}
