/**
 * The analysis side of a browser run, hosted in its own Worker so the page
 * never computes: start() prepares the data, computes the observed maps and
 * returns a preview to show at once, the page runs the Monte-Carlo pool,
 * finish() corrects and returns what the viewer shows. Volumes come back as
 * transferred buffers.
 */
import { transfer } from 'comlink';
import type { Atlas } from '../diagnostics/atlas.ts';
import { kernelExample, type KernelExample } from '../diagnostics/kernelExample.ts';
import { failSafeN, fsnStepsAtMost, type FsnResult } from '../inference/failSafeN.ts';
import { addMainOutputs, OutputSet, type OutputFile } from '../reports/outputFiles.ts';
import { contributionsTsv } from '../reports/tables.ts';
import { addClusteringOutputs } from '../reports/clusteringReport.ts';
import type { ClusteringResult } from '../inference/clustering/experimentClustering.ts';
import { runClustering, type ClusteringSettings } from './runClustering.ts';
import { runProbabilistic } from './runProbabilistic.ts';
import { runNullPool, type PoolWorker } from '../runtime/pool.ts';
import { prepareInput } from '../core/prepare.ts';
import { directionClusters, peakIndex, runContrast, type ContrastClusters, type ContrastParameters, type ContrastResult } from './runContrast.ts';
import { runBalanced } from './runBalanced.ts';
import { significantZ } from '../inference/balancedContrast.ts';
import type { Cluster } from '../core/observedClusters.ts';
import type { NullMaximaArrays } from '../inference/fwe.ts';
import { createGeometry, unmaskFloat32, type Affine, type Geometry, type Shape3 } from '../core/grid.ts';
import type { Dataset, Diagnostic } from '../input/dataset.ts';
import type { NullModelSpec } from '../inference/monteCarlo/index.ts';
import type { AleParameters } from './parameters.ts';
import { finishAnalysis, startAnalysis, type StartedAnalysis } from './runAle.ts';
import { runView, viewBuffers, type FinishedRun, type RunContext } from './finishedRun.ts';

export interface MaskInput {
  shape: Shape3;
  affine: Affine;
  values: ArrayLike<number>;
  name: string;
}

export type StartReply =
  | { ok: true; spec: NullModelSpec; warnings: Diagnostic[]; preview: FinishedRun }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** Contrast results for the viewer and tables; volumes are full-grid. */
export interface ContrastView {
  /** The permutation subtraction gated by the main effects (Eickhoff et al. 2011), or JALE's balanced contrast. */
  kind: 'subtraction' | 'balanced';
  /** The balanced contrast's subset size N. */
  subsetSize?: number;
  /** Peak p are never below 1 / this (permutations; the balanced contrast's iterations + 1). */
  pFloorCount: number;
  /** Clusters smaller than this (mm³) were left out (the subtraction's option; 0: none). */
  minVolumeMm3: number;
  names: [string, string];
  /** Signed gated z: positive A > B, negative B > A. */
  gated: Float32Array;
  conjunction: Float32Array;
  clusters: ContrastClusters;
  peakP: ContrastResult['peakP'];
  counts: { a: number; b: number };
}

export type ContrastReply = { ok: true; view: ContrastView } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** A clustering of experiments as the app shows it, with the files the command line would write. */
export interface ClusteringView {
  names: string[];
  result: ClusteringResult;
  settings: ClusteringSettings;
  files: OutputFile[];
}

export type ClusteringReply = { ok: true; view: ClusteringView } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** A probabilistic ALE as the app shows it: its numbers, the fraction map over the whole grid, and its file. */
export interface ProbabilisticView {
  experiments: number;
  subsetSize: number;
  subsets: number;
  /** C(n, N), or null past 2^53. */
  possible: number | null;
  cutoff: number;
  iterations: number;
  fraction: Float32Array;
  everSignificant: number;
  alwaysSignificant: number;
  files: OutputFile[];
}

export type ProbabilisticReply = { ok: true; view: ProbabilisticView } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export type ProgressCallback = (label: string, done: number, total: number) => void;

