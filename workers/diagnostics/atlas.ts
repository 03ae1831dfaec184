/**
 * Anatomical labels for results: AAL regions and the coarse systems of the
 * motor-learning network that the cluster table groups them into. Labels are
 * looked up through world coordinates, so an analysis grid stored another
 * way (GingerALE's x-flipped mask) still reads the right hemisphere.
 */
import { nearestVoxel } from '../core/coordinates.ts';
import { flatIndex, unflatIndex, voxelToWorld, type Affine, type Geometry, type Shape3 } from '../core/grid.ts';
import { compareCodePoints } from '../input/dataset.ts';
export type BrainSystem = 'motor cortex' | 'other cortex' | 'basal ganglia' | 'thalamus' | 'cerebellum' | 'unlabelled';

export interface AtlasRegion {
  index: number;
  name: string;
}

export interface Atlas {
  /** The atlas's own grid. */
  shape: Shape3;
  affine: Affine;
  /** Region index of every atlas voxel (flat C order), 0 where unlabelled. */
  labels: Uint8Array | Int32Array;
  regions: AtlasRegion[];
}

const MOTOR = /^(Precentral|Supp_Motor_Area|Paracentral_Lobule)_/;
const BASAL_GANGLIA = /^(Caudate|Putamen|Pallidum)_/;

/** The system an AAL region belongs to; primary motor cortex and SMA count as motor cortex. */
export function systemOfRegion(name: string | null): BrainSystem {
  if (name === null) return 'unlabelled';
  if (MOTOR.test(name)) return 'motor cortex';
  if (BASAL_GANGLIA.test(name)) return 'basal ganglia';
  if (name.startsWith('Thalamus_')) return 'thalamus';
  if (name.startsWith('Cerebelum_') || name.startsWith('Vermis_')) return 'cerebellum';
  return 'other cortex';
}

/** Region index at a world point (MNI mm), 0 outside the atlas or unlabelled. */
function labelAt(atlas: Atlas, mm: readonly number[]): number {
  const ijk = nearestVoxel(atlas.shape, atlas.affine, mm);
  return ijk ? atlas.labels[flatIndex(atlas.shape, ...ijk)] : 0;
}

function nameOf(atlas: Atlas, index: number): string | null {
  if (index === 0) return null;
  return atlas.regions.find((r) => r.index === index)?.name ?? `region ${index}`;
}

/** The region at a world point (MNI mm), or null where unlabelled. */
export function regionAt(atlas: Atlas, mm: readonly number[]): string | null {
  return nameOf(atlas, labelAt(atlas, mm));
}

export interface RegionShare {
  name: string | null;
  voxels: number;
  share: number;
}

/** How a set of analysis-grid voxels (flat indices) splits across atlas regions, largest share first; null is "no label". */
export function regionShares(atlas: Atlas, geometry: Pick<Geometry, 'shape' | 'affine'>, voxels: ArrayLike<number>): RegionShare[] {
  const counts = new Map<number, number>();
  for (let t = 0; t < voxels.length; t++) {
    const index = labelAt(atlas, voxelToWorld(geometry.affine, ...unflatIndex(geometry.shape, voxels[t])));
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([index, n]) => ({ name: nameOf(atlas, index), voxels: n, share: n / voxels.length }))
    .sort((a, b) => b.voxels - a.voxels || compareCodePoints(a.name ?? '~', b.name ?? '~'));
}

/** The system holding most of a cluster's labelled voxels (unlabelled only when nothing is labelled). */
export function dominantSystem(shares: readonly RegionShare[]): BrainSystem {
  const bySystem = new Map<BrainSystem, number>();
  for (const s of shares) {
    if (s.name === null) continue;
    const system = systemOfRegion(s.name);
    bySystem.set(system, (bySystem.get(system) ?? 0) + s.voxels);
  }
  let best: BrainSystem = 'unlabelled';
  let bestVoxels = 0;
  for (const [system, n] of bySystem) {
    if (n > bestVoxels) {
      best = system;
      bestVoxels = n;
    }
  }
  return best;
}
