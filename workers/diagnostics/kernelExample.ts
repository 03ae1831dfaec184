/**
 * One experiment's kernel and modeled activation, for teaching: the guided
 * tour shows it on the brain next to its sample size and kernel width.
 */
import { experimentMA, KernelCache, unmaskFloat32, type Geometry, type KernelForm, type PreparedExperiment } from '../core/index.ts';

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

export function kernelExample(experiment: PreparedExperiment, geometry: Geometry, form?: KernelForm): KernelExample {
  const kernel = new KernelCache(geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2], form).forFwhm(experiment.fwhm);
  const ma = experimentMA(experiment.ijk, kernel, geometry);
  const masked = new Float32Array(geometry.nMasked);
  ma.index.forEach((m, t) => (masked[m] = ma.value[t]));
  return {
    id: experiment.id,
    sampleSize: experiment.sampleSize,
    fwhm: experiment.fwhm,
    sigmaMm: kernel.sigmaVoxels * geometry.zooms[0],
    nFoci: experiment.ijk.length / 3,
    firstFocus: [experiment.mni[0], experiment.mni[1], experiment.mni[2]],
    peak: ma.max,
    map: unmaskFloat32(masked, geometry),
  };
}
