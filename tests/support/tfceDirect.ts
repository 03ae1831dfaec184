/** TFCE evaluated literally from its definition: one labelling per level, as JALE computes it. */
import { ClusterLabeller } from '../../workers/core/clusterLabeller.ts';
import type { Shape3 } from '../../workers/core/grid.ts';
import { JALE_TFCE, tfceLevels, type TfceOptions } from '../../workers/inference/tfce.ts';

/** JALE's loop: for h in arange(0, max z, max z / 100), label z > h and add h^H · dh · (cluster size × voxel volume)^E. */
export function direct(shape: Shape3, z: Float64Array, { extent, height, voxelVolume }: TfceOptions = JALE_TFCE): Float64Array {
  const out = new Float64Array(z.length);
  const maxZ = z.reduce((a, b) => Math.max(a, b), 0);
  const { dh, count } = tfceLevels(maxZ);
  const labeller = new ClusterLabeller(shape, 6);
  let above = Array.from(z.keys()).filter((f) => z[f] > 0);
  for (let k = 0; k < count; k++) {
    const h = k * dh;
    above = above.filter((f) => z[f] > h);
    const supra = Int32Array.from(above);
    const { component, nComponents } = labeller.label(supra, supra.length);
    const size = new Float64Array(nComponents);
    for (const c of component) size[c]++;
    supra.forEach((f, t) => (out[f] += h ** height * dh * (size[component[t]] * voxelVolume) ** extent));
  }
  return out;
}

