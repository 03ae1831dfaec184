/** Monte-Carlo null models for tests: a reference dataset's, as the GPU tests run it, and small ones made by hand. */
import type { Connectivity } from '../../workers/core/index.ts';
import { analyseObserved, prepareInput } from '../../workers/core/index.ts';
import { nullModelSpec, type NullModelSpec } from '../../workers/inference/index.ts';
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
