/**
 * The result volumes as NIfTI bytes for NiiVue: the same writer as the
 * downloads, so the viewer shows exactly what the files hold.
 */
import type { FinishedRun } from '../../workers/analysis/index.ts';
import { significantReports } from '../../workers/diagnostics/index.ts';
import { writeNifti } from '../../workers/reports/index.ts';

/** Cluster labels kept only for clusters significant at α (cluster-size FWE); others are 0. */
export function significantLabels(run: FinishedRun, alpha: number): Int32Array {
  const keep = new Set(significantReports(run.reports, alpha).map((r) => r.id));
  return Int32Array.from(run.volumes.labels, (id) => (keep.has(id) ? id : 0));
}

export function overlayNifti(run: FinishedRun, data: Float32Array | Int32Array, description: string): Uint8Array {
  return writeNifti(run.shape, run.affine, data, description);
}
