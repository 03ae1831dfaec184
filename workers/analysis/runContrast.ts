/**
 * A whole contrast of two datasets: each group's main effect with
 * Monte-Carlo FWE, the permutation subtraction, the gated contrast, the
 * conjunction, and clusters of each direction. Shared by the command line
 * and the app.
 */
import type { Connectivity } from '../core/clusterLabeller.ts';
import { conjunction, finishSubtraction, gatedContrast, oneSidedP, subtractionModel, type Subtraction } from '../inference/contrast.ts';
import { significantClusterIds, type NullMaximaArrays } from '../inference/fwe.ts';
import { flatIndex, type Geometry } from '../core/grid.ts';
import type { Dataset, Diagnostic } from '../input/dataset.ts';
import { observedClusters, type Cluster } from '../core/observedClusters.ts';
import { runPermutationPool } from '../runtime/pool.ts';
import type { AleParameters } from './parameters.ts';
import { finishAnalysis, runAle, startAnalysis, type AleResult, type RunHooks, type RunOutcome } from './runAle.ts';

export interface ContrastParameters extends AleParameters {
  /** α of the main effects' cluster-size FWE and of the gated contrast. */
  alpha: number;
  /**
   * Clusters of the contrast and the conjunction smaller than this (mm³) are
   * left out of the maps and tables, as GingerALE's minimum volume does
   * (papers often use 200 mm³); 0 or absent keeps every cluster.
   */
  minVolumeMm3?: number;
}

export interface ContrastResult {
  names: [string, string];
  mainA: AleResult;
  mainB: AleResult;
  subtraction: Subtraction;
  /** Signed z over masked voxels: positive A > B, negative B > A, 0 elsewhere. */
  gated: Float32Array;
  /** min(zA, zB) where both main effects are significant. */
  conjunction: Float32Array;
  clusters: ContrastClusters;
  /**
   * Each cluster's peak p, as the test made it (not recovered from the float32 z):
   * a direction's one-sided permutation p, the conjunction's larger main-effect p.
   */
  peakP: { aOverB: number[]; bOverA: number[]; conjunction: number[] };
  /** Masked cluster labels of each direction (A > B positive ids, B > A negative ids). */
  labels: Int32Array;
}

export interface ContrastClusters {
  aOverB: Cluster[];
  bOverA: Cluster[];
  conjunction: Cluster[];
}

export type ContrastOutcome = { ok: true; result: ContrastResult } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export type ContrastStage = 'main effect A' | 'main effect B' | 'subtraction';

export interface ContrastHooks extends Omit<RunHooks, 'onProgress'> {
  onProgress?: (stage: ContrastStage, done: number, total: number) => void;
}

/** The clusters of a signed map, each direction on its own; labels: A > B positive ids, B > A negative. */
export function directionClusters(signed: Float32Array, geometry: Geometry, connectivity: Connectivity) {
  const positive = Float32Array.from(signed, (v) => Math.max(v, 0));
  const negative = Float32Array.from(signed, (v) => Math.max(-v, 0));
  const aOverB = observedClusters(positive, positive, 0, geometry, connectivity);
  const bOverA = observedClusters(negative, negative, 0, geometry, connectivity);
  return { aOverB, bOverA, labels: Int32Array.from(aOverB.labels, (id, m) => (id > 0 ? id : -bOverA.labels[m])) };
}

/** A contrast's smallest cluster volume as typed (command line, app): mm³ in plain decimals up to 10,000,000, or null. */
export function parseVolumeMm3(text: string): number | null {
  return /^\d+(\.\d+)?$/.test(text) && Number(text) <= 1e7 ? Number(text) : null;
}

/**
 * A signed map without the clusters (each sign on its own) smaller than
 * `minVolumeMm3`: their voxels are set to 0, the rest kept as they are.
 */
export function withoutSmallClusters(signed: Float32Array, geometry: Geometry, connectivity: Connectivity, minVolumeMm3: number): Float32Array {
  if (!(minVolumeMm3 > 0)) return signed;
  const { aOverB, bOverA, labels } = directionClusters(signed, geometry, connectivity);
  const small = (clusters: Cluster[]) => new Set(clusters.filter((c) => c.sizeMm3 < minVolumeMm3).map((c) => c.id));
  const [smallA, smallB] = [small(aOverB.clusters), small(bOverA.clusters)];
  return Float32Array.from(signed, (v, m) => (labels[m] > 0 ? (smallA.has(labels[m]) ? 0 : v) : labels[m] < 0 && smallB.has(-labels[m]) ? 0 : v));
}

