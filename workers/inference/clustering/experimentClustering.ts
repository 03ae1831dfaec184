/**
 * Clustering of experiments (JALE's MA clustering, hierarchical or k-medoids): which
 * experiments activate alike. The experiments' modelled-activation maps are
 * correlated (Spearman) over the mask; for k = 2 … K, subsamples of 90 % of
 * the experiments are partitioned on 1 − r and scored (silhouette,
 * Calinski–Harabasz); a null in which the subsample's foci are shuffled
 * among its experiments (each keeps its number of foci and its kernel) says
 * what scores chance structure reaches, and each k's scores become z against
 * it. Each k's final labels come from how often two experiments were
 * separated across the subsamples that held both (JALE's Hamming distance).
 */
import { createGeometry, type Affine, type Geometry, type Shape3 } from '../../core/grid.ts';
import { distinctKernelValues, KernelCache, type AleKernel, type KernelForm } from '../../core/kernel.ts';
import { AleUnion } from '../../core/ale.ts';
import { ModeledActivationStamper } from '../../core/modeledActivation.ts';
import type { PreparedExperiment } from '../../core/prepare.ts';
import { drawSubsets } from '../probabilisticAle.ts';
import { Xoshiro128 } from '../rng.ts';
import { calinskiHarabasz, cutTree, kMedoids, linkage, silhouette, type Dendrogram, type Linkage } from './hierarchical.ts';
import { consensusLabels } from './consensus.ts';
import { spearmanMatrix, type SparseMap } from './spearman.ts';
import { maxOf } from '../../core/extent.ts';

/** How each subsample is clustered: JALE offers hierarchical clustering and k-medoids. */
export type ClusteringMethod = 'hierarchical' | 'kmedoids';

/** A partitioner of one subsample's distances: the labels (1…k) for a k. */
function partitioner(d: Float64Array, m: number, method: ClusteringMethod, link: Linkage): (k: number) => Int32Array {
  if (method === 'kmedoids') return (k) => kMedoids(d, m, k);
  const tree = linkage(d, m, link);
  return (k) => cutTree(tree, k);
}

export interface ClusteringOptions {
  /** Hierarchical (the default) or k-medoids. */
  method?: ClusteringMethod;
  /** Hierarchical clustering's linkage, and the consensus labels' (both methods). */
  linkage: Linkage;
  /** Largest k tried (JALE: 10); at most n − 1 of the subsample. */
  maxClusters: number;
  /** Subsamples of the real data (JALE: 500). */
  subsamples: number;
  /** Subsamples with shuffled foci (JALE: 1000). */
  nullIterations: number;
  /** Share of experiments in each subsample (JALE: 0.9). */
  fraction: number;
  seed: number;
  kernel?: KernelForm;
  /** The real subsamples' progress (the null's comes from its runner). */
  onProgress?: (stage: 'subsamples', done: number, total: number) => void;
}

export interface ClusteringLevel {
  k: number;
  silhouette: { mean: number; sd: number; z: number };
  calinskiHarabasz: { mean: number; sd: number; z: number };
  /** Mean share of the subsample in its largest cluster. */
  separationDensity: number;
  /** Consensus label (1…k) of each experiment, in analysis order. */
  labels: Int32Array;
}

export interface ClusteringResult {
  /** Spearman correlation of the experiments' MA maps, n × n row-major. */
  correlation: Float64Array;
  /** The tree of 1 − r over all experiments (the chosen linkage), for the dendrogram. */
  tree: Dendrogram;
  linkage: Linkage;
  /** Its leaves in drawing order, for the figures. */
  order: number[];
  levels: ClusteringLevel[];
  subsampleSize: number;
  subsamples: number;
  nullIterations: number;
}

/** Streams of the null's foci shuffles and subsample lists, apart from the Monte Carlo's. */
const SHUFFLE_STREAM = 0x60000000;

/** 1 − r; the diagonal's r is exactly 1, so its distance is exactly 0. */
function distanceOf(r: Float64Array): Float64Array {
  return Float64Array.from(r, (v) => 1 - v);
}

function submatrix(m: Float64Array, n: number, rows: Int32Array): Float64Array {
  const s = rows.length;
  const out = new Float64Array(s * s);
  for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) out[i * s + j] = m[rows[i] * n + rows[j]];
  return out;
}

