/**
 * The clusters of the observed ALE map above the cluster-forming threshold
 * (spec §6.3, §8.2): size, mass, peak, sub-peaks and ALE-weighted centre.
 */
import { ClusterLabeller, neighbourSteps, type Connectivity } from './clusterLabeller.ts';
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
  /** Further local maxima, as nilearn pares them (more than 8 mm from the last kept stronger one; at most 3). */
  subPeaks: Peak[];
  /** ALE-weighted centre of mass, MNI mm. */
  center: [number, number, number];
}

export interface ClusterResult {
  clusters: Cluster[];
  /** Cluster id of each masked voxel, 0 outside clusters. */
  labels: Int32Array;
}

/** nilearn's get_clusters_table: sub-peaks this close to the last kept stronger peak, or closer, are dropped. */
const MIN_PEAK_DISTANCE_MM = 8;
const MAX_PEAKS_PER_CLUSTER = 4;

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
  const clusters: Cluster[] = order.map(({ s }, rank) => {
    const id = rank + 1;
    for (const v of s.voxels) labels[geometry.flatToMasked[v]] = id;
    const peaks = localMaxima(s.voxels, aleAt, geometry).map((flat) => makePeak(flat, ale, z, geometry));
    const kept = separatedPeaks(peaks);
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

/** Voxels of the cluster not exceeded by any in-cluster neighbour (26-neighbourhood), strongest first. */
function localMaxima(voxels: number[], aleAt: (flat: number) => number, geometry: Geometry): number[] {
  const inCluster = new Set(voxels);
  const steps = neighbourSteps(26);
  const [n0, n1, n2] = geometry.shape;
  const maxima: number[] = [];
  for (const v of voxels) {
    const a = aleAt(v);
    const [i, j, k] = unflatIndex(geometry.shape, v);
    let isMax = true;
    for (let s = 0; s < steps.length && isMax; s += 3) {
      const ni = i + steps[s], nj = j + steps[s + 1], nk = k + steps[s + 2];
      if (ni < 0 || nj < 0 || nk < 0 || ni >= n0 || nj >= n1 || nk >= n2) continue;
      const nv = (ni * n1 + nj) * n2 + nk;
      if (inCluster.has(nv) && (aleAt(nv) > a || (aleAt(nv) === a && nv < v))) isMax = false;
    }
    if (isMax) maxima.push(v);
  }
  return maxima.sort((p, q) => aleAt(q) - aleAt(p) || p - q);
}

function makePeak(flat: number, ale: Float32Array, z: Float32Array, geometry: Geometry): Peak {
  const m = geometry.flatToMasked[flat];
  const ijk = unflatIndex(geometry.shape, flat);
  return { xyz: voxelToWorld(geometry.affine, ...ijk), ijk, ale: ale[m], z: z[m] };
}

/**
 * nilearn's _pare_subpeaks: walking the peaks strongest first, each kept peak
 * overwrites the keep flag of every weaker one with "more than 8 mm from me",
 * so a peak's fate is decided by the last kept stronger peak alone (not by
 * all of them), and a peak exactly 8 mm away is dropped.
 */
function separatedPeaks(peaks: Peak[]): Peak[] {
  const kept: Peak[] = [];
  for (const p of peaks) {
    if (kept.length === MAX_PEAKS_PER_CLUSTER) break;
    const last = kept[kept.length - 1];
    if (!last || Math.hypot(p.xyz[0] - last.xyz[0], p.xyz[1] - last.xyz[1], p.xyz[2] - last.xyz[2]) > MIN_PEAK_DISTANCE_MM) kept.push(p);
  }
  return kept;
}
