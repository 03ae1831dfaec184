/**
 * One full ALE analysis: prepare the dataset, compute the observed maps and
 * clusters, run the Monte-Carlo null on a worker pool and correct. Shared by
 * the command line and the app, so both report the same numbers.
 */
import { analyseObserved, type ObservedAnalysis } from '../core/observedAnalysis.ts';
import type { Connectivity } from '../core/clusterLabeller.ts';
import type { SnapRule, TalTransform } from '../core/coordinates.ts';
import { correctFwe, type FweMaps, type NullMaximaArrays } from '../inference/fwe.ts';
import type { Geometry } from '../core/grid.ts';
import type { Dataset, Diagnostic } from '../input/dataset.ts';
import { nullModelSpec, type NullModelSpec } from '../inference/monteCarlo/index.ts';
import { runNullPool, type PoolWorker } from '../runtime/pool.ts';
import { prepareInput, type PreparedInput } from '../core/prepare.ts';

export interface AleParameters {
  clusterFormingP: number;
  iterations: number;
  seed: number;
  connectivity: Connectivity;
  snap: SnapRule;
  talTransform: TalTransform;
  outsideMask: 'keep' | 'drop';
  /** One sample size for every experiment (for files without them). */
  sampleSize?: number;
}

export const DEFAULT_PARAMETERS: AleParameters = {
  clusterFormingP: 0.001,
  iterations: 5000,
  seed: 0,
  connectivity: 6,
  snap: 'nearest',
  talTransform: 'other',
  outsideMask: 'keep',
};

export interface RunHooks {
  workers: number;
  createWorker: () => PoolWorker;
  onProgress?: (stage: 'observed' | 'monte-carlo', done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface AleResult {
  parameters: AleParameters;
  input: PreparedInput;
  observed: ObservedAnalysis;
  /** Present when iterations > 0. */
  nullMaxima?: NullMaximaArrays;
  fwe?: FweMaps;
  timings: { prepareMs: number; observedMs: number; monteCarloMs: number };
}

export type RunOutcome = { ok: true; result: AleResult } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** Everything before the Monte Carlo: what the workers need, and the observed side. */
export interface StartedAnalysis {
  parameters: AleParameters;
  input: PreparedInput;
  observed: ObservedAnalysis;
  spec: NullModelSpec;
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
  const spec = nullModelSpec(experiments, observed, geometry, parameters.connectivity, parameters.seed);
  return { ok: true, started: { parameters, input: prepared.input, observed, spec, timings: { prepareMs, observedMs: performance.now() - t } } };
}

/** Corrects with the Monte-Carlo maxima (none when iterations = 0). */
export function finishAnalysis(started: StartedAnalysis, nullMaxima: NullMaximaArrays | undefined, monteCarloMs: number): AleResult {
  const { observed, parameters, input, timings } = started;
  const fwe = nullMaxima ? correctFwe(observed.ale, observed.clusters.labels, observed.clusters.clusters, nullMaxima) : undefined;
  return { parameters, input, observed, nullMaxima, fwe, timings: { ...timings, monteCarloMs } };
}

export async function runAle(dataset: Dataset, geometry: Geometry, parameters: AleParameters, hooks: RunHooks): Promise<RunOutcome> {
  hooks.onProgress?.('observed', 0, 1);
  const start = startAnalysis(dataset, geometry, parameters);
  if (!start.ok) return start;
  hooks.onProgress?.('observed', 1, 1);
  const t = performance.now();
  let nullMaxima: NullMaximaArrays | undefined;
  if (parameters.iterations > 0) {
    nullMaxima = await runNullPool(start.started.spec, {
      iterations: parameters.iterations,
      workers: hooks.workers,
      createWorker: hooks.createWorker,
      signal: hooks.signal,
      onProgress: (done, total) => hooks.onProgress?.('monte-carlo', done, total),
    });
  }
  return { ok: true, result: finishAnalysis(start.started, nullMaxima, performance.now() - t) };
}

export function validateParameters(p: AleParameters): void {
  if (!(p.clusterFormingP > 0 && p.clusterFormingP < 1)) throw new RangeError(`cluster-forming p must be between 0 and 1, got ${p.clusterFormingP}`);
  if (!Number.isInteger(p.iterations) || p.iterations < 0) throw new RangeError(`iterations must be a whole number ≥ 0, got ${p.iterations}`);
  if (!Number.isSafeInteger(p.seed) || p.seed < 0) throw new RangeError(`seed must be a whole number ≥ 0, got ${p.seed}`);
  if (![6, 18, 26].includes(p.connectivity)) throw new RangeError(`connectivity must be 6, 18 or 26, got ${p.connectivity}`);
  if (p.sampleSize !== undefined && !(p.sampleSize > 0 && Number.isFinite(p.sampleSize))) throw new RangeError(`sample size must be a positive number, got ${p.sampleSize}`);
}
