/**
 * A balanced contrast from two datasets: prepare both, compute the exact
 * balanced difference, run its Monte Carlo on a worker pool and decide each
 * voxel (see inference/balancedContrast.ts). Shared by the command line and the app.
 */
import type { Geometry } from '../core/grid.ts';
import { KernelCache } from '../core/kernel.ts';
import { prepareInput, type PreparedInput } from '../core/prepare.ts';
import type { Dataset, Diagnostic } from '../input/dataset.ts';
import { balancedDifference, balancedInference, balancedSubsetSize, type BalancedInference, type BalancedModel } from '../inference/balancedContrast.ts';
import { runBalancedNullPool, type PoolWorker } from '../runtime/pool.ts';
import { validateParameters, type AleParameters } from './parameters.ts';

export interface BalancedResult {
  parameters: AleParameters;
  inputs: [PreparedInput, PreparedInput];
  names: [string, string];
  subsetSize: number;
  alpha: number;
  /** Over masked voxels: E[ALE of N of A] − E[ALE of N of B]. */
  difference: Float64Array;
  nullMin: Float64Array;
  nullMax: Float64Array;
  inference: BalancedInference;
  timings: { monteCarloMs: number };
}

export type BalancedOutcome = { ok: true; result: BalancedResult } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface BalancedHooks {
  workers: number;
  createWorker: () => PoolWorker;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** `subsetSize` null: JALE's default from the two group sizes. */
export async function runBalanced(datasets: [Dataset, Dataset], names: [string, string], geometry: Geometry, parameters: AleParameters, subsetSize: number | null, alpha: number, hooks: BalancedHooks): Promise<BalancedOutcome> {
  validateParameters(parameters);
  const prepared = datasets.map((d) => prepareInput(d, geometry, parameters));
  const warnings = prepared.flatMap((p) => (p.ok ? p.input.warnings : p.warnings));
  const failed = prepared.flatMap((p) => (p.ok ? [] : p.errors));
  if (failed.length > 0) return { ok: false, errors: failed, warnings };
  const inputs = prepared.map((p) => (p.ok ? p.input : (null as never))) as [PreparedInput, PreparedInput];
  const [nA, nB] = inputs.map((i) => i.experiments.length);
  const N = subsetSize ?? balancedSubsetSize(nA, nB);
  const refuse = (message: string): BalancedOutcome => ({ ok: false, errors: [{ severity: 'error', source: `${names[0]} vs ${names[1]}`, message }], warnings });
  if (!Number.isInteger(N) || N < 1 || N > Math.min(nA, nB)) return refuse(`a balanced contrast compares subsets of the same size, at most the smaller group's ${Math.min(nA, nB)} experiments; N = ${N} is not possible (groups of ${nA} and ${nB})`);
  if (parameters.iterations < 1) return refuse('a balanced contrast needs Monte-Carlo iterations (iterations above 0)');
  const cache = new KernelCache(geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2], parameters.kernel);
  const difference = balancedDifference(inputs.map((i) => ({ ijk: i.experiments.map((e) => e.ijk), kernels: i.experiments.map((e) => cache.forFwhm(e.fwhm)) })), N, geometry);
  const model: BalancedModel = {
    shape: geometry.shape,
    affine: geometry.affine,
    mask: geometry.mask,
    groups: inputs.map((i) => ({ fwhm: Float64Array.from(i.experiments, (e) => e.fwhm), foci: Int32Array.from(i.experiments, (e) => e.ijk.length / 3) })),
    subsetSize: N,
    ...(parameters.kernel ? { kernel: parameters.kernel } : {}),
    seed: parameters.seed,
  };
  const t = performance.now();
  const extremes = await runBalancedNullPool(model, { iterations: parameters.iterations, workers: hooks.workers, createWorker: hooks.createWorker, signal: hooks.signal, onProgress: hooks.onProgress });
  return {
    ok: true,
    result: { parameters, inputs, names, subsetSize: N, alpha, difference, nullMin: extremes.min, nullMax: extremes.max, inference: balancedInference(difference, extremes.min, extremes.max, alpha), timings: { monteCarloMs: performance.now() - t } },
  };
}
