/** Where work runs: the worker pool and the Web Worker factory (worker entry files are not exported; they run on import). */
export * from './browserWorkers.ts';
export * from './pool.ts';
export type { PoolWorkerApi } from './poolWorkerApi.ts';
export * from './gpuRun.ts';
