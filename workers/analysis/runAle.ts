/**
 * One full ALE analysis: prepare the dataset, compute the observed maps and
 * clusters, run the Monte-Carlo null on a worker pool and correct. Shared by
 * the command line and the app, so both report the same numbers.
 */
import { analyseObserved, type ObservedAnalysis } from '../core/observedAnalysis.ts';
import { correctFwe, type FweMaps, type NullMaximaArrays } from '../inference/fwe.ts';
import type { Geometry } from '../core/grid.ts';
import type { Dataset, Diagnostic } from '../input/dataset.ts';
import { nullModelSpec, perIterationFormingP, type NullModelSpec } from '../inference/monteCarlo/index.ts';
import { nullArraysOf } from '../inference/monteCarlo/nullArrays.ts';
import { TfceSweep } from '../inference/tfce.ts';
import { allSettled, isCheckpoint } from '../inference/liveFwe.ts';
import type { NullPoolOptions, PoolWorker } from '../runtime/pool.ts';
import { runNullEngine, type EngineRunOptions } from '../runtime/gpuRun.ts';
import { prepareInput, type PreparedInput } from '../core/prepare.ts';
import { validateParameters, type AleParameters } from './parameters.ts';

export interface RunHooks {
  workers: number;
  createWorker: () => PoolWorker;
  /** The GPU, where the runtime offers one (see runNullEngine); without it the CPU pool runs. */
  engine?: Pick<EngineRunOptions, 'engine' | 'createGpuWorker' | 'gpuWorkers'>;
  /** What the user should know about the engine: why the GPU was not used, or where it stopped. */
  onNotice?: (message: string) => void;
  onProgress?: (stage: 'observed' | 'monte-carlo', done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface AleResult {
  parameters: AleParameters;
  input: PreparedInput;
  observed: ObservedAnalysis;
  /** Present when iterations > 0; shorter than `iterations` when the run stopped once settled. */
  nullMaxima?: NullMaximaArrays;
  /** The Monte-Carlo strategy that ran (null without a Monte Carlo). */
  engine: string | null;
  fwe?: FweMaps;
  /** TFCE of the z map over masked voxels, when the parameters ask for it. */
  tfce: Float64Array | null;
  timings: { prepareMs: number; observedMs: number; monteCarloMs: number };
}

export type RunOutcome = { ok: true; result: AleResult } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** Everything before the Monte Carlo: what the workers need, and the observed side. */
export interface StartedAnalysis {
  parameters: AleParameters;
  input: PreparedInput;
  observed: ObservedAnalysis;
  spec: NullModelSpec;
  tfce: Float64Array | null;
  timings: { prepareMs: number; observedMs: number };
}

export type StartOutcome = { ok: true; started: StartedAnalysis } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export function startAnalysis(dataset: Dataset, geometry: Geometry, parameters: AleParameters): StartOutcome {
  validateParameters(parameters);
  let t = performance.now();
  const prepared = prepareInput(dataset, geometry, parameters);
  if (!prepared.ok) return prepared;
  const prepareMs = performance.now() - t;
  t = performance.now();
  const experiments = prepared.input.experiments;
  const observed = analyseObserved(experiments, geometry, parameters);
  const spec = nullModelSpec(experiments, observed, geometry, parameters.connectivity, parameters.seed, parameters.tfce, perIterationFormingP(parameters));
  const tfce = parameters.tfce ? new TfceSweep(geometry.shape).map(geometry.maskedToFlat, observed.maps.z) : null;
  return { ok: true, started: { parameters, input: prepared.input, observed, spec, tfce, timings: { prepareMs, observedMs: performance.now() - t } } };
}

/** Corrects with the Monte-Carlo maxima (none when iterations = 0). */
export function finishAnalysis(started: StartedAnalysis, nullMaxima: NullMaximaArrays | undefined, monteCarloMs: number, engine: string | null = null): AleResult {
  const { observed, parameters, input, timings, tfce } = started;
  const fwe = nullMaxima ? correctFwe(observed.ale, observed.clusters.labels, observed.clusters.clusters, nullMaxima, tfce) : undefined;
  const arrays = nullMaxima && nullArraysOf(nullMaxima);
  return { parameters, input, observed, nullMaxima: arrays, engine, fwe, tfce, timings: { ...timings, monteCarloMs } };
}

/** Pool options that stop the Monte Carlo once every cluster's decision is settled, when the parameters ask for it. */
export function stoppingRule(parameters: AleParameters, clusters: readonly { id: number; sizeVoxels: number }[]): Pick<NullPoolOptions, 'stopAt' | 'isCheckpoint'> {
  const alpha = parameters.stopWhenSettled;
  if (alpha === undefined) return {};
  return { stopAt: (prefix) => allSettled(clusters, prefix.maxSize, alpha), isCheckpoint };
}

export async function runAle(dataset: Dataset, geometry: Geometry, parameters: AleParameters, hooks: RunHooks): Promise<RunOutcome> {
  hooks.onProgress?.('observed', 0, 1);
  const start = startAnalysis(dataset, geometry, parameters);
  if (!start.ok) return start;
  hooks.onProgress?.('observed', 1, 1);
  const t = performance.now();
  if (parameters.iterations === 0) return { ok: true, result: finishAnalysis(start.started, undefined, 0) };
  const nullRun = await runNullEngine(start.started.spec, {
    ...hooks.engine,
    iterations: parameters.iterations,
    workers: hooks.workers,
    createWorker: hooks.createWorker,
    signal: hooks.signal,
    onProgress: (done, total) => hooks.onProgress?.('monte-carlo', done, total),
    ...stoppingRule(parameters, start.started.observed.clusters.clusters),
  });
  for (const notice of nullRun.notices) hooks.onNotice?.(notice);
  return { ok: true, result: finishAnalysis(start.started, nullRun, performance.now() - t, nullRun.engine) };
}
