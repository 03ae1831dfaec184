/** Monte-Carlo null models for tests (a reference dataset's, as the GPU tests run it, and small ones made by hand), and one iteration of a stamping. */
import type { Connectivity } from '../../workers/core/index.ts';
import { analyseObserved, prepareInput } from '../../workers/core/index.ts';
import { nullModelSpec, type NullModelSpec } from '../../workers/inference/index.ts';
import { NullFoci } from '../../workers/inference/monteCarlo/nullFoci.ts';
import { SupraThresholdVoxels } from '../../workers/inference/monteCarlo/supraThreshold.ts';
import { loadDataset, painGeometry } from './reference.ts';

/** Nearest-voxel snapping, p < 0.001 forming clusters. */
export function datasetNullSpec(name: string, connectivity: Connectivity, seed: number, tfce = false) {
  const geometry = painGeometry();
  const prepared = prepareInput(loadDataset(`datasets/${name}/${name}_MNI.sleuth.txt`), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error(`${name} did not prepare`);
  const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity });
  return nullModelSpec(prepared.input.experiments, observed, geometry, connectivity, seed, tfce);
}

/** A hand-made model: cluster-forming threshold 0.1, 6-connectivity, seed 0 and no TFCE unless given. */
export function toyNullSpec(model: Pick<NullModelSpec, 'shape' | 'maskedToFlat' | 'kernels' | 'experimentKernel' | 'experimentFoci'> & Partial<NullModelSpec>): NullModelSpec {
  return { threshold: 0.1, connectivity: 6, seed: 0, tfce: null, ...model };
}

/** One iteration's maxima with a given slab stamping (whole kernels or cores), built for the model's reach. */
export function stampedIteration(spec: NullModelSpec, stamping: (foci: NullFoci, reach32: number) => { evaluate(f: NullFoci, s: SupraThresholdVoxels): void }, iteration: number) {
  const foci = new NullFoci(spec);
  const supra = new SupraThresholdVoxels(spec);
  const engine = stamping(foci, supra.reach32);
  foci.draw(iteration);
  engine.evaluate(foci, supra);
  return supra.maxima();
}
