/**
 * The analysis side of a browser run, hosted in its own Worker so the page
 * never computes: start() prepares the data and computes the observed maps,
 * the page runs the Monte-Carlo pool, finish() corrects and returns what the
 * viewer shows. Volumes come back as transferred buffers.
 */
import { transfer } from 'comlink';
import type { Atlas } from '../diagnostics/atlas.ts';
import { clusterReports, significantReports, type ClusterReport } from '../diagnostics/clusterReport.ts';
import { clusterContributions, type ClusterContributions } from '../diagnostics/contributions.ts';
import { kernelExample, type KernelExample } from '../diagnostics/kernelExample.ts';
import { failSafeN, type FsnResult } from '../inference/failSafeN.ts';
import type { Cluster } from '../core/observedClusters.ts';
import { addMainOutputs, OutputSet, type OutputFile } from '../reports/outputFiles.ts';
import { contributionsTsv } from '../reports/tables.ts';
import { runNullPool, type PoolWorker } from '../runtime/pool.ts';
import { prepareInput } from '../core/prepare.ts';
import { runContrast, type ContrastParameters } from './runContrast.ts';
import { fweCutoff, type NullMaximaArrays } from '../inference/fwe.ts';
import { createGeometry, unmaskFloat32, unmaskInt32, type Affine, type Geometry, type Shape3 } from '../core/grid.ts';
import type { Dataset, Diagnostic } from '../input/dataset.ts';
import type { NullModelSpec } from '../inference/monteCarlo/index.ts';
import { pFromAle } from '../core/nullHistogram.ts';
import { zFromP } from '../core/normal.ts';
import { finishAnalysis, startAnalysis, type AleParameters, type StartedAnalysis } from './runAle.ts';
import { buildSummary } from '../reports/summary.ts';

export interface MaskInput {
  shape: Shape3;
  affine: Affine;
  values: ArrayLike<number>;
  name: string;
}

