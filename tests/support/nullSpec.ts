/** The Monte-Carlo null model of a reference dataset, as the GPU tests run it. */
import type { Connectivity } from '../../workers/core/index.ts';
import { analyseObserved, prepareInput } from '../../workers/core/index.ts';
import { nullModelSpec } from '../../workers/inference/index.ts';
import { loadDataset, painGeometry } from './reference.ts';

/** Nearest-voxel snapping, p < 0.001 forming clusters. */
export function datasetNullSpec(name: string, connectivity: Connectivity, seed: number, tfce = false) {
  const geometry = painGeometry();
  const prepared = prepareInput(loadDataset(`datasets/${name}/${name}_MNI.sleuth.txt`), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error(`${name} did not prepare`);
  const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity });
  return nullModelSpec(prepared.input.experiments, observed, geometry, connectivity, seed, tfce);
}
