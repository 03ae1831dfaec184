/**
 * Which engine runs the Monte Carlo, and what happens when the GPU cannot:
 * `cpu` runs the worker pool; `gpu` runs one WebGPU worker and fails with the
 * reason when there is no usable device; `auto` tries the GPU and runs the
 * CPU pool, with a notice saying why, when it cannot. A device lost mid-run
 * hands the remaining iterations to the CPU pool. Every path gives the same
 * maxima for the same seed, so a fallback changes the time, never the result.
 */
import type { NullMaximaArrays } from '../inference/fwe.ts';
import type { NullModelSpec } from '../inference/monteCarlo/index.ts';
import { allocateNull, joinNulls, storeChunk } from '../inference/monteCarlo/nullArrays.ts';
import { runNullPool, type NullPoolOptions, type NullRun, type PoolWorker } from './pool.ts';

export type EngineChoice = 'auto' | 'cpu' | 'gpu';

export interface EngineRunOptions extends NullPoolOptions {
  engine?: EngineChoice;
  /** A worker that can reach WebGPU; absent where the runtime has none or auto passed over it. */
  createGpuWorker?: () => PoolWorker;
  /** How many GPU workers share the device (default 2). */
  gpuWorkers?: number;
}

export interface EngineRun extends NullRun {
  /** What the user should know about the engine: why the GPU was not used, or where it stopped. */
  notices: string[];
}

/** Iterations per GPU chunk: enough to fill a batch, few enough for steady progress. */
const GPU_CHUNK = 32;
const GPU_WORKERS = 2;

export async function runNullEngine(spec: NullModelSpec, options: EngineRunOptions): Promise<EngineRun> {
  const choice = options.engine ?? 'auto';
  if (choice === 'cpu' || (choice === 'auto' && !options.createGpuWorker)) return { ...(await runNullPool(spec, options)), notices: [] };
  if (spec.perIteration) {
    if (choice === 'gpu') throw new Error('the GPU engine forms every iteration’s clusters at the observed threshold; run a per-iteration threshold on the CPU (choose Auto or CPU)');
    return { ...(await runNullPool(spec, options)), notices: ['A per-iteration threshold (JALE’s design) runs on the CPU engine; WebGPU was not used.'] };
  }
  if (!options.createGpuWorker) throw new Error('the GPU engine needs WebGPU, and this browser or runtime offers no WebGPU adapter; choose Auto or CPU');
  const n = options.iterations;
  const gpu = allocateNull(n, spec.tfce !== null);
  const finished = new Uint8Array(n);
  const first = options.first ?? 0;
  let gpuEngine = 'WebGPU';
  try {
    const run = await runNullPool(spec, {
      ...options,
      gpu: true,
      // Each worker keeps the CPU's share (drawing foci, clusters) on its own core; the device does the rest.
      workers: Math.min(options.gpuWorkers ?? GPU_WORKERS, options.workers),
      createWorker: options.createGpuWorker,
      chunkSize: Math.max(1, Math.min(GPU_CHUNK, Math.ceil(n / 20))),
      onEngine: (engine) => (gpuEngine = engine),
      onChunk: (chunk) => {
        const at = chunk.start - first;
        storeChunk(gpu, chunk, at);
        finished.fill(1, at, at + chunk.maxAle.length);
        options.onChunk?.(chunk);
      },
    });
    return { ...run, notices: [] };
  } catch (error) {
    const { name, message } = error as Error;
    if (name === 'GpuUnavailableError') {
      if (choice === 'gpu') throw new Error(`the GPU engine cannot run: ${message}`);
      const cpu = await runNullPool(spec, options);
      return { ...cpu, notices: [`WebGPU was not used (${message}); the CPU engine ran.`] };
    }
    if (name !== 'GpuLostError') throw error;
    // The CPU takes over from the first unfinished iteration (later GPU chunks are recomputed: same values).
    const unfinished = finished.indexOf(0);
    const prefix = unfinished < 0 ? n : unfinished;
    return finishOnCpu(spec, options, { ...gpu, engine: gpuEngine }, prefix, message);
  }
}

/** The iterations after a device loss, on the CPU pool, joined to those the GPU finished. */
async function finishOnCpu(spec: NullModelSpec, options: EngineRunOptions, gpu: NullRun, prefix: number, reason: string): Promise<EngineRun> {
  const n = options.iterations;
  const joined = (rest: NullMaximaArrays): NullMaximaArrays => joinNulls(gpu, prefix, rest);
  const notice = `The GPU was lost after ${prefix.toLocaleString('en')} iterations (${reason}); the CPU engine computed the other ${(n - prefix).toLocaleString('en')}, with the same result.`;
  if (prefix === n) return { ...gpu, notices: [notice] };
  const { stopAt, isCheckpoint } = options;
  const rest = await runNullPool(spec, {
    ...options,
    iterations: n - prefix,
    first: (options.first ?? 0) + prefix,
    onProgress: options.onProgress && ((d) => options.onProgress?.(prefix + d, n)),
    stopAt: stopAt && ((p) => stopAt(joined(p))),
    isCheckpoint: isCheckpoint && ((k) => isCheckpoint(prefix + k)),
  });
  const engine = prefix > 0 ? `${gpu.engine} for iterations 0–${prefix - 1}, then ${rest.engine}` : rest.engine;
  return { ...joined(rest), engine, notices: [notice] };
}
