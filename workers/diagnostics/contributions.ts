/**
 * How much each experiment drives each cluster (spec §8.3): NiMARE's
 * jackknife (mean relative drop of ALE when the experiment is left out),
 * the JALE contribution (the same, normalised to 100 % over experiments,
 * and its voxelwise maximum), the experiment's foci in the cluster, and
 * Eickhoff et al.'s (2016) warning when one or two experiments dominate.
 */
import { flatIndex, inGrid, type Geometry } from '../core/grid.ts';
import type { AleKernel } from '../core/kernel.ts';
import { kernelTables, ModeledActivationStamper } from '../core/modeledActivation.ts';
import type { PreparedExperiment } from '../core/prepare.ts';
import { compareCodePoints } from '../input/dataset.ts';

export interface ExperimentContribution {
  id: string;
  /** Foci of the experiment inside the cluster (NiMARE FocusCounter). */
  foci: number;
  /** mean over the cluster of 1 − ALE without the experiment / ALE (NiMARE Jackknife). */
  jackknife: number;
  /** JALE's contribution, normalised so the experiments of a cluster sum to 100 %. */
  percent: number;
  /** JALE's maximum contribution: 100 · max over the cluster of (1 − ALE without / ALE). */
  maxPercent: number;
}

export interface ClusterContributions {
  clusterId: number;
  /** Every experiment, largest contribution first. */
  experiments: ExperimentContribution[];
  /** One experiment ≥ 50 % or the two largest ≥ 80 % (Eickhoff et al. 2016). */
  dominated: boolean;
  warning: string | null;
}

/** Foci of each experiment inside each labelled cluster: counts[clusterId − 1][experiment]. */
export function fociPerCluster(labels: Int32Array, nClusters: number, geometry: Geometry, experiments: readonly PreparedExperiment[]): Int32Array[] {
  const counts = Array.from({ length: nClusters }, () => new Int32Array(experiments.length));
  experiments.forEach((e, n) => {
    for (let f = 0; f < e.ijk.length; f += 3) {
      const ijk: [number, number, number] = [e.ijk[f], e.ijk[f + 1], e.ijk[f + 2]];
      if (!inGrid(geometry.shape, ...ijk)) continue;
      const m = geometry.flatToMasked[flatIndex(geometry.shape, ...ijk)];
      if (m >= 0 && labels[m] > 0 && labels[m] <= nClusters) counts[labels[m] - 1][n]++;
    }
  });
  return counts;
}

/** JALE's listing rule: experiments contributing > 0.1 % on average or > 5 % at some voxel. */
export function listedContributions(c: ClusterContributions): ExperimentContribution[] {
  return c.experiments.filter((e) => e.percent > 0.1 || e.maxPercent > 5);
}

/** Eickhoff et al. (2016): a cluster is driven by one experiment at ≥ 50 % of it, or by two at ≥ 80 % together. */
export function dominanceWarning(largestFirst: readonly { id: string; percent: number }[]): string | null {
  const top1 = largestFirst[0]?.percent ?? 0;
  const top2 = top1 + (largestFirst[1]?.percent ?? 0);
  if (top1 >= 50) return `one experiment ("${largestFirst[0].id}") contributes ${top1.toFixed(0)} % of this cluster`;
  if (top2 >= 80) return `two experiments contribute ${top2.toFixed(0)} % of this cluster`;
  return null;
}

export function clusterContributions(
  experiments: readonly PreparedExperiment[],
  kernels: readonly AleKernel[],
  ale: Float32Array,
  labels: Int32Array,
  clusterIds: readonly number[],
  geometry: Geometry,
): ClusterContributions[] {
  const nClusters = Math.max(0, ...clusterIds);
  const wanted = new Set(clusterIds);
  // Cluster voxels get a local index; each keeps its (experiment, log1p(−MA)) terms in experiment order.
  const local = new Int32Array(labels.length).fill(-1);
  const voxels: number[] = [];
  for (let m = 0; m < labels.length; m++) {
    if (wanted.has(labels[m])) {
      local[m] = voxels.length;
      voxels.push(m);
    }
  }
  // The experiments' MA maps are stamped again, one at a time, keeping only their terms inside the clusters.
  const stamper = new ModeledActivationStamper(geometry);
  const found: { voxel: number[]; experiment: number[]; log: number[] } = { voxel: [], experiment: [], log: [] };
  experiments.forEach((e, n) => {
    stamper.stamp(e.ijk, kernels[n]);
    const { log32 } = kernelTables(kernels[n]);
    for (let t = 0; t < stamper.count; t++) {
      const v = local[stamper.index[t]];
      if (v < 0) continue;
      found.voxel.push(v);
      found.experiment.push(n);
      found.log.push(log32[stamper.offset[t]]);
    }
  });
  const start = new Int32Array(voxels.length + 1);
  for (const v of found.voxel) start[v + 1]++;
  for (let v = 0; v < voxels.length; v++) start[v + 1] += start[v];
  const termExperiment = new Int32Array(start[voxels.length]);
  const termLog = new Float64Array(start[voxels.length]);
  const cursor = start.slice(0, voxels.length);
  found.voxel.forEach((v, x) => {
    termExperiment[cursor[v]] = found.experiment[x];
    termLog[cursor[v]++] = found.log[x];
  });

  const dropSum = Array.from({ length: nClusters }, () => new Float64Array(experiments.length));
  const dropMax = Array.from({ length: nClusters }, () => new Float64Array(experiments.length));
  const size = new Int32Array(nClusters);
  for (let v = 0; v < voxels.length; v++) {
    const m = voxels[v];
    const c = labels[m] - 1;
    size[c]++;
    const a0 = start[v];
    const a1 = start[v + 1];
    // ALE without e from the sums before and after its term (NiMARE refits; the two differ by rounding only).
    const prefix = new Float64Array(a1 - a0 + 1);
    for (let t = a0; t < a1; t++) prefix[t - a0 + 1] = prefix[t - a0] + termLog[t];
    let suffix = 0;
    for (let t = a1 - 1; t >= a0; t--) {
      const without = Math.fround(1 - Math.exp(prefix[t - a0] + suffix));
      const drop = 1 - without / ale[m];
      const e = termExperiment[t];
      dropSum[c][e] += drop;
      if (drop > dropMax[c][e]) dropMax[c][e] = drop;
      suffix += termLog[t];
    }
  }

  const foci = fociPerCluster(labels, nClusters, geometry, experiments);
  return clusterIds.map((id) => {
    const c = id - 1;
    const jackknife = Array.from(dropSum[c], (s) => (size[c] > 0 ? s / size[c] : 0));
    const total = jackknife.reduce((a, b) => a + b, 0);
    const rows = experiments
      .map((e, n) => ({ id: e.id, foci: foci[c][n], jackknife: jackknife[n], percent: total > 0 ? (100 * jackknife[n]) / total : 0, maxPercent: 100 * dropMax[c][n] }))
      .sort((a, b) => b.percent - a.percent || compareCodePoints(a.id, b.id));
    const warning = dominanceWarning(rows);
    return { clusterId: id, experiments: rows, dominated: warning !== null, warning };
  });
}
