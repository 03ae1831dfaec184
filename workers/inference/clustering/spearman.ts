/**
 * Spearman correlation of the experiments' modelled-activation maps over the
 * mask (JALE's clustering of experiments). Each map is mostly zeros, so the
 * ranks are computed on the voxels a kernel reaches and every other voxel
 * shares the zeros' average rank; the sums behind each correlation then run
 * over one map's reached voxels instead of the whole mask.
 */

/**
 * One map: the masked voxels it reaches (positive values) and each one's
 * place (0-based) among the map's distinct values in ascending order: for
 * a modelled-activation map, the kernel value's place among the kernel's.
 * Ranks then come from counts per place, without sorting.
 */
export interface SparseMap {
  index: Int32Array;
  ordinal: Int32Array;
  /** How many distinct values there can be (ordinals are below this). */
  levels: number;
}

interface RankedMap {
  index: Int32Array;
  /** Rank minus the zeros' rank, at each reached voxel. */
  excess: Float64Array;
  zeroRank: number;
  /** Σ (rank − mean rank)² over the whole mask. */
  sumSquares: number;
}

/** Average ranks (1-based, ties share their mean), as scipy.stats.rankdata. */
function rank(map: SparseMap, nVoxels: number): RankedMap {
  const n = map.index.length;
  const zeros = nVoxels - n;
  const zeroRank = (zeros + 1) / 2;
  const count = new Int32Array(map.levels);
  for (const o of map.ordinal) count[o]++;
  // The reached voxels rank after all the zeros; a value's ties share the mean of their positions.
  const rankOf = new Float64Array(map.levels);
  let before = zeros;
  for (let o = 0; o < map.levels; o++) {
    rankOf[o] = before + (count[o] + 1) / 2;
    before += count[o];
  }
  const mean = (nVoxels + 1) / 2;
  let sumSquares = zeros * (zeroRank - mean) ** 2;
  const excess = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const r = rankOf[map.ordinal[t]];
    sumSquares += (r - mean) ** 2;
    excess[t] = r - zeroRank;
  }
  return { index: map.index, excess, zeroRank, sumSquares };
}

/**
 * The n × n Spearman correlation matrix (row-major, 1 on the diagonal). A map
 * that reaches no voxel, or every voxel with one value, has no spread: its
 * correlations are 0, as JALE's nan_to_num makes them.
 */
export function spearmanMatrix(maps: readonly SparseMap[], nVoxels: number): Float64Array {
  const n = maps.length;
  const ranked = maps.map((m) => rank(m, nVoxels));
  const mean = (nVoxels + 1) / 2;
  const out = new Float64Array(n * n);
  const dense = new Float64Array(nVoxels);
  for (let a = 0; a < n; a++) {
    out[a * n + a] = 1;
    const ra = ranked[a];
    ra.index.forEach((v, t) => (dense[v] = ra.excess[t]));
    let sumExcessA = 0;
    for (const e of ra.excess) sumExcessA += e;
    for (let b = a + 1; b < n; b++) {
      const rb = ranked[b];
      // Σ (ra − mean)(rb − mean) with ra = zeroRankA + excessA (excess 0 off A's support), likewise b. Expanded,
      // A's constant part multiplies Σ (rb − mean), which is 0: what is left is (zeroRankB − mean)·Σ excessA + Σ excessA·excessB.
      let both = 0;
      for (let t = 0; t < rb.index.length; t++) both += dense[rb.index[t]] * rb.excess[t];
      const cross = (rb.zeroRank - mean) * sumExcessA + both;
      const spread = Math.sqrt(ra.sumSquares * rb.sumSquares);
      const r = spread > 0 ? cross / spread : 0;
      out[a * n + b] = r;
      out[b * n + a] = r;
    }
    ra.index.forEach((v) => (dense[v] = 0));
  }
  return out;
}