/** Leaves of the tree (at least one merge) from its last merge down, first-merged side first. */
function leafOrder(tree: Dendrogram): number[] {
  const members = new Map<number, number[]>();
  for (let i = 0; i < tree.n; i++) members.set(i, [i]);
  for (const m of tree.merges) members.set(m.a, [...(members.get(m.a) as number[]), ...(members.get(m.b) as number[])]);
  return members.get(tree.merges[tree.merges.length - 1].a) as number[];
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
/** Standard deviation with n − 1 in the denominator (JALE's ddof = 1 for the null). */
function sd(v: number[], ddof: number): number {
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - ddof));
}

/**
 * What a worker needs for the null's iterations, as plain data: the mask,
 * each experiment's foci and kernel width, and the clustering's settings.
 */
export interface ClusteringModel {
  shape: Shape3;
  affine: Affine;
  mask: Uint8Array;
  experiments: { ijk: Int32Array; fwhm: number }[];
  method: ClusteringMethod;
  linkage: Linkage;
  /** k = 2 … maxK. */
  maxK: number;
  subsampleSize: number;
  nullIterations: number;
  seed: number;
  kernel?: KernelForm;
}

/** Stamps experiments as sparse maps ranked by their kernel values. */
class MapMaker {
  private readonly kernels: AleKernel[];
  private readonly stamper: ModeledActivationStamper;

  constructor(readonly geometry: Geometry, fwhm: readonly number[], kernel?: KernelForm) {
    const cache = new KernelCache(geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2], kernel);
    this.kernels = fwhm.map((w) => cache.forFwhm(w));
    this.stamper = new ModeledActivationStamper(geometry);
  }

  map(ijk: Int32Array, e: number): SparseMap {
    const { stamper } = this;
    stamper.stamp(ijk, this.kernels[e]);
    const { index: place, values } = distinctKernelValues(this.kernels[e]);
    return { index: stamper.index.slice(0, stamper.count), ordinal: Int32Array.from(stamper.offset.subarray(0, stamper.count), (o) => place[o]), levels: values.length };
  }
}

/** One null iteration per index: a subsample whose foci are shuffled among its experiments, clustered and scored at every k. */
export class ClusteringNull {
  private readonly maps: MapMaker;
  private readonly subsets: Int32Array[];

  constructor(private readonly model: ClusteringModel) {
    const geometry = createGeometry(model.shape, model.affine, model.mask);
    this.maps = new MapMaker(geometry, model.experiments.map((e) => e.fwhm), model.kernel);
    this.subsets = drawSubsets(model.experiments.length, model.subsampleSize, model.nullIterations, model.seed + 1);
  }

  get iterations(): number {
    return this.subsets.length;
  }

  /** Two scores for each k = 2 … maxK. */
  get scoresPerIteration(): number {
    return 2 * (this.model.maxK - 1);
  }

  /** Silhouette and Calinski–Harabasz of iteration s at k = 2 … maxK, interleaved. */
  scores(s: number): Float64Array {
    const { experiments, seed, linkage: link, method, maxK } = this.model;
    const rows = this.subsets[s];
    const pooled: number[] = [];
    for (const e of rows) pooled.push(...experiments[e].ijk);
    const rng = new Xoshiro128(seed, SHUFFLE_STREAM + s);
    for (let f = pooled.length / 3 - 1; f > 0; f--) {
      const g = rng.nextBelow(f + 1);
      for (let c = 0; c < 3; c++) [pooled[3 * f + c], pooled[3 * g + c]] = [pooled[3 * g + c], pooled[3 * f + c]];
    }
    let at = 0;
    const maps = Array.from(rows, (e) => {
      const count = experiments[e].ijk.length;
      const map = this.maps.map(Int32Array.from(pooled.slice(at, at + count)), e);
      at += count;
      return map;
    });
    const m = rows.length;
    const r = spearmanMatrix(maps, this.maps.geometry.nMasked);
    const d = distanceOf(r);
    const partition = partitioner(d, m, method, link);
    const out = new Float64Array(2 * (maxK - 1));
    for (let k = 2; k <= maxK; k++) {
      const labels = partition(k);
      out[2 * (k - 2)] = silhouette(d, labels);
      out[2 * (k - 2) + 1] = calinskiHarabasz(r, labels);
    }
    return out;
  }
}

/** Runs the null's iterations 0 … n − 1 (in this thread, or on a pool of workers) and returns their scores, iteration after iteration. */
export type ClusteringNullRunner = (model: ClusteringModel) => Promise<Float64Array>;

