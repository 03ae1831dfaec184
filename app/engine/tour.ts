/** Live material for the guided tour, computed with the engine's own modules. */
import type { MaskInput } from '../../workers/analysisWorkerApi.ts';
import { createGeometry, flatIndex, inGrid, unmaskFloat32 } from '../../workers/grid.ts';
import type { Dataset } from '../../workers/input/dataset.ts';
import { aleKernel } from '../../workers/kernel.ts';
import { experimentMA } from '../../workers/modeledActivation.ts';
import { prepareInput } from '../../workers/prepare.ts';
import type { AleParameters } from '../../workers/runAle.ts';
import type { GroundTruthNode } from '../store.ts';
import type { FinishedRun } from '../../workers/analysisWorkerApi.ts';
import { significantReports } from '../../workers/clusterReport.ts';

export interface KernelExample {
  id: string;
  sampleSize: number | null;
  fwhm: number;
  sigmaMm: number;
  nFoci: number;
  firstFocus: [number, number, number];
  peak: number;
  /** The experiment's modeled activation over the whole grid. */
  map: Float32Array;
}

/** The modeled activation map of the dataset's first experiment (in analysis order). */
export function kernelExample(dataset: Dataset, mask: MaskInput, parameters: AleParameters): KernelExample | null {
  const geometry = createGeometry(mask.shape, mask.affine, mask.values);
  const prepared = prepareInput(dataset, geometry, parameters);
  if (!prepared.ok || prepared.input.experiments.length === 0) return null;
  const e = prepared.input.experiments[0];
  const kernel = aleKernel(e.fwhm, geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2]);
  const ma = experimentMA(e.ijk, kernel, geometry, new Float32Array(geometry.mask.length));
  const masked = new Float32Array(geometry.nMasked);
  ma.index.forEach((m, t) => (masked[m] = ma.value[t]));
  return {
    id: e.id,
    sampleSize: e.sampleSize,
    fwhm: e.fwhm,
    sigmaMm: kernel.sigmaVoxels * geometry.zooms[0],
    nFoci: e.ijk.length / 3,
    firstFocus: [e.mni[0], e.mni[1], e.mni[2]],
    peak: ma.max,
    map: unmaskFloat32(masked, geometry),
  };
}

export interface TruthRecovery {
  node: GroundTruthNode;
  /** Significant cluster containing the node's centre, or null. */
  cluster: number | null;
}

/** Which ground-truth nodes fall inside a significant cluster. */
export function truthRecovery(run: FinishedRun, nodes: GroundTruthNode[], alpha: number): TruthRecovery[] {
  const significant = new Set(significantReports(run.reports, alpha).map((r) => r.id));
  const a = run.affine;
  return nodes.map((node) => {
    const ijk: [number, number, number] = [Math.round((node.mni[0] - a[3]) / a[0]), Math.round((node.mni[1] - a[7]) / a[5]), Math.round((node.mni[2] - a[11]) / a[10])];
    const id = inGrid(run.shape, ...ijk) ? run.volumes.labels[flatIndex(run.shape, ...ijk)] : 0;
    return { node, cluster: significant.has(id) ? id : null };
  });
}