export interface AnalysisWorkerApi {
  /** Prepares the data and computes the observed side; its preview shows the maps and uncorrected clusters at once. `alpha` is the cluster-size FWE α of the reports. */
  start(dataset: Dataset, mask: MaskInput, atlas: Atlas | null, parameters: AleParameters, alpha: number): StartReply;
  finish(nullMaxima: NullMaximaArrays | null, monteCarloMs: number, engine: string | null): FinishedRun;
  /** The output files of the finished run, named as the command line names them. */
  files(): OutputFile[];
  /** The run's first experiment (in analysis order) with its kernel and modeled activation, for teaching. */
  kernelExample(): KernelExample | null;
  /** Fail-Safe N of clusters of a finished run (labels over the whole grid). */
  failSafeN(dataset: Dataset, mask: MaskInput, parameters: AleParameters, labels: Int32Array, clusterIds: number[], alpha: number, onProgress: ProgressCallback, onResults: (results: FsnResult[]) => void): Promise<FsnResult[] | { errors: Diagnostic[] }>;
  /** `nullOfA`: the finished run's Monte-Carlo maxima when A is that run's dataset, so A's null is not run again. */
  contrast(a: Dataset, b: Dataset, names: [string, string], mask: MaskInput, parameters: ContrastParameters, onProgress: ProgressCallback, nullOfA: NullMaximaArrays | null): Promise<ContrastReply>;
  clustering(dataset: Dataset, mask: MaskInput, parameters: AleParameters, settings: ClusteringSettings, onProgress: ProgressCallback): Promise<ClusteringReply>;
  probabilistic(dataset: Dataset, mask: MaskInput, parameters: AleParameters, subsetSize: number, alpha: number, onProgress: ProgressCallback): Promise<ProbabilisticReply>;
  /** JALE's balanced contrast of A and B at N (null: JALE's default), shown as a contrast: significant z by direction, no conjunction. */
  balancedContrast(a: Dataset, b: Dataset, names: [string, string], mask: MaskInput, parameters: AleParameters, subsetSize: number | null, alpha: number, onProgress: ProgressCallback): Promise<ContrastReply>;
}

export interface PoolHost {
  createWorker: () => PoolWorker;
  workers: number;
}

