/**
 * Runs indexed work (Monte-Carlo iterations, contrast permutations) on a
 * pool of workers. Indices are handed out in small chunks (for progress and
 * load balance) and results are stored by index or summed, so the result
 * does not depend on the number of workers or on which worker ran what.
 * Cancelling terminates the workers at once.
 */
import type { Remote } from 'comlink';
import type { PermutationCounts, SubtractionModel } from '../inference/contrast.ts';
import type { NullMaximaArrays } from '../inference/fwe.ts';
import type { NullModelSpec } from '../inference/monteCarlo/index.ts';
import type { PoolWorkerApi } from './poolWorkerApi.ts';

export interface PoolWorker {
  api: Remote<PoolWorkerApi>;
  /** Rejects if the worker dies (an exception, out of memory); Comlink alone would wait forever. */
  failed: Promise<never>;
  terminate(): void;
}

export interface PoolOptions {
  iterations: number;
  workers: number;
  createWorker: () => PoolWorker;
  /** Called after each finished chunk with the number of finished iterations. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  chunkSize?: number;
}

export class CancelledError extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'CancelledError';
  }
}

/** A promise that rejects with CancelledError when the signal aborts (at once if it already has); it never resolves. */
export function cancellation(signal: AbortSignal | undefined): Promise<never> {
  const cancelled = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(new CancelledError());
    signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
  });
  // Nobody may be listening when it fires; that is not an error.
  cancelled.catch(() => {});
  return cancelled;
}

interface PoolTask<TChunk> {
  init(api: Remote<PoolWorkerApi>): Promise<void>;
  run(api: Remote<PoolWorkerApi>, start: number, count: number): Promise<TChunk>;
  store(chunk: TChunk, start: number): void;
}

async function runPool<TChunk>(task: PoolTask<TChunk>, options: PoolOptions): Promise<void> {
  const { iterations, signal } = options;
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`iterations must be a positive integer, got ${iterations}`);
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error(`workers must be a positive integer, got ${options.workers}`);
  if (signal?.aborted) throw new CancelledError();
  const chunkSize = options.chunkSize ?? Math.max(1, Math.min(50, Math.ceil(iterations / (options.workers * 8))));
  const pool = Array.from({ length: Math.min(options.workers, Math.ceil(iterations / chunkSize)) }, () => options.createWorker());
  let next = 0;
  let done = 0;
  const cancelled = cancellation(signal);
  const drive = async (worker: PoolWorker) => {
    await task.init(worker.api);
    while (next < iterations) {
      const start = next;
      const count = Math.min(chunkSize, iterations - start);
      next += count;
      task.store(await task.run(worker.api, start, count), start);
      done += count;
      options.onProgress?.(done, iterations);
    }
  };
  try {
    await Promise.race([Promise.all(pool.map(drive)), cancelled, ...pool.map((w) => w.failed)]);
  } finally {
    pool.forEach((w) => w.terminate());
  }
}

/** The Monte-Carlo maxima of iterations 0 … n − 1. */
export async function runNullPool(spec: NullModelSpec, options: PoolOptions): Promise<NullMaximaArrays> {
  const n = options.iterations;
  const result: NullMaximaArrays = { maxAle: new Float64Array(n), maxSize: new Float64Array(n), maxMass: new Float64Array(n) };
  await runPool(
    {
      init: (api) => api.init(spec),
      run: (api, start, count) => api.run(start, count),
      store: (chunk, start) => {
        result.maxAle.set(chunk.maxAle, start);
        result.maxSize.set(chunk.maxSize, start);
        result.maxMass.set(chunk.maxMass, start);
      },
    },
    options,
  );
  return result;
}

/** Permutation counts of a contrast over permutations 0 … n − 1, summed over chunks. */
export async function runPermutationPool(model: SubtractionModel, options: PoolOptions): Promise<PermutationCounts> {
  const total: PermutationCounts = { greater: new Int32Array(model.support.length), less: new Int32Array(model.support.length) };
  await runPool(
    {
      init: (api) => api.initPermutations(model),
      run: (api, start, count) => api.runPermutations(start, count),
      store: (chunk) => {
        for (let u = 0; u < total.greater.length; u++) {
          total.greater[u] += chunk.greater[u];
          total.less[u] += chunk.less[u];
        }
      },
    },
    options,
  );
  return total;
}
