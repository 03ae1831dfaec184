/**
 * The peak and sub-peaks of one cluster, found as nilearn's
 * get_clusters_table finds them (the cluster table NiMARE reports):
 *  - a local maximum is a voxel equal to the largest value in its 3×3×3
 *    window, where voxels outside the cluster count as 0 and the grid's edge
 *    repeats itself (scipy's maximum_filter, mode "reflect"); a voxel whose
 *    whole window is one value is not one, unless the whole cluster is;
 *  - touching maxima (6-connectivity, scipy's label) form one peak, placed at
 *    their centre of mass rounded half to even (np.round), or at the nearest
 *    of their voxels when that point is not one of them;
 *  - peaks are taken strongest first and pared by distance (below); at most
 *    four are kept.
 */
import { roundHalfEven } from './numpyRounding.ts';
import { ClusterLabeller, neighbourSteps } from './clusterLabeller.ts';
import { unflatIndex, voxelToWorld, type Geometry } from './grid.ts';

/** nilearn's min_distance: a sub-peak this close to the last kept stronger peak, or closer, is dropped. */
const MIN_PEAK_DISTANCE_MM = 8;
const MAX_PEAKS_PER_CLUSTER = 4;

/**
 * Flat indices of the cluster's peak and sub-peaks, strongest first. A
 * 6-connectivity labeller of the grid can be shared across clusters.
 */
export function clusterPeakVoxels(voxels: readonly number[], aleAt: (flat: number) => number, geometry: Geometry, labeller = new ClusterLabeller(geometry.shape, 6)): number[] {
  const candidates = peakVoxels(voxels, aleAt, geometry, labeller);
  const order = candidates.map((v, n) => ({ v, n, a: aleAt(v) })).sort((p, q) => q.a - p.a || p.n - q.n);
  return pareByDistance(order.map((p) => p.v), geometry);
}

function peakVoxels(voxels: readonly number[], aleAt: (flat: number) => number, geometry: Geometry, labeller: ClusterLabeller): number[] {
  const inCluster = new Set(voxels);
  const value = (flat: number) => (inCluster.has(flat) ? aleAt(flat) : 0);
  const [n0, n1, n2] = geometry.shape;
  let lowest = Infinity;
  let highest = -Infinity;
  for (const v of voxels) {
    lowest = Math.min(lowest, aleAt(v));
    highest = Math.max(highest, aleAt(v));
  }
  // np.isclose(max, min) with its default tolerances.
  const constantCluster = Math.abs(highest - lowest) <= 1e-8 + 1e-5 * Math.abs(lowest);
  const steps = neighbourSteps(26);
  const maxima: number[] = [];
  for (const v of voxels) {
    const a = aleAt(v);
    if (a === 0) continue;
    const [i, j, k] = unflatIndex(geometry.shape, v);
    let windowMax = a;
    let windowMin = a;
    for (let s = 0; s < steps.length; s += 3) {
      const ni = i + steps[s], nj = j + steps[s + 1], nk = k + steps[s + 2];
      if (ni < 0 || nj < 0 || nk < 0 || ni >= n0 || nj >= n1 || nk >= n2) continue;
      const w = value((ni * n1 + nj) * n2 + nk);
      if (w > windowMax) windowMax = w;
      if (w < windowMin) windowMin = w;
    }
    if (a === windowMax && (constantCluster || windowMax > windowMin)) maxima.push(v);
  }
  // Touching maxima, labelled in scipy's raster order (components numbered by their first voxel).
  const sorted = Int32Array.from(maxima).sort();
  const { component, nComponents } = labeller.label(sorted, sorted.length);
  const members: number[][] = Array.from({ length: nComponents }, () => []);
  sorted.forEach((flat, t) => members[component[t]].push(flat));
  return members.map((m) => centreOfMassVoxel(m, aleAt, geometry));
}

/** scipy's center_of_mass (float64 sums in raster order) rounded half to even; the nearest member when that is no member. */
function centreOfMassVoxel(component: number[], aleAt: (flat: number) => number, geometry: Geometry): number {
  const sum = [0, 0, 0];
  let weight = 0;
  for (const v of component) {
    const a = aleAt(v);
    const ijk = unflatIndex(geometry.shape, v);
    for (let d = 0; d < 3; d++) sum[d] += a * ijk[d];
    weight += a;
  }
  const centre = sum.map((s) => roundHalfEven(s / weight));
  const [, n1, n2] = geometry.shape;
  const flat = (centre[0] * n1 + centre[1]) * n2 + centre[2];
  if (component.includes(flat)) return flat;
  let nearest = component[0];
  let best = Infinity;
  for (const v of component) {
    const ijk = unflatIndex(geometry.shape, v);
    const distance = Math.hypot(ijk[0] - centre[0], ijk[1] - centre[1], ijk[2] - centre[2]);
    if (distance < best) {
      best = distance;
      nearest = v;
    }
  }
  return nearest;
}


/**
 * nilearn's _pare_subpeaks: walking the peaks strongest first, each kept peak
 * overwrites the keep flag of every weaker one with "more than 8 mm from me",
 * so a peak's fate is decided by the last kept stronger peak alone (not by
 * all of them), and a peak exactly 8 mm away is dropped.
 */
function pareByDistance(peaks: number[], geometry: Geometry): number[] {
  const kept: { flat: number; xyz: [number, number, number] }[] = [];
  for (const flat of peaks) {
    if (kept.length === MAX_PEAKS_PER_CLUSTER) break;
    const xyz = voxelToWorld(geometry.affine, ...unflatIndex(geometry.shape, flat));
    const last = kept[kept.length - 1];
    if (!last || Math.hypot(xyz[0] - last.xyz[0], xyz[1] - last.xyz[1], xyz[2] - last.xyz[2]) > MIN_PEAK_DISTANCE_MM) kept.push({ flat, xyz });
  }
  return kept.map((p) => p.flat);
}
