/**
 * Runs Monte-Carlo iterations on a pool of workers. Iterations are handed
 * out in small chunks (for progress and load balance) and written back by
 * iteration index, so the result does not depend on the number of workers
 * or on which worker ran what. Cancelling terminates the workers at once.
 */
import type { Remote } from 'comlink';
import type { NullMaxima, NullModelSpec } from './monteCarlo.ts';
import type { NullWorkerApi } from './nullWorkerApi.ts';
import type { NullMaximaArrays } from './fwe.ts';

export interface PoolWorker {
  api: Remote<NullWorkerApi>;
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

export async function runNullPool(spec: NullModelSpec, options: PoolOptions): Promise<NullMaximaArrays> {
  const { iterations, signal } = options;
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`iterations must be a positive integer, got ${iterations}`);
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error(`workers must be a positive integer, got ${options.workers}`);
  if (signal?.aborted) throw new CancelledError();
  const chunkSize = options.chunkSize ?? Math.max(1, Math.min(50, Math.ceil(iterations / (options.workers * 8))));
  const result: NullMaximaArrays = {
    maxAle: new Float64Array(iterations),
    maxSize: new Float64Array(iterations),
    maxMass: new Float64Array(iterations),
  };
  const pool = Array.from({ length: Math.min(options.workers, Math.ceil(iterations / chunkSize)) }, () => options.createWorker());
  const terminateAll = () => pool.forEach((w) => w.terminate());
  let next = 0;
  let done = 0;
  const store = (chunk: NullMaxima) => {
    result.maxAle.set(chunk.maxAle, chunk.start);
    result.maxSize.set(chunk.maxSize, chunk.start);
    result.maxMass.set(chunk.maxMass, chunk.start);
    done += chunk.maxAle.length;
    options.onProgress?.(done, iterations);
  };
  const cancelled = new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
  });
  const drive = async (worker: PoolWorker) => {
    await worker.api.init(spec);
    while (next < iterations) {
      const start = next;
      const count = Math.min(chunkSize, iterations - start);
      next += count;
      store(await worker.api.run(start, count));
    }
  };
  try {
    await Promise.race([Promise.all(pool.map(drive)), cancelled, ...pool.map((w) => w.failed)]);
    return result;
  } finally {
    terminateAll();
  }
}
