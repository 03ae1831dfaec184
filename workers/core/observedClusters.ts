/**
 * The clusters of the observed ALE map above the cluster-forming threshold
 * (spec §6.3, §8.2): size, mass, peak, sub-peaks and ALE-weighted centre.
 */
import { ClusterLabeller, type Connectivity } from './clusterLabeller.ts';
import { clusterPeakVoxels } from './clusterPeaks.ts';
import { unflatIndex, voxelToWorld, type Geometry } from './grid.ts';

export interface Peak {
  /** MNI mm of the voxel centre. */
  xyz: [number, number, number];
  ijk: [number, number, number];
  ale: number;
  z: number;
}

export interface Cluster {
  /** 1-based; the value of the cluster's voxels in the label map. Ordered by size, largest first. */
  id: number;
  sizeVoxels: number;
  sizeMm3: number;
  /** Σ (ALE − threshold) over the cluster. */
  mass: number;
  peak: Peak;
  /** Further peaks, as nilearn finds and pares them (clusterPeaks.ts; at most 3). */
  subPeaks: Peak[];
  /** ALE-weighted centre of mass, MNI mm. */
  center: [number, number, number];
}

export interface ClusterResult {
  clusters: Cluster[];
  /** Cluster id of each masked voxel, 0 outside clusters. */
  labels: Int32Array;
}


/** Voxels strictly above the threshold, compared in float32 as NiMARE's NumPy does. */
export function supraThresholdFlat(ale: Float32Array, threshold: number, geometry: Geometry): Int32Array {
  const t32 = Math.fround(threshold);
  const out: number[] = [];
  for (let m = 0; m < ale.length; m++) if (ale[m] > t32) out.push(geometry.maskedToFlat[m]);
  return Int32Array.from(out);
}

export function observedClusters(
  ale: Float32Array,
  z: Float32Array,
  threshold: number,
  geometry: Geometry,
  connectivity: Connectivity,
): ClusterResult {
  const supra = supraThresholdFlat(ale, threshold, geometry);
  const { component, nComponents } = new ClusterLabeller(geometry.shape, connectivity).label(supra, supra.length);
  const members: number[][] = Array.from({ length: nComponents }, () => []);
  for (let t = 0; t < supra.length; t++) members[component[t]].push(supra[t]);

  const aleAt = (flat: number) => ale[geometry.flatToMasked[flat]];
  const summaries = members.map((voxels) => summarise(voxels, aleAt, threshold, geometry));
  const order = summaries
    .map((s, c) => ({ s, c }))
    .sort((a, b) => b.s.voxels.length - a.s.voxels.length || aleAt(b.s.peakFlat) - aleAt(a.s.peakFlat) || a.s.peakFlat - b.s.peakFlat);

  const labels = new Int32Array(geometry.nMasked);
  const peakLabeller = new ClusterLabeller(geometry.shape, 6);
  const clusters: Cluster[] = order.map(({ s }, rank) => {
    const id = rank + 1;
    for (const v of s.voxels) labels[geometry.flatToMasked[v]] = id;
    const kept = clusterPeakVoxels(s.voxels, aleAt, geometry, peakLabeller).map((flat) => makePeak(flat, ale, z, geometry));
    return {
      id,
      sizeVoxels: s.voxels.length,
      sizeMm3: s.voxels.length * geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2],
      mass: s.mass,
      peak: kept[0],
      subPeaks: kept.slice(1),
      center: s.center,
    };
  });
  return { clusters, labels };
}

function summarise(voxels: number[], aleAt: (flat: number) => number, threshold: number, geometry: Geometry) {
  let mass = 0;
  let weight = 0;
  const centre = [0, 0, 0];
  let peakFlat = voxels[0];
  for (const v of voxels) {
    const a = aleAt(v);
    mass += a - threshold;
    if (a > aleAt(peakFlat) || (a === aleAt(peakFlat) && v < peakFlat)) peakFlat = v;
    const [i, j, k] = unflatIndex(geometry.shape, v);
    const [x, y, z] = voxelToWorld(geometry.affine, i, j, k);
    centre[0] += a * x;
    centre[1] += a * y;
    centre[2] += a * z;
    weight += a;
  }
  const center: [number, number, number] = [centre[0] / weight, centre[1] / weight, centre[2] / weight];
  return { voxels, mass, peakFlat, center };
}

function makePeak(flat: number, ale: Float32Array, z: Float32Array, geometry: Geometry): Peak {
  const m = geometry.flatToMasked[flat];
  const ijk = unflatIndex(geometry.shape, flat);
  return { xyz: voxelToWorld(geometry.affine, ...ijk), ijk, ale: ale[m], z: z[m] };
}