export type StartReply =
  | { ok: true; spec: NullModelSpec; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface FinishedRun {
  summary: ReturnType<typeof buildSummary>;
  reports: ClusterReport[];
  /** Contributions of the experiments to each significant cluster. */
  contributions: ClusterContributions[];
  /** Full-grid volumes, flat C order. */
  volumes: { ale: Float32Array; z: Float32Array; labels: Int32Array };
  shape: Shape3;
  affine: Affine;
  /** Uncorrected z of the cluster-forming threshold and of the voxel-level FWE cut-off at the run's α. */
  thresholds: { clusterFormingZ: number; voxelFweZ: number | null; voxelFweAle: number | null };
  /** Per experiment: id and MNI foci, for the foci overlay. */
  foci: { id: string; mni: Float64Array }[];
}

/** Contrast results for the viewer and tables; volumes are full-grid. */
export interface ContrastView {
  names: [string, string];
  /** Signed gated z: positive A > B, negative B > A. */
  gated: Float32Array;
  conjunction: Float32Array;
  clusters: { aOverB: Cluster[]; bOverA: Cluster[]; conjunction: Cluster[] };
  counts: { a: number; b: number };
}

export type ContrastReply = { ok: true; view: ContrastView } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export type ProgressCallback = (label: string, done: number, total: number) => void;

export interface AnalysisWorkerApi {
  start(dataset: Dataset, mask: MaskInput, atlas: Atlas | null, parameters: AleParameters): StartReply;
  finish(nullMaxima: NullMaximaArrays | null, monteCarloMs: number, source: string, alpha: number): FinishedRun;
  /** The output files of the finished run, named as the command line names them. */
  files(): OutputFile[];
  /** The run's first experiment (in analysis order) with its kernel and modeled activation, for teaching. */
  kernelExample(): KernelExample | null;
  /** Fail-Safe N of clusters of a finished run (labels over the whole grid). */
  failSafeN(dataset: Dataset, mask: MaskInput, parameters: AleParameters, labels: Int32Array, clusterIds: number[], alpha: number, onProgress: ProgressCallback): Promise<FsnResult[] | { errors: Diagnostic[] }>;
  contrast(a: Dataset, b: Dataset, names: [string, string], mask: MaskInput, parameters: ContrastParameters, onProgress: ProgressCallback): Promise<ContrastReply>;
}

export interface PoolHost {
  createWorker: () => PoolWorker;
  workers: number;
}

export function createAnalysisWorkerApi(pool: PoolHost): AnalysisWorkerApi {
  let started: StartedAnalysis | null = null;
  let finishedFiles: (() => OutputFile[]) | null = null;
  let geometry: Geometry | null = null;
  let atlas: Atlas | null = null;
  let startedAt = 0;
  return {
    start(dataset, mask, atlasInput, parameters) {
      startedAt = performance.now();
      try {
        geometry = createGeometry(mask.shape, mask.affine, mask.values);
      } catch (err) {
        return { ok: false, errors: [{ severity: 'error', source: mask.name, message: (err as Error).message }], warnings: [] };
      }
      atlas = atlasInput;
      const outcome = startAnalysis(dataset, geometry, parameters);
      if (!outcome.ok) return outcome;
      started = outcome.started;
      return { ok: true, spec: started.spec, warnings: started.input.warnings };
    },
    finish(nullMaxima, monteCarloMs, source, alpha) {
      if (!started || !geometry) throw new Error('finish() called before a successful start()');
      const result = finishAnalysis(started, nullMaxima ?? undefined, monteCarloMs);
      const summary = buildSummary(result, { software: 'ale-meta (browser)', input: source, mask: 'default', totalMs: performance.now() - startedAt });
      const { observed } = result;
      const reports = clusterReports(observed.clusters.clusters, observed.clusters.labels, geometry, result.input.experiments, atlas, result.fwe);
      const significant = significantReports(reports, alpha).map((r) => r.id);
      const contributions = clusterContributions(result.input.experiments, observed.kernels, observed.ale, observed.clusters.labels, significant, geometry);
      const volumes = {
        ale: unmaskFloat32(observed.ale, geometry),
        z: unmaskFloat32(observed.maps.z, geometry),
        labels: unmaskInt32(observed.clusters.labels, geometry),
      };
      const finalGeometry = geometry;
      finishedFiles = () => {
        const out = new OutputSet(finalGeometry);
        addMainOutputs(out, result, summary);
        out.text('contributions.tsv', contributionsTsv(contributions));
        out.json('summary.json', summary);
        return out.files;
      };
      const voxelFweAle = nullMaxima ? fweCutoff(nullMaxima.maxAle, alpha, true) : null;
      const finished: FinishedRun = {
        summary,
        reports,
        contributions,
        volumes,
        shape: geometry.shape,
        affine: geometry.affine,
        thresholds: {
          clusterFormingZ: zFromP(started.parameters.clusterFormingP),
          voxelFweAle,
          voxelFweZ: voxelFweAle === null ? null : zFromP(pFromAle(voxelFweAle, observed.nullDist)),
        },
        foci: result.input.experiments.map((e) => ({ id: e.id, mni: e.mni })),
      };
      return transfer(finished, [volumes.ale.buffer, volumes.z.buffer, volumes.labels.buffer]);
    },

    kernelExample() {
      if (!started || !geometry) throw new Error('kernelExample() called before a successful start()');
      const first = started.input.experiments[0];
      if (!first) return null;
      const example = kernelExample(first, geometry);
      return transfer(example, [example.map.buffer]);
    },

    files() {
      if (!finishedFiles) throw new Error('files() called before finish()');
      const files = finishedFiles();
      return transfer(files, files.map((f) => f.bytes.buffer as ArrayBuffer));
    },

    async failSafeN(dataset, mask, parameters, labels, clusterIds, alpha, onProgress) {
      const g = createGeometry(mask.shape, mask.affine, mask.values);
      const prepared = prepareInput(dataset, g, parameters);
      if (!prepared.ok) return { errors: prepared.errors };
      const masked = Int32Array.from(g.maskedToFlat, (f) => labels[f]);
      let step = 0;
      return failSafeN(prepared.input.experiments, masked, clusterIds, g, {
        ...parameters,
        alpha,
        runNull: (spec) => runNullPool(spec, { iterations: parameters.iterations, workers: pool.workers, createWorker: pool.createWorker, onProgress: (done, total) => onProgress(`step ${step + 1}: Monte Carlo`, done, total) }),
        onStep: (s) => {
          step++;
          onProgress(`step ${step}: ${s.noiseExperiments} noise experiments, significant: ${s.surviving.join(', ') || 'none'}`, 1, 1);
        },
      });
    },

    async contrast(a, b, names, mask, parameters, onProgress) {
      const g = createGeometry(mask.shape, mask.affine, mask.values);
      const outcome = await runContrast(a, b, names, g, parameters, { workers: pool.workers, createWorker: pool.createWorker, onProgress });
      if (!outcome.ok) return outcome;
      const r = outcome.result;
      const view: ContrastView = {
        names,
        gated: unmaskFloat32(r.gated, g),
        conjunction: unmaskFloat32(r.conjunction, g),
        clusters: r.clusters,
        counts: { a: r.mainA.input.experiments.length, b: r.mainB.input.experiments.length },
      };
      return { ok: true, view: transfer(view, [view.gated.buffer, view.conjunction.buffer]) };
    },
  };
}

