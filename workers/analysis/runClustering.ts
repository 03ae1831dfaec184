/**
 * A clustering of experiments from a dataset: prepare it, cluster the
 * experiments (inference/clustering/) with the null on a worker pool, and map
 * each group's ALE at the k whose silhouette stands furthest above its null.
 * Shared by the command line and the app.
 */
import type { Geometry } from '../core/grid.ts';
import { prepareInput, type PreparedInput } from '../core/prepare.ts';
import type { Dataset, Diagnostic } from '../input/dataset.ts';
import { clusterExperiments, groupAleMaps, type ClusteringMethod, type ClusteringResult } from '../inference/clustering/experimentClustering.ts';
import type { Linkage } from '../inference/clustering/hierarchical.ts';
import { CancelledError, runClusteringNullPool, type PoolWorker } from '../runtime/pool.ts';
import { bestLevel } from '../reports/clusteringReport.ts';
import { validateParameters, type AleParameters } from './parameters.ts';

/** JALE's number of subsamples of the real data, and its share of experiments in each. */
const SUBSAMPLES = 500;
const FRACTION = 0.9;

export interface ClusteringSettings {
  method: ClusteringMethod;
  maxClusters: number;
  linkage: Linkage;
  nullIterations: number;
}

export interface ClusteringRun {
  input: PreparedInput;
  settings: ClusteringSettings;
  result: ClusteringResult;
  /** Experiment ids, in analysis order (the order of the result's rows and labels). */
  names: string[];
  /** The ALE map (masked) of each group of the best k. */
  groupMaps: Float32Array[];
}

export type ClusteringOutcome = { ok: true; run: ClusteringRun } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface ClusteringHooks {
  workers: number;
  createWorker: () => PoolWorker;
  onProgress?: (stage: 'subsamples' | 'null', done: number, total: number) => void;
  signal?: AbortSignal;
}

export async function runClustering(dataset: Dataset, geometry: Geometry, parameters: AleParameters, settings: ClusteringSettings, hooks: ClusteringHooks): Promise<ClusteringOutcome> {
  validateParameters(parameters);
  const prepared = prepareInput(dataset, geometry, parameters);
  if (!prepared.ok) return prepared;
  const refuse = (message: string): ClusteringOutcome => ({ ok: false, errors: [{ severity: 'error', source: dataset.source, message }], warnings: prepared.input.warnings });
  if (!(Number.isInteger(settings.nullIterations) && settings.nullIterations >= 2)) return refuse(`a clustering of experiments needs at least 2 null iterations for the spread of its null, got ${settings.nullIterations}`);
  if (!(Number.isInteger(settings.maxClusters) && settings.maxClusters >= 2)) return refuse(`the largest number of groups must be a whole number of at least 2, got ${settings.maxClusters}`);
  const { experiments } = prepared.input;
  let result: ClusteringResult;
  try {
    result = await clusterExperiments(
      experiments,
      geometry,
      { ...settings, subsamples: SUBSAMPLES, fraction: FRACTION, seed: parameters.seed, ...(parameters.kernel ? { kernel: parameters.kernel } : {}), onProgress: (_, done, total) => hooks.onProgress?.('subsamples', done, total) },
      (model) => runClusteringNullPool(model, { workers: hooks.workers, createWorker: hooks.createWorker, signal: hooks.signal, onProgress: (done, total) => hooks.onProgress?.('null', done, total) }),
    );
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    return refuse((err as Error).message);
  }
  const groupMaps = groupAleMaps(experiments, geometry, bestLevel(result).labels, parameters.kernel);
  return { ok: true, run: { input: prepared.input, settings, result, names: experiments.map((e) => e.id), groupMaps } };
}
