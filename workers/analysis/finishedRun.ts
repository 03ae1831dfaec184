/**
 * What the page shows of a run, built in the analysis worker: the summary,
 * the cluster reports, contributions, full-grid volumes and thresholds. The
 * same view serves the preview (observed maps and uncorrected clusters, shown
 * while the Monte Carlo runs) and the finished run.
 */
import { unmaskFloat32, unmaskInt32, type Affine, type Geometry, type Shape3 } from '../core/grid.ts';
import { zFromP } from '../core/normal.ts';
import { pFromAle } from '../core/nullHistogram.ts';
import type { Atlas } from '../diagnostics/atlas.ts';
import { clusterReports, significantReports, type ClusterReport } from '../diagnostics/clusterReport.ts';
import { clusterContributions, type ClusterContributions } from '../diagnostics/contributions.ts';
import { fweCutoff } from '../inference/fwe.ts';
import { buildSummary } from '../reports/summary.ts';
import type { AleResult } from './runAle.ts';
import { SOFTWARE } from '../reports/version.ts';

export interface FinishedRun {
  /** False for the preview: observed maps and clusters, no Monte Carlo yet. */
  final: boolean;
  summary: ReturnType<typeof buildSummary>;
  reports: ClusterReport[];
  /** Contributions of the experiments to each significant cluster (final runs only). */
  contributions: ClusterContributions[];
  /** Full-grid volumes, flat C order; TFCE when the run computed it. */
  volumes: { ale: Float32Array; z: Float32Array; labels: Int32Array; tfce?: Float32Array };
  shape: Shape3;
  affine: Affine;
  /** Uncorrected z of the cluster-forming threshold and of the voxel-level FWE cut-off at the run's α. */
  thresholds: { clusterFormingZ: number; voxelFweZ: number | null; voxelFweAle: number | null; tfceFwe: number | null };
  /** Per experiment: id, MNI foci (for the foci overlay) and the N the analysis used. */
  foci: { id: string; mni: Float64Array; sampleSize: number | null }[];
}

export interface RunContext {
  geometry: Geometry;
  atlas: Atlas | null;
  alpha: number;
  source: string;
  maskName: string;
  startedAt: number;
}

export function runView(result: AleResult, context: RunContext, final: boolean): FinishedRun {
  const { geometry, atlas, alpha } = context;
  const { observed } = result;
  const summary = buildSummary(result, { software: `${SOFTWARE} (browser)`, input: context.source, mask: context.maskName, totalMs: performance.now() - context.startedAt, atlas });
  const reports = clusterReports(observed.clusters.clusters, observed.clusters.labels, geometry, result.input.experiments, atlas, result.fwe);
  // Contributions for every cluster either inference calls significant, so switching loses none.
  const significant = [...new Set([...significantReports(reports, alpha, 'size'), ...significantReports(reports, alpha, 'tfce')])].map((r) => r.id);
  const contributions = final ? clusterContributions(result.input.experiments, observed.kernels, observed.ale, observed.clusters.labels, significant, geometry) : [];
  const voxelFweAle = result.nullMaxima ? fweCutoff(result.nullMaxima.maxAle, alpha, true) : null;
  const nullTfce = result.nullMaxima?.maxTfce;
  return {
    final,
    summary,
    reports,
    contributions,
    volumes: {
      ale: unmaskFloat32(observed.ale, geometry),
      z: unmaskFloat32(observed.maps.z, geometry),
      labels: unmaskInt32(observed.clusters.labels, geometry),
      ...(result.tfce ? { tfce: unmaskFloat32(result.tfce, geometry) } : {}),
    },
    shape: geometry.shape,
    affine: geometry.affine,
    thresholds: {
      clusterFormingZ: zFromP(result.parameters.clusterFormingP),
      voxelFweAle,
      voxelFweZ: voxelFweAle === null ? null : zFromP(pFromAle(voxelFweAle, observed.nullDist)),
      tfceFwe: nullTfce && nullTfce.length > 0 ? fweCutoff(nullTfce, alpha) : null,
    },
    foci: result.input.experiments.map((e) => ({ id: e.id, mni: e.mni, sampleSize: e.sampleSize })),
  };
}

/** The buffers of a view, for Comlink's transfer. */
export function viewBuffers(run: FinishedRun): ArrayBuffer[] {
  return [run.volumes.ale.buffer, run.volumes.z.buffer, run.volumes.labels.buffer, ...(run.volumes.tfce ? [run.volumes.tfce.buffer] : [])] as ArrayBuffer[];
}
