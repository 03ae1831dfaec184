/** Node worker threads for the Monte-Carlo pool (command line, tests, benchmarks). */
import { Worker } from 'node:worker_threads';
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { PoolWorker, PoolWorkerApi } from '../workers/runtime/index.ts';

const ENTRY = new URL('./poolWorker.node.mjs', import.meta.url);

function createWorker(webGpu: boolean): PoolWorker {
  const worker = new Worker(ENTRY, { workerData: { webGpu } });
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', (err: Error) => reject(new Error(`a Monte-Carlo worker failed: ${err.message}`)));
    worker.once('exit', (code) => reject(new Error(`a Monte-Carlo worker exited (code ${code})`)));
  });
  failed.catch(() => {});
  return {
    api: wrap<PoolWorkerApi>(nodeEndpoint(worker)),
    failed,
    terminate: () => void worker.terminate(),
  };
}

export const createNodeWorker = (): PoolWorker => createWorker(false);

/** A worker thread that runs the Monte Carlo on WebGPU through Dawn. */
export const createNodeGpuWorker = (): PoolWorker => createWorker(true);
