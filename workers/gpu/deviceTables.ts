/**
 * What the GPU engine uploads once per analysis, laid out as the shaders read
 * it: kernel logs as magnitudes, one table of kernels then foci, the thread
 * slots followed by each workgroup's brick, and each mask voxel packed.
 */
import type { NullFoci } from '../inference/monteCarlo/nullFoci.ts';
import type { NullModelSpec } from '../inference/monteCarlo/nullModel.ts';
import { packVoxel, type BrickLayout } from './brickLayout.ts';

export function deviceTables(spec: NullModelSpec, foci: NullFoci, layout: BrickLayout) {
  const kernelLogs = new Float64Array(foci.kernelLogs.reduce((n, k) => n + k.length, 0));
  const nKernels = spec.kernels.length;
  // Per kernel (offset, radius), then per focus (experiment, kernel): the shaders' params.focusAt is nKernels.
  const tables = new Uint32Array(2 * (nKernels + foci.count));
  let offset = 0;
  for (const [kf, logs] of foci.kernelLogs.entries()) {
    // Magnitudes: every log is ≤ 0, and −(−0) is +0.
    for (let v = 0; v < logs.length; v++) kernelLogs[offset + v] = -logs[v];
    tables[2 * kf] = offset;
    tables[2 * kf + 1] = spec.kernels[kf].radius;
    offset += logs.length;
  }
  for (let f = 0; f < foci.count; f++) {
    tables[2 * (nKernels + f)] = foci.focusExperiment[f];
    tables[2 * (nKernels + f) + 1] = foci.focusKernel[f];
  }
  // The slots, then each workgroup's brick.
  const slots = new Uint32Array(layout.slots.length + 2 * layout.nGroups);
  slots.set(layout.slots);
  layout.groupBrick.forEach((brick, g) => (slots[layout.slots.length + 2 * g] = brick));
  const [n1, n2] = [spec.shape[1], spec.shape[2]];
  const maskVoxels = Uint32Array.from(spec.maskedToFlat, (v) => packVoxel(Math.floor(v / (n1 * n2)), Math.floor(v / n2) % n1, v % n2));
  return { kernelLogs, tables, slots, maskVoxels };
}
