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
import type { NullMaxima, NullModelSpec } from '../inference/monteCarlo/index.ts';
import { allocateNull, storeChunk, truncateNull } from '../inference/monteCarlo/nullArrays.ts';
import type { BalancedModel } from '../inference/balancedContrast.ts';
import { combinations, type ProbabilisticModel } from '../inference/probabilisticAle.ts';
import type { ClusteringModel } from '../inference/clustering/experimentClustering.ts';
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
  init(api: Remote<PoolWorkerApi>): Promise<unknown>;
  run(api: Remote<PoolWorkerApi>, start: number, count: number): Promise<TChunk>;
  /** Stores a finished chunk; returning true ends the run (no more chunks are handed out or awaited). */
  store(chunk: TChunk, start: number): boolean | void;
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
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let ended = false;
  const cancelled = cancellation(signal);
  const drive = async (worker: PoolWorker) => {
    await task.init(worker.api);
    while (next < iterations && !ended) {
      const start = next;
      const count = Math.min(chunkSize, iterations - start);
      next += count;
      const chunk = await task.run(worker.api, start, count);
      if (ended) return;
      done += count;
      if (task.store(chunk, start)) {
        ended = true;
        stop();
        return;
      }
      options.onProgress?.(done, iterations);
    }
  };
  try {
    await Promise.race([Promise.all(pool.map(drive)), stopped, cancelled, ...pool.map((w) => w.failed)]);
  } finally {
    ended = true;
    pool.forEach((w) => w.terminate());
  }
}

export interface NullPoolOptions extends PoolOptions {
  /** Each finished chunk as it arrives (in any order), for live p-values. */
  onChunk?: (chunk: NullMaxima) => void;
  /**
   * Ends the run at the first complete prefix [0, n) with n a checkpoint of
   * the stopping rule at which this returns true (given that prefix's maxima);
   * the result then holds exactly iterations 0 … n − 1, whatever the timing.
   */
  stopAt?: (prefix: NullMaximaArrays) => boolean;
  isCheckpoint?: (n: number) => boolean;
  /** Index of the first iteration: a shard of a larger run computes iterations first … first + iterations − 1. */
  first?: number;
  /** Run on each worker's WebGPU device instead of its CPU (see gpuRun.ts). */
  gpu?: boolean;
  /** The strategy a worker chose, as soon as it has. */
  onEngine?: (engine: string) => void;
}

/** Null maxima of a run, and the strategy that computed them. */
export interface NullRun extends NullMaximaArrays {
  engine: string;
}

/** The Monte-Carlo maxima of iterations 0 … n − 1 (fewer when stopAt ended the run). */
export async function runNullPool(spec: NullModelSpec, options: NullPoolOptions): Promise<NullRun> {
  const n = options.iterations;
  const result = allocateNull(n, spec.tfce !== null);
  const finished = new Uint8Array(n);
  let prefix = 0;
  let used = n;
  let engine = '';
  await runPool(
    {
      init: async (api) => {
        engine = await (options.gpu ? api.initGpu(spec) : api.init(spec));
        options.onEngine?.(engine);
      },
      run: (api, start, count) => api.run((options.first ?? 0) + start, count),
      store: (chunk, start) => {
        storeChunk(result, chunk, start);
        options.onChunk?.(chunk);
        if (!options.stopAt || !options.isCheckpoint) return false;
        finished.fill(1, start, start + chunk.maxAle.length);
        // Checkpoints are looked at in order, each on exactly its prefix, as the prefix grows.
        while (prefix < n && finished[prefix]) {
          prefix++;
          if (prefix < n && options.isCheckpoint(prefix) && options.stopAt(truncateNull(result, prefix))) {
            used = prefix;
            return true;
          }
        }
        return false;
      },
    },
    options,
  );
  return { ...(used === n ? result : truncateNull(result, used)), engine };
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

/** The largest cluster of each of a probabilistic ALE's Monte-Carlo iterations (stored by index). */
export async function runSubsetNullPool(model: ProbabilisticModel, options: PoolOptions): Promise<Float64Array> {
  const sizes = new Float64Array(options.iterations);
  await runPool(
    {
      init: (api) => api.initProbabilistic(model),
      run: (api, start, count) => api.runSubsetNull(start, count),
      store: (chunk, start) => void sizes.set(chunk, start),
    },
    options,
  );
  return sizes;
}

/** Per masked voxel, in how many of the model's subsets it lies in a cluster larger than `cutoff` (summed, so any split gives the same). */
export async function runSubsetMapPool(model: ProbabilisticModel, cutoff: number, nMasked: number, options: Omit<PoolOptions, 'iterations'>): Promise<Int32Array> {
  const counts = new Int32Array(nMasked);
  await runPool(
    {
      init: (api) => api.initProbabilistic(model),
      run: (api, start, count) => api.runSubsetMaps(start, count, cutoff),
      store: (chunk) => {
        for (let m = 0; m < nMasked; m++) counts[m] += chunk[m];
      },
    },
    // Subsets take ~0.1–1 s each: small chunks keep progress moving and the workers evenly loaded.
    { ...options, iterations: model.subsets.length / model.subsetSize, chunkSize: options.chunkSize ?? 4 },
  );
  return counts;
}

/** The smallest and largest balanced difference of each Monte-Carlo iteration (stored by index). */
export async function runBalancedNullPool(model: BalancedModel, options: PoolOptions): Promise<{ min: Float64Array; max: Float64Array }> {
  const min = new Float64Array(options.iterations);
  const max = new Float64Array(options.iterations);
  await runPool(
    {
      init: (api) => api.initBalanced(model),
      run: (api, start, count) => api.runBalancedNull(start, count),
      store: (chunk, start) => {
        min.set(chunk.min, start);
        max.set(chunk.max, start);
      },
    },
    { ...options, chunkSize: options.chunkSize ?? 4 },
  );
  return { min, max };
}

/**
 * The scores of a clustering's null iterations on the pool: as many as the
 * distinct subsamples allow (at most model.nullIterations), stored by index.
 */
export async function runClusteringNullPool(model: ClusteringModel, options: Omit<PoolOptions, 'iterations'>): Promise<Float64Array> {
  const iterations = Math.min(model.nullIterations, combinations(model.experiments.length, model.subsampleSize));
  const width = 2 * (model.maxK - 1);
  const scores = new Float64Array(iterations * width);
  await runPool(
    {
      init: (api) => api.initClustering(model),
      run: (api, start, count) => api.runClusteringNull(start, count),
      store: (chunk, start) => scores.set(chunk, start * width),
    },
    { ...options, iterations, chunkSize: options.chunkSize ?? 2 },
  );
  return scores;
}