/** The masked index of a cluster's peak. */
export function peakIndex(c: Cluster, geometry: Geometry): number {
  return geometry.flatToMasked[flatIndex(geometry.shape, ...c.peak.ijk)];
}

function reusedMainEffect(a: Dataset, geometry: Geometry, parameters: ContrastParameters, nullOfA: NullMaximaArrays): RunOutcome {
  const start = startAnalysis(a, geometry, parameters);
  return start.ok ? { ok: true, result: finishAnalysis(start.started, nullOfA, 0, 'reused from the finished run') } : start;
}

export function significantVoxels(result: AleResult, alpha: number): Uint8Array {
  const keep = new Set(significantClusterIds(result.observed.clusters.clusters, result.fwe, alpha));
  return Uint8Array.from(result.observed.clusters.labels, (id) => (keep.has(id) ? 1 : 0));
}

/**
 * `nullOfA`: the Monte-Carlo maxima of A's main effect when A was just run
 * with these parameters (the app's finished run); A's null is then reused,
 * not recomputed (same seed, same null: the result is the same).
 */
export async function runContrast(a: Dataset, b: Dataset, names: [string, string], geometry: Geometry, parameters: ContrastParameters, hooks: ContrastHooks, nullOfA: NullMaximaArrays | null = null): Promise<ContrastOutcome> {
  if (parameters.iterations < 1) throw new RangeError('a contrast needs at least one iteration (permutations and Monte Carlo)');
  const main = async (dataset: Dataset, stage: ContrastStage) =>
    runAle(dataset, geometry, parameters, { ...hooks, onProgress: (s, done, total) => s === 'monte-carlo' && hooks.onProgress?.(stage, done, total) });
  const mainA = nullOfA ? reusedMainEffect(a, geometry, parameters, nullOfA) : await main(a, 'main effect A');
  if (!mainA.ok) return mainA;
  const mainB = await main(b, 'main effect B');
  if (!mainB.ok) return mainB;
  const model = subtractionModel(mainA.result.input.experiments, mainB.result.input.experiments, geometry, parameters.seed, parameters.kernel);
  const counts = await runPermutationPool(model, {
    iterations: parameters.iterations,
    workers: hooks.workers,
    createWorker: hooks.createWorker,
    signal: hooks.signal,
    onProgress: (done, total) => hooks.onProgress?.('subtraction', done, total),
  });
  const subtraction = finishSubtraction(model, counts, parameters.iterations, geometry);
  const sigA = significantVoxels(mainA.result, parameters.alpha);
  const sigB = significantVoxels(mainB.result, parameters.alpha);
  const connectivity: Connectivity = parameters.connectivity;
  const minVolume = parameters.minVolumeMm3 ?? 0;
  const gated = withoutSmallClusters(gatedContrast(subtraction, sigA, sigB, parameters.alpha), geometry, connectivity, minVolume);
  const conj = withoutSmallClusters(conjunction(mainA.result.observed.maps.z, mainB.result.observed.maps.z, sigA, sigB), geometry, connectivity, minVolume);
  const { aOverB, bOverA, labels } = directionClusters(gated, geometry, connectivity);
  const conjClusters = observedClusters(conj, conj, 0, geometry, connectivity);
  const peakAt = (c: Cluster) => peakIndex(c, geometry);
  const [pA, pB] = [mainA.result.observed.maps.p, mainB.result.observed.maps.p];
  const peakP = {
    aOverB: aOverB.clusters.map((c) => oneSidedP(subtraction, peakAt(c), 'aOverB')),
    bOverA: bOverA.clusters.map((c) => oneSidedP(subtraction, peakAt(c), 'bOverA')),
    conjunction: conjClusters.clusters.map((c) => Math.max(pA[peakAt(c)], pB[peakAt(c)])),
  };
  return {
    ok: true,
    result: {
      names,
      mainA: mainA.result,
      mainB: mainB.result,
      subtraction,
      gated,
      conjunction: conj,
      clusters: { aOverB: aOverB.clusters, bOverA: bOverA.clusters, conjunction: conjClusters.clusters },
      peakP,
      labels,
    },
  };
}
