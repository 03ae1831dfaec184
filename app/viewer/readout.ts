/**
 * What lies under a point of the brain: every result layer's value and the
 * atlas region, read from the engine's own volumes (not from the renderer).
 */
import { regionName, systemOfRegion, type Atlas, type BrainSystem } from '../../workers/atlas.ts';
import type { FinishedRun } from '../../workers/analysisWorkerApi.ts';
import { flatIndex, inGrid, type Affine, type Shape3 } from '../../workers/grid.ts';

export interface Readout {
  mm: [number, number, number];
  voxel: [number, number, number] | null;
  ale: number | null;
  z: number | null;
  cluster: number | null;
  region: string | null;
  system: BrainSystem;
}

/** The 2 mm voxel nearest to a world point on an axis-aligned grid, or null outside the grid. */
export function nearestVoxel(shape: Shape3, affine: Affine, mm: readonly number[]): [number, number, number] | null {
  const ijk: [number, number, number] = [
    Math.round((mm[0] - affine[3]) / affine[0]),
    Math.round((mm[1] - affine[7]) / affine[5]),
    Math.round((mm[2] - affine[11]) / affine[10]),
  ];
  return inGrid(shape, ...ijk) ? ijk : null;
}

export function readoutAt(mm: readonly number[], shape: Shape3, affine: Affine, run: FinishedRun | null, atlas: Atlas | null): Readout {
  const voxel = nearestVoxel(shape, affine, mm);
  const flat = voxel ? flatIndex(shape, ...voxel) : -1;
  const region = atlas && flat >= 0 ? regionName(atlas, flat) : null;
  return {
    mm: [mm[0], mm[1], mm[2]],
    voxel,
    ale: run && flat >= 0 ? run.volumes.ale[flat] : null,
    z: run && flat >= 0 ? run.volumes.z[flat] : null,
    cluster: run && flat >= 0 && run.volumes.labels[flat] > 0 ? run.volumes.labels[flat] : null,
    region,
    system: systemOfRegion(region),
  };
}