export const nullInThisThread: ClusteringNullRunner = async (model) => {
  const engine = new ClusteringNull(model);
  const out = new Float64Array(engine.iterations * engine.scoresPerIteration);
  for (let s = 0; s < engine.iterations; s++) out.set(engine.scores(s), s * engine.scoresPerIteration);
  return out;
};

export async function clusterExperiments(experiments: readonly PreparedExperiment[], geometry: Geometry, options: ClusteringOptions, runNull: ClusteringNullRunner = nullInThisThread): Promise<ClusteringResult> {
  const n = experiments.length;
  const m = Math.floor(options.fraction * n);
  const maxK = Math.min(options.maxClusters, m - 1);
  if (maxK < 2) throw new Error(`clustering needs subsamples of at least 3 experiments; ${n} experiments give subsamples of ${m}`);
  const method = options.method ?? 'hierarchical';
  const maker = new MapMaker(geometry, experiments.map((e) => e.fwhm), options.kernel);
  const correlation = spearmanMatrix(experiments.map((x, e) => maker.map(x.ijk, e)), geometry.nMasked);
  const ks = Array.from({ length: maxK - 1 }, (_, i) => i + 2);

  // The real data, subsampled.
  const real = ks.map(() => ({ silhouette: [] as number[], ch: [] as number[], density: [] as number[] }));
  const subsets = drawSubsets(n, m, options.subsamples, options.seed);
  const labelsPerK = ks.map(() => subsets.map(() => new Int32Array(n)));
  subsets.forEach((rows, s) => {
    const r = submatrix(correlation, n, rows);
    const d = distanceOf(r);
    const partition = partitioner(d, m, method, options.linkage);
    ks.forEach((k, level) => {
      const labels = partition(k);
      real[level].silhouette.push(silhouette(d, labels));
      real[level].ch.push(calinskiHarabasz(r, labels));
      const sizes = new Int32Array(k + 1);
      for (const l of labels) sizes[l]++;
      real[level].density.push(maxOf(sizes) / m);
      rows.forEach((e, i) => (labelsPerK[level][s][e] = labels[i]));
    });
    options.onProgress?.('subsamples', s + 1, subsets.length);
  });

  // The null: each subsample's foci shuffled among its experiments.
  const model: ClusteringModel = {
    shape: geometry.shape,
    affine: geometry.affine,
    mask: geometry.mask,
    experiments: experiments.map((e) => ({ ijk: e.ijk, fwhm: e.fwhm })),
    method,
    linkage: options.linkage,
    maxK,
    subsampleSize: m,
    nullIterations: options.nullIterations,
    seed: options.seed,
    ...(options.kernel ? { kernel: options.kernel } : {}),
  };
  const nullScores = await runNull(model);
  const iterations = nullScores.length / (2 * ks.length);
  const nullOf = (level: number, which: 0 | 1) => Array.from({ length: iterations }, (_, s) => nullScores[s * 2 * ks.length + 2 * level + which]);

  const levels = ks.map((k, level): ClusteringLevel => {
    const z = (scores: number[], null_: number[]) => (mean(scores) - mean(null_)) / sd(null_, 1);
    return {
      k,
      silhouette: { mean: mean(real[level].silhouette), sd: sd(real[level].silhouette, 0), z: z(real[level].silhouette, nullOf(level, 0)) },
      calinskiHarabasz: { mean: mean(real[level].ch), sd: sd(real[level].ch, 0), z: z(real[level].ch, nullOf(level, 1)) },
      separationDensity: mean(real[level].density),
      labels: consensusLabels(labelsPerK[level], n, k, options.linkage),
    };
  });
  const tree = linkage(distanceOf(correlation), n, options.linkage);
  return { correlation, tree, linkage: options.linkage, order: leafOrder(tree), levels, subsampleSize: m, subsamples: subsets.length, nullIterations: iterations };
}

/** The ALE map (masked voxels) of each group's experiments: group g (labels 1…k) at index g − 1. */
export function groupAleMaps(experiments: readonly PreparedExperiment[], geometry: Geometry, labels: Int32Array, kernel?: KernelForm): Float32Array[] {
  const cache = new KernelCache(geometry.zooms[0] * geometry.zooms[1] * geometry.zooms[2], kernel);
  const stamper = new ModeledActivationStamper(geometry);
  const unions = Array.from({ length: maxOf(labels) }, () => new AleUnion(geometry.nMasked));
  experiments.forEach((e, n) => {
    const k = cache.forFwhm(e.fwhm);
    stamper.stamp(e.ijk, k);
    unions[labels[n] - 1].add(stamper, k);
  });
  return unions.map((u) => u.ale());
}
