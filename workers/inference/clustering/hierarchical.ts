/**
 * Agglomerative clustering of experiments on a distance matrix (JALE:
 * 1 − correlation), with the two quality scores JALE compares against its
 * null: the silhouette (on the distances) and the Calinski–Harabasz index
 * (on the correlation rows as features), as scikit-learn defines them.
 */
import { maxOf } from '../../core/extent.ts';

export type Linkage = 'complete' | 'average';

/** The merges, in order: the two clusters joined (as sets of item indices' representatives) and their distance. */
export interface Dendrogram {
  n: number;
  merges: { a: number; b: number; distance: number }[];
}

/**
 * Joins the two closest clusters until one is left (Lance–Williams updates:
 * complete takes the larger distance, average the size-weighted mean). A
 * merged cluster keeps the smaller representative index; ties go to the
 * pair found first in row order.
 */
export function linkage(distance: Float64Array, n: number, method: Linkage): Dendrogram {
  const d = Float64Array.from(distance);
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const merges: Dendrogram['merges'] = [];
  for (let step = 0; step < n - 1; step++) {
    let best = Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (active[j] && d[i * n + j] < best) {
          best = d[i * n + j];
          bi = i;
          bj = j;
        }
      }
    }
    // bi's own entries are rewritten too and bj's with them: the diagonal is never read, nor bj once inactive.
    for (let k = 0; k < n; k++) {
      if (!active[k]) continue;
      const dik = d[k * n + bi];
      const djk = d[k * n + bj];
      const joined = method === 'complete' ? Math.max(dik, djk) : (size[bi] * dik + size[bj] * djk) / (size[bi] + size[bj]);
      d[k * n + bi] = joined;
      d[bi * n + k] = joined;
    }
    size[bi] += size[bj];
    active[bj] = 0;
    merges.push({ a: bi, b: bj, distance: best });
  }
  return { n, merges };
}

/** The partition into k clusters (scipy's fcluster maxclust): the first n − k merges; labels 1…k in order of each cluster's first item. */
export function cutTree(tree: Dendrogram, k: number): Int32Array {
  const parent = Int32Array.from({ length: tree.n }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (const m of tree.merges.slice(0, tree.n - k)) parent[root(m.b)] = root(m.a);
  const labels = new Int32Array(tree.n);
  const named = new Map<number, number>();
  for (let i = 0; i < tree.n; i++) {
    const r = root(i);
    if (!named.has(r)) named.set(r, named.size + 1);
    labels[i] = named.get(r) as number;
  }
  return labels;
}

/** Mean silhouette over the items (0 for an item alone in its cluster), from a full distance matrix; labels 1…k, none empty. */
export function silhouette(distance: Float64Array, labels: Int32Array): number {
  const n = labels.length;
  const k = maxOf(labels);
  const count = new Int32Array(k + 1);
  for (const l of labels) count[l]++;
  let total = 0;
  const sums = new Float64Array(k + 1);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[labels[j]] += distance[i * n + j];
    const own = labels[i];
    if (count[own] === 1) continue;
    const a = sums[own] / (count[own] - 1);
    let b = Infinity;
    for (let c = 1; c <= k; c++) if (c !== own) b = Math.min(b, sums[c] / count[c]);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

/** Calinski–Harabasz index of the rows of an n × n feature matrix: between- over within-cluster dispersion, scaled by (n − k)/(k − 1). */
export function calinskiHarabasz(features: Float64Array, labels: Int32Array): number {
  const n = labels.length;
  const k = maxOf(labels);
  const mean = new Float64Array(n);
  const means = new Float64Array((k + 1) * n);
  const count = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) {
    count[labels[i]]++;
    for (let f = 0; f < n; f++) {
      mean[f] += features[i * n + f] / n;
      means[labels[i] * n + f] += features[i * n + f];
    }
  }
  let between = 0;
  for (let c = 1; c <= k; c++) {
    for (let f = 0; f < n; f++) {
      means[c * n + f] /= count[c];
      between += count[c] * (means[c * n + f] - mean[f]) ** 2;
    }
  }
  let within = 0;
  for (let i = 0; i < n; i++) for (let f = 0; f < n; f++) within += (features[i * n + f] - means[labels[i] * n + f]) ** 2;
  return within === 0 ? 1 : (between * (n - k)) / (within * (k - 1));
}

/**
 * k-medoids as JALE runs it (scikit-learn-extra's KMedoids on a precomputed
 * distance, its defaults): the k items with the smallest distance sums start
 * as medoids; then, until nothing changes, every item joins its nearest
 * medoid and each cluster's medoid moves to the member with the smallest
 * distance sum within it, when that is strictly smaller. Labels 1…k in the
 * order of the medoids (the smallest start sums first). Each medoid keeps
 * its own label, so no cluster is ever empty.
 */
export function kMedoids(distance: Float64Array, n: number, k: number): Int32Array {
  const sums = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += distance[i * n + j];
    return s;
  });
  const medoids = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => sums[a] - sums[b] || a - b)
    .slice(0, k);
  const labels = new Int32Array(n);
  const assign = () => {
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (distance[medoids[c] * n + i] < distance[medoids[best] * n + i]) best = c;
      labels[i] = best + 1;
    }
    // A medoid stays in its own cluster: two experiments with identical maps (distance 0) would otherwise
    // both join the first, leave a cluster empty and the scores undefined (scikit-learn-extra only warns).
    medoids.forEach((m, c) => (labels[m] = c + 1));
  };
  // Each pass lowers the total distance or ends the loop, so it ends; the cap only guards against rounding ping-pong.
  for (let pass = 0; pass < 300; pass++) {
    assign();
    let moved = false;
    for (let c = 0; c < k; c++) {
      const members: number[] = [];
      for (let i = 0; i < n; i++) if (labels[i] === c + 1) members.push(i);
      const cost = (i: number) => members.reduce((s, j) => s + distance[i * n + j], 0);
      let best = medoids[c];
      let bestCost = cost(best);
      for (const i of members) {
        const v = cost(i);
        if (v < bestCost) {
          best = i;
          bestCost = v;
        }
      }
      if (best !== medoids[c]) {
        medoids[c] = best;
        moved = true;
      }
    }
    if (!moved) break;
  }
  assign();
  return labels;
}
