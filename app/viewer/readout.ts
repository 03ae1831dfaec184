/**
 * What lies under a point of the brain: every result layer's value and the
 * atlas region, read from the engine's own volumes (not from the renderer).
 */
import { regionAt, systemOfRegion, type Atlas, type BrainSystem } from '../../workers/diagnostics/index.ts';
import type { ContrastView, FinishedRun } from '../../workers/analysis/index.ts';
import { flatIndex, MNI_2MM_AFFINE, MNI_2MM_SHAPE, nearestVoxel } from '../../workers/core/index.ts';

export interface Readout {
  mm: [number, number, number];
  voxel: [number, number, number] | null;
  ale: number | null;
  z: number | null;
  cluster: number | null;
  region: string | null;
  system: BrainSystem;
  /** The contrast's gated z (positive A > B, negative B > A) and the conjunction's min z, when a contrast was run. */
  contrast: { gated: number; conjunction: number } | null;
}

/** Values at a world point: the run's layers (and its contrast's) on the run's grid (MNI 2 mm before any run), the atlas on its own. */
export function readoutAt(mm: readonly number[], run: FinishedRun | null, atlas: Atlas | null, contrast: Pick<ContrastView, 'gated' | 'conjunction'> | null = null): Readout {
  const shape = run?.shape ?? MNI_2MM_SHAPE;
  const voxel = nearestVoxel(shape, run?.affine ?? MNI_2MM_AFFINE, mm);
  const flat = voxel ? flatIndex(shape, ...voxel) : -1;
  const region = atlas ? regionAt(atlas, mm) : null;
  return {
    mm: [mm[0], mm[1], mm[2]],
    voxel,
    ale: run && flat >= 0 ? run.volumes.ale[flat] : null,
    z: run && flat >= 0 ? run.volumes.z[flat] : null,
    cluster: run && flat >= 0 && run.volumes.labels[flat] > 0 ? run.volumes.labels[flat] : null,
    region,
    system: systemOfRegion(region),
    contrast: run && contrast && flat >= 0 ? { gated: contrast.gated[flat], conjunction: contrast.conjunction[flat] } : null,
  };
}

/** The contrast at a point as the readout says it: the direction that holds there, or a dash where the gate kept nothing. */
export function contrastText(c: NonNullable<Readout['contrast']>): string {
  const direction = c.gated > 0 ? `A > B z ${c.gated.toFixed(2)}` : c.gated < 0 ? `B > A z ${(-c.gated).toFixed(2)}` : 'A vs B —';
  return `${direction} · A and B z ${c.conjunction > 0 ? c.conjunction.toFixed(2) : '—'}`;
}
