/**
 * Anatomical labels for results: AAL regions on the analysis grid and the
 * coarse systems of the motor-learning network that the cluster table groups
 * them into.
 */
export type BrainSystem = 'motor cortex' | 'other cortex' | 'basal ganglia' | 'thalamus' | 'cerebellum' | 'unlabelled';

export interface AtlasRegion {
  index: number;
  name: string;
}

export interface Atlas {
  /** Region index of every grid voxel (flat C order), 0 where unlabelled. */
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

export function regionName(atlas: Atlas, flat: number): string | null {
  const index = atlas.labels[flat];
  if (index === 0) return null;
  return atlas.regions.find((r) => r.index === index)?.name ?? `region ${index}`;
}

export interface RegionShare {
  name: string | null;
  voxels: number;
  share: number;
}

/** How a set of voxels splits across atlas regions, largest share first; null is "no label". */
export function regionShares(atlas: Atlas, voxels: ArrayLike<number>): RegionShare[] {
  const counts = new Map<number, number>();
  for (let t = 0; t < voxels.length; t++) {
    const index = atlas.labels[voxels[t]];
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([index, n]) => ({ name: index === 0 ? null : (atlas.regions.find((r) => r.index === index)?.name ?? `region ${index}`), voxels: n, share: n / voxels.length }))
    .sort((a, b) => b.voxels - a.voxels || (a.name ?? '~').localeCompare(b.name ?? '~'));
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
