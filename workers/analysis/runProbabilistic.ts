/**
 * A probabilistic ALE from a dataset: prepare it, draw the subsets, run the
 * Monte Carlo for the cluster-size cut-off and the subsets' analyses on a
 * worker pool, and return each voxel's fraction of subsets in which it is
 * significant (see inference/probabilisticAle.ts). Shared by the command line
 * and the app.
 */
import type { Geometry } from '../core/grid.ts';
import { prepareInput, type PreparedInput } from '../core/prepare.ts';
import type { Dataset, Diagnostic } from '../input/dataset.ts';
import { fweCutoff } from '../inference/fwe.ts';
import { combinations, drawSubsets, PROBABILISTIC_SUBSETS, type ProbabilisticModel } from '../inference/probabilisticAle.ts';
import { runSubsetMapPool, runSubsetNullPool, type PoolWorker } from '../runtime/pool.ts';
import { validateParameters, type AleParameters } from './parameters.ts';

export interface ProbabilisticResult {
  parameters: AleParameters;
  input: PreparedInput;
  subsetSize: number;
  /** C(n, N): how many subsets there are (Infinity when it passes 2^53). */
  possible: number;
  subsets: number;
  alpha: number;
  /** The largest cluster of each Monte-Carlo iteration, and the cluster-size FWE cut-off at α. */
  nullMaxSize: Float64Array;
  cutoff: number;
  /** Over masked voxels: the fraction of subsets in which the voxel lies in a cluster larger than the cut-off. */
  fraction: Float32Array;
  timings: { monteCarloMs: number; subsetsMs: number };
}

export type ProbabilisticOutcome = { ok: true; result: ProbabilisticResult } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface ProbabilisticHooks {
  workers: number;
  createWorker: () => PoolWorker;
  onProgress?: (stage: 'monte-carlo' | 'subsets', done: number, total: number) => void;
  signal?: AbortSignal;
}

export async function runProbabilistic(dataset: Dataset, geometry: Geometry, parameters: AleParameters, subsetSize: number, alpha: number, hooks: ProbabilisticHooks): Promise<ProbabilisticOutcome> {
  validateParameters(parameters);
  const prepared = prepareInput(dataset, geometry, parameters);
  if (!prepared.ok) return prepared;
  const { experiments } = prepared.input;
  const n = experiments.length;
  const refuse = (message: string): ProbabilisticOutcome => ({ ok: false, errors: [{ severity: 'error', source: dataset.source, message }], warnings: prepared.input.warnings });
  if (!Number.isInteger(subsetSize) || subsetSize < 2 || subsetSize >= n) return refuse(`probabilistic ALE takes subsets of 2 to ${n - 1} of the ${n} experiments, got ${subsetSize}`);
  if (parameters.iterations < 1) return refuse('probabilistic ALE needs Monte-Carlo iterations for its cluster-size cut-off (iterations above 0)');
  const subsets = drawSubsets(n, subsetSize, PROBABILISTIC_SUBSETS, parameters.seed);
  const model: ProbabilisticModel = {
    shape: geometry.shape,
    affine: geometry.affine,
    mask: geometry.mask,
    experiments,
    subsetSize,
    subsets: Int32Array.from(subsets.flatMap((s) => Array.from(s))),
    clusterFormingP: parameters.clusterFormingP,
    connectivity: parameters.connectivity,
    ...(parameters.nullMethod ? { nullMethod: parameters.nullMethod } : {}),
    ...(parameters.kernel ? { kernel: parameters.kernel } : {}),
    ...(parameters.mcThreshold ? { mcThreshold: parameters.mcThreshold } : {}),
    seed: parameters.seed,
  };
  const pool = { workers: hooks.workers, createWorker: hooks.createWorker, signal: hooks.signal };
  let t = performance.now();
  const nullMaxSize = await runSubsetNullPool(model, { ...pool, iterations: parameters.iterations, onProgress: (done, total) => hooks.onProgress?.('monte-carlo', done, total) });
  const monteCarloMs = performance.now() - t;
  const cutoff = fweCutoff(nullMaxSize, alpha);
  t = performance.now();
  const counts = await runSubsetMapPool(model, cutoff, geometry.nMasked, { ...pool, onProgress: (done, total) => hooks.onProgress?.('subsets', done, total) });
  const fraction = Float32Array.from(counts, (c) => c / subsets.length);
  return {
    ok: true,
    result: { parameters, input: prepared.input, subsetSize, possible: combinations(n, subsetSize), subsets: subsets.length, alpha, nullMaxSize, cutoff, fraction, timings: { monteCarloMs, subsetsMs: performance.now() - t } },
  };
}