export function createAnalysisWorkerApi(pool: PoolHost): AnalysisWorkerApi {
  let started: StartedAnalysis | null = null;
  let context: RunContext | null = null;
  let finishedFiles: (() => OutputFile[]) | null = null;
  return {
    start(dataset, mask, atlas, parameters, alpha) {
      const startedAt = performance.now();
      let geometry: Geometry;
      try {
        geometry = createGeometry(mask.shape, mask.affine, mask.values);
      } catch (err) {
        return { ok: false, errors: [{ severity: 'error', source: mask.name, message: (err as Error).message }], warnings: [] };
      }
      const outcome = startAnalysis(dataset, geometry, parameters);
      if (!outcome.ok) return outcome;
      started = outcome.started;
      context = { geometry, atlas, alpha, source: dataset.source, maskName: mask.name, startedAt };
      const preview = runView(finishAnalysis(started, undefined, 0), context, false);
      return transfer({ ok: true, spec: started.spec, warnings: started.input.warnings, preview }, viewBuffers(preview));
    },
    finish(nullMaxima, monteCarloMs, engine) {
      if (!started || !context) throw new Error('finish() called before a successful start()');
      const result = finishAnalysis(started, nullMaxima ?? undefined, monteCarloMs, engine);
      const run = runView(result, context, true);
      const { geometry } = context;
      finishedFiles = () => {
        const out = new OutputSet(geometry);
        addMainOutputs(out, result, run.summary);
        out.text('contributions.tsv', contributionsTsv(run.contributions));
        out.json('summary.json', run.summary);
        return out.files;
      };
      return transfer(run, viewBuffers(run));
    },

    kernelExample() {
      if (!started || !context) throw new Error('kernelExample() called before a successful start()');
      const first = started.input.experiments[0];
      if (!first) return null;
      const example = kernelExample(first, context.geometry, started.parameters.kernel);
      return transfer(example, [example.map.buffer]);
    },

    files() {
      if (!finishedFiles) throw new Error('files() called before finish()');
      const files = finishedFiles();
      return transfer(files, files.map((f) => f.bytes.buffer as ArrayBuffer));
    },

    async failSafeN(dataset, mask, parameters, labels, clusterIds, alpha, onProgress, onResults) {
      const g = createGeometry(mask.shape, mask.affine, mask.values);
      const prepared = prepareInput(dataset, g, parameters);
      if (!prepared.ok) return { errors: prepared.errors };
      const masked = Int32Array.from(g.maskedToFlat, (f) => labels[f]);
      let step = 0;
      const steps = `~${fsnStepsAtMost(prepared.input.experiments.length, clusterIds.length)}`;
      return failSafeN(prepared.input.experiments, masked, clusterIds, g, {
        ...parameters,
        alpha,
        runNull: (spec) => runNullPool(spec, { iterations: parameters.iterations, workers: pool.workers, createWorker: pool.createWorker, onProgress: (done, total) => onProgress(`step ${step + 1} of ${steps}: Monte Carlo`, done, total) }),
        onStep: (s) => {
          step++;
          onProgress(`step ${step} of ${steps}: ${s.noiseExperiments} noise experiments, significant: ${s.surviving.join(', ') || 'none'}`, 1, 1);
        },
        onResults,
      });
    },

    async contrast(a, b, names, mask, parameters, onProgress, nullOfA) {
      const g = createGeometry(mask.shape, mask.affine, mask.values);
      const outcome = await runContrast(a, b, names, g, parameters, { workers: pool.workers, createWorker: pool.createWorker, onProgress }, nullOfA);
      if (!outcome.ok) return outcome;
      const r = outcome.result;
      const view: ContrastView = {
        kind: 'subtraction',
        pFloorCount: parameters.iterations,
        minVolumeMm3: parameters.minVolumeMm3 ?? 0,
        names,
        gated: unmaskFloat32(r.gated, g),
        conjunction: unmaskFloat32(r.conjunction, g),
        clusters: r.clusters,
        peakP: r.peakP,
        counts: { a: r.mainA.input.experiments.length, b: r.mainB.input.experiments.length },
      };
      return { ok: true, view: transfer(view, [view.gated.buffer, view.conjunction.buffer]) };
    },

    async balancedContrast(a, b, names, mask, parameters, subsetSize, alpha, onProgress) {
      const g = createGeometry(mask.shape, mask.affine, mask.values);
      const outcome = await runBalanced([a, b], names, g, parameters, subsetSize, alpha, { workers: pool.workers, createWorker: pool.createWorker, onProgress: (done, total) => onProgress('balanced contrast: Monte Carlo', done, total) });
      if (!outcome.ok) return outcome;
      const r = outcome.result;
      const gated = significantZ(r.inference);
      const { aOverB, bOverA } = directionClusters(gated, g, parameters.connectivity);
      const pAt = (c: Cluster) => r.inference.p[peakIndex(c, g)];
      const view: ContrastView = {
        kind: 'balanced',
        subsetSize: r.subsetSize,
        minVolumeMm3: 0,
        pFloorCount: r.nullMax.length + 1,
        names,
        gated: unmaskFloat32(gated, g),
        conjunction: new Float32Array(g.shape[0] * g.shape[1] * g.shape[2]),
        clusters: { aOverB: aOverB.clusters, bOverA: bOverA.clusters, conjunction: [] },
        peakP: { aOverB: aOverB.clusters.map(pAt), bOverA: bOverA.clusters.map(pAt), conjunction: [] },
        counts: { a: r.inputs[0].experiments.length, b: r.inputs[1].experiments.length },
      };
      return { ok: true, view: transfer(view, [view.gated.buffer, view.conjunction.buffer]) };
    },

    async probabilistic(dataset, mask, parameters, subsetSize, alpha, onProgress) {
      const g = createGeometry(mask.shape, mask.affine, mask.values);
      const outcome = await runProbabilistic(dataset, g, parameters, subsetSize, alpha, {
        workers: pool.workers,
        createWorker: pool.createWorker,
        onProgress: (stage, done, total) => onProgress(stage === 'monte-carlo' ? 'Monte Carlo of random subsets' : 'subsets', done, total),
      });
      if (!outcome.ok) return outcome;
      const r = outcome.result;
      const out = new OutputSet(g);
      out.map('probabilistic.nii.gz', r.fraction, `fraction of ${r.subsets} subsets of ${subsetSize} in a cluster > ${r.cutoff} voxels`);
      const view: ProbabilisticView = {
        experiments: r.input.experiments.length,
        subsetSize,
        subsets: r.subsets,
        possible: Number.isFinite(r.possible) ? r.possible : null,
        cutoff: r.cutoff,
        iterations: r.nullMaxSize.length,
        fraction: unmaskFloat32(r.fraction, g),
        everSignificant: r.fraction.reduce((n, v) => n + (v > 0 ? 1 : 0), 0),
        alwaysSignificant: r.fraction.reduce((n, v) => n + (v === 1 ? 1 : 0), 0),
        files: out.files,
      };
      return { ok: true, view: transfer(view, [view.fraction.buffer]) };
    },

    async clustering(dataset, mask, parameters, settings, onProgress) {
      const g = createGeometry(mask.shape, mask.affine, mask.values);
      const outcome = await runClustering(dataset, g, parameters, settings, {
        workers: pool.workers,
        createWorker: pool.createWorker,
        onProgress: (stage, done, total) => onProgress(stage === 'null' ? 'null of shuffled foci' : 'subsamples', done, total),
      });
      if (!outcome.ok) return outcome;
      const { names, result, groupMaps } = outcome.run;
      const out = new OutputSet(g);
      addClusteringOutputs(out, result, names, groupMaps);
      return { ok: true, view: { names, result, settings, files: out.files } };
    },
  };
}

