/**
 * Monte-Carlo null of the maximum statistics (spec §6.1–6.2): in each
 * iteration every focus moves to a uniformly drawn mask voxel, and we record
 * the largest ALE, the largest cluster size and the largest cluster mass
 * above the observed cluster-forming threshold.
 *
 * Only the maxima and the supra-threshold voxels matter, and under the null
 * almost no voxel gets near the threshold. So the grid is cut into 4³-voxel
 * blocks; a cheap pass bounds the ALE of each block from above (the kernel
 * value at the block's nearest point, per experiment), and exact ALE is
 * computed only in blocks whose bound can exceed the threshold. The exact
 * values are the same float64 sums, in the same order, as full stamping
 * would give, so pruning never changes a result (tests check this).
 */
import { ClusterLabeller, type Connectivity } from './clusters.ts';
import type { Shape3 } from './grid.ts';
import { Xoshiro128 } from './rng.ts';

export interface NullKernel {
  radius: number;
  /** Float32 kernel cube of side 2·radius + 1, C order. */
  values: Float32Array;
}

/** Everything a worker needs to run iterations; plain data, so it can be posted to a Worker. */
export interface NullModelSpec {
  shape: Shape3;
  /** Sampling space and mask: the flat index of each in-mask voxel, ascending. */
  maskedToFlat: Int32Array;
  kernels: NullKernel[];
  /** Index into `kernels` of each experiment, in analysis order. */
  experimentKernel: Int32Array;
  /** Number of foci of each experiment. */
  experimentFoci: Int32Array;
  /** Cluster-forming threshold in ALE units (spec §5.5). */
  threshold: number;
  connectivity: Connectivity;
  seed: number;
}

export interface NullMaxima {
  /** First iteration index of this batch. */
  start: number;
  maxAle: Float64Array;
  maxSize: Float64Array;
  maxMass: Float64Array;
}

const BLOCK = 4;
const SUB = 2;
/** Share of candidate blocks above which full stamping is cheaper than pruning. */
const DENSE_SWITCH = 0.3;

/** Whole-grid buffers for full stamping, allocated only when a dataset needs it. */
class DenseScratch {
  readonly expTag: Int32Array;
  readonly expMin: Float64Array;
  readonly expTouched: Int32Array;
  readonly iterTag: Int32Array;
  readonly logSum: Float64Array;
  readonly iterTouched: Int32Array;
  expStamp = 0;
  iterStamp = 0;
  constructor(nVox: number) {
    this.expTag = new Int32Array(nVox);
    this.expMin = new Float64Array(nVox);
    this.expTouched = new Int32Array(nVox);
    this.iterTag = new Int32Array(nVox);
    this.logSum = new Float64Array(nVox);
    this.iterTouched = new Int32Array(nVox);
  }
}
/** Bounds are exact in floating point; the margin only guards against log1p/exp not being perfectly monotone. */
const BOUND_MARGIN = 1e-9;

export class NullIterationEngine {
  private readonly shape: Shape3;
  private readonly mask: Uint8Array;
  private readonly maskedToFlat: Int32Array;
  private readonly kernels: NullKernel[];
  /** log1p(−value) of each kernel entry: the MA maximum is the minimum of these, with no log in the hot loops. */
  private readonly kernelLogs: Float64Array[];
  private readonly focusKernel: Int32Array;
  private readonly focusExperiment: Int32Array;
  private readonly nExperiments: number;
  private readonly threshold: number;
  private readonly threshold32: number;
  private readonly logThreshold: number;
  private readonly peakLowerBound: number;
  private readonly seed: number;
  private readonly labeller: ClusterLabeller;

  // Drawn foci of the current iteration.
  private readonly fi: Int32Array;
  private readonly fj: Int32Array;
  private readonly fk: Int32Array;

  // Block grid and per-block scratch, reused across iterations via tags.
  private readonly nb: [number, number, number];
  private readonly blockExpTag: Int32Array;
  private readonly blockExpLog: Float64Array;
  private readonly blockIterTag: Int32Array;
  private readonly blockLog: Float64Array;
  private readonly blockLocal: Int32Array;
  private readonly expBlocks: Int32Array;
  private readonly iterBlocks: Int32Array;
  private expStamp = 0;
  private iterStamp = 0;
  private evalStamp = 0;
  private readonly blockEvalTag: Int32Array;
  private dense: DenseScratch | null = null;
  private readonly subLog = new Float64Array(8);
  private readonly subMin = new Float64Array(8);

  // Results of exact evaluation in the current iteration.
  private supraFlat = new Int32Array(4096);
  private supraAle = new Float64Array(4096);
  private nSupra = 0;
  private maxAle = 0;

  constructor(spec: NullModelSpec) {
    this.shape = spec.shape;
    const nVox = spec.shape[0] * spec.shape[1] * spec.shape[2];
    this.mask = new Uint8Array(nVox);
    for (const f of spec.maskedToFlat) this.mask[f] = 1;
    this.maskedToFlat = spec.maskedToFlat;
    this.kernels = spec.kernels;
    this.kernelLogs = spec.kernels.map((k) => Float64Array.from(k.values, (v) => Math.log1p(-v)));
    this.nExperiments = spec.experimentFoci.length;
    let nFoci = 0;
    for (const n of spec.experimentFoci) nFoci += n;
    this.focusKernel = new Int32Array(nFoci);
    this.focusExperiment = new Int32Array(nFoci);
    let f = 0;
    let peak = 0;
    for (let e = 0; e < this.nExperiments; e++) {
      const kernel = spec.kernels[spec.experimentKernel[e]];
      peak = Math.max(peak, kernel.values[centreIndex(kernel.radius)]);
      for (let n = 0; n < spec.experimentFoci[e]; n++, f++) {
        this.focusKernel[f] = spec.experimentKernel[e];
        this.focusExperiment[f] = e;
      }
    }
    this.threshold = spec.threshold;
    this.threshold32 = Math.fround(spec.threshold);
    this.logThreshold = Math.log1p(-this.threshold32);
    // Every drawn focus sits on a mask voxel, whose ALE is at least its kernel's peak.
    this.peakLowerBound = peak * (1 - 1e-6);
    this.seed = spec.seed;
    this.labeller = new ClusterLabeller(spec.shape, spec.connectivity);
    this.fi = new Int32Array(nFoci);
    this.fj = new Int32Array(nFoci);
    this.fk = new Int32Array(nFoci);
    this.nb = [Math.ceil(spec.shape[0] / BLOCK), Math.ceil(spec.shape[1] / BLOCK), Math.ceil(spec.shape[2] / BLOCK)];
    const nBlocks = this.nb[0] * this.nb[1] * this.nb[2];
    this.blockExpTag = new Int32Array(nBlocks);
    this.blockExpLog = new Float64Array(nBlocks);
    this.blockIterTag = new Int32Array(nBlocks);
    this.blockLog = new Float64Array(nBlocks);
    this.blockLocal = new Int32Array(nBlocks);
    this.blockEvalTag = new Int32Array(nBlocks);
    this.expBlocks = new Int32Array(nBlocks);
    this.iterBlocks = new Int32Array(nBlocks);
  }

  /** Runs iterations [start, start + count) and returns their maxima. */
  run(start: number, count: number, onIteration?: (done: number) => void): NullMaxima {
    const out: NullMaxima = {
      start,
      maxAle: new Float64Array(count),
      maxSize: new Float64Array(count),
      maxMass: new Float64Array(count),
    };
    for (let n = 0; n < count; n++) {
      const r = this.iteration(start + n);
      out.maxAle[n] = r.maxAle;
      out.maxSize[n] = r.maxSize;
      out.maxMass[n] = r.maxMass;
      onIteration?.(n + 1);
    }
    return out;
  }

  /** Foci positions of one iteration (flat voxel indices), drawn from its own stream. */
  drawFoci(iteration: number): Int32Array {
    const rng = new Xoshiro128(this.seed, iteration);
    const V = this.maskedToFlat.length;
    const flat = new Int32Array(this.fi.length);
    for (let f = 0; f < flat.length; f++) flat[f] = this.maskedToFlat[rng.nextBelow(V)];
    return flat;
  }

  iteration(iteration: number): { maxAle: number; maxSize: number; maxMass: number } {
    const [, n1, n2] = this.shape;
    const flat = this.drawFoci(iteration);
    for (let f = 0; f < flat.length; f++) {
      const v = flat[f];
      const k = v % n2;
      const ij = (v - k) / n2;
      this.fk[f] = k;
      this.fj[f] = ij % n1;
      this.fi[f] = (ij - (ij % n1)) / n1;
    }
    this.nSupra = 0;
    this.maxAle = 0;
    this.iterStamp++;
    if (this.dense) {
      this.evaluateDense();
      const { maxSize, maxMass } = this.largestCluster();
      return { maxAle: this.maxAle, maxSize, maxMass };
    }
    const nTouched = this.boundBlocks();

    // Blocks that may hold supra-threshold voxels.
    const candidates: number[] = [];
    for (let t = 0; t < nTouched; t++) {
      const b = this.iterBlocks[t];
      if (this.blockLog[b] < this.logThreshold + BOUND_MARGIN) candidates.push(b);
    }
    if (candidates.length > DENSE_SWITCH * nTouched) {
      // Pruning does not pay when the threshold is reached almost everywhere (hundreds of experiments);
      // both paths give identical values, so switching never changes a result.
      this.dense = new DenseScratch(this.mask.length);
      this.evaluateDense();
      const { maxSize, maxMass } = this.largestCluster();
      return { maxAle: this.maxAle, maxSize, maxMass };
    }
    this.evalStamp++;
    this.evaluateBlocks(candidates, this.logThreshold);

    if (this.nSupra === 0) {
      // No voxel passes the threshold: find the maximum ALE among the blocks that could hold it.
      const logFloor = Math.log1p(-Math.max(this.maxAle, this.peakLowerBound));
      const more: number[] = [];
      for (let t = 0; t < nTouched; t++) {
        const b = this.iterBlocks[t];
        if (this.blockLog[b] <= logFloor + BOUND_MARGIN) more.push(b);
      }
      this.evalStamp++;
      this.evaluateBlocks(more, logFloor + 2 * BOUND_MARGIN);
    }
    const { maxSize, maxMass } = this.largestCluster();
    return { maxAle: this.maxAle, maxSize, maxMass };
  }

  /** Full stamping of every kernel: per experiment the minimum log over its foci, then the sum over experiments. */
  private evaluateDense(): void {
    const dense = this.dense as DenseScratch;
    const [n0, n1, n2] = this.shape;
    const { fi, fj, fk, focusKernel, focusExperiment, kernelLogs, mask } = this;
    const { expTag, expMin, expTouched, iterTag, logSum, iterTouched } = dense;
    const iterStamp = ++dense.iterStamp;
    let nIter = 0;
    const nFoci = fi.length;
    let f = 0;
    while (f < nFoci) {
      const e = focusExperiment[f];
      const stamp = ++dense.expStamp;
      let nExp = 0;
      for (; f < nFoci && focusExperiment[f] === e; f++) {
        const kf = focusKernel[f];
        const r = this.kernels[kf].radius;
        const side = 2 * r + 1;
        const logs = kernelLogs[kf];
        const ci = fi[f], cj = fj[f], ck = fk[f];
        const k0 = Math.max(0, ck - r), k1 = Math.min(n2 - 1, ck + r);
        for (let i = Math.max(0, ci - r); i <= Math.min(n0 - 1, ci + r); i++) {
          for (let j = Math.max(0, cj - r); j <= Math.min(n1 - 1, cj + r); j++) {
            const base = (i * n1 + j) * n2;
            const row = ((i - ci + r) * side + (j - cj + r)) * side + r - ck;
            for (let k = k0; k <= k1; k++) {
              const v = base + k;
              if (mask[v] === 0) continue;
              const log = logs[row + k];
              if (expTag[v] !== stamp) {
                expTag[v] = stamp;
                expMin[v] = log;
                expTouched[nExp++] = v;
              } else if (log < expMin[v]) {
                expMin[v] = log;
              }
            }
          }
        }
      }
      for (let t = 0; t < nExp; t++) {
        const v = expTouched[t];
        if (iterTag[v] !== iterStamp) {
          iterTag[v] = iterStamp;
          logSum[v] = 0;
          iterTouched[nIter++] = v;
        }
        logSum[v] += expMin[v];
      }
    }
    for (let t = 0; t < nIter; t++) {
      const v = iterTouched[t];
      const ale = Math.fround(1 - Math.exp(logSum[v]));
      if (ale > this.maxAle) this.maxAle = ale;
      if (ale > this.threshold32) this.pushSupra(v, ale);
    }
  }

  /** Upper bound of each touched block's ALE, as Σ_e log1p(−max kernel value of e in the block). */
  private boundBlocks(): number {
    const [n0, n1, n2] = this.shape;
    const [nb0, nb1, nb2] = this.nb;
    const { fi, fj, fk, focusKernel, focusExperiment, blockExpTag, blockExpLog, blockIterTag, blockLog, expBlocks, iterBlocks, kernelLogs } = this;
    let nIter = 0;
    let f = 0;
    const nFoci = fi.length;
    while (f < nFoci) {
      const e = focusExperiment[f];
      const stamp = ++this.expStamp;
      let nExp = 0;
      for (; f < nFoci && focusExperiment[f] === e; f++) {
        const r = this.kernels[focusKernel[f]].radius;
        const side = 2 * r + 1;
        const logs = kernelLogs[focusKernel[f]];
        const ci = fi[f], cj = fj[f], ck = fk[f];
        const bi0 = firstBlock(ci, r), bi1 = lastBlock(ci, r, nb0);
        const bj0 = firstBlock(cj, r), bj1 = lastBlock(cj, r, nb1);
        const bk0 = firstBlock(ck, r), bk1 = lastBlock(ck, r, nb2);
        for (let bi = bi0; bi <= bi1; bi++) {
          const di = axisDistance(ci, bi, n0);
          for (let bj = bj0; bj <= bj1; bj++) {
            const dj = axisDistance(cj, bj, n1);
            const row = ((r + di) * side + (r + dj)) * side + r;
            const blockRow = (bi * nb1 + bj) * nb2;
            for (let bk = bk0; bk <= bk1; bk++) {
              const log = logs[row + axisDistance(ck, bk, n2)];
              const b = blockRow + bk;
              if (blockExpTag[b] !== stamp) {
                blockExpTag[b] = stamp;
                blockExpLog[b] = log;
                expBlocks[nExp++] = b;
              } else if (log < blockExpLog[b]) {
                blockExpLog[b] = log;
              }
            }
          }
        }
      }
      for (let t = 0; t < nExp; t++) {
        const b = expBlocks[t];
        if (blockIterTag[b] !== this.iterStamp) {
          blockIterTag[b] = this.iterStamp;
          blockLog[b] = 0;
          iterBlocks[nIter++] = b;
        }
        blockLog[b] += blockExpLog[b];
      }
    }
    return nIter;
  }

  /** Exact ALE in the given blocks: records supra-threshold voxels and the running maximum. */
  private evaluateBlocks(blocks: number[], logLimit: number): void {
    if (blocks.length === 0) return;
    const [n0, n1, n2] = this.shape;
    const [nb0, nb1, nb2] = this.nb;
    const { fi, fj, fk, focusKernel, blockLocal, blockEvalTag } = this;
    const nFoci = fi.length;
    for (let t = 0; t < blocks.length; t++) {
      blockEvalTag[blocks[t]] = this.evalStamp;
      blockLocal[blocks[t]] = t;
    }
    // Foci reaching each block, in focus (hence experiment) order: a CSR list built in two passes.
    const offsets = new Int32Array(blocks.length + 1);
    const visit = (fill: Int32Array | null, cursor: Int32Array | null) => {
      for (let f = 0; f < nFoci; f++) {
        const r = this.kernels[focusKernel[f]].radius;
        const ci = fi[f], cj = fj[f], ck = fk[f];
        const bi0 = firstBlock(ci, r), bi1 = lastBlock(ci, r, nb0);
        const bj0 = firstBlock(cj, r), bj1 = lastBlock(cj, r, nb1);
        const bk0 = firstBlock(ck, r), bk1 = lastBlock(ck, r, nb2);
        for (let bi = bi0; bi <= bi1; bi++) {
          for (let bj = bj0; bj <= bj1; bj++) {
            const blockRow = (bi * nb1 + bj) * nb2;
            for (let bk = bk0; bk <= bk1; bk++) {
              const b = blockRow + bk;
              if (blockEvalTag[b] !== this.evalStamp) continue;
              const local = blockLocal[b];
              if (fill && cursor) fill[cursor[local]++] = f;
              else offsets[local + 1]++;
            }
          }
        }
      }
    };
    visit(null, null);
    for (let t = 0; t < blocks.length; t++) offsets[t + 1] += offsets[t];
    const entries = new Int32Array(offsets[blocks.length]);
    visit(entries, offsets.slice(0, blocks.length));

    for (let t = 0; t < blocks.length; t++) {
      const b = blocks[t];
      const bk = b % nb2;
      const bij = (b - bk) / nb2;
      const bj = bij % nb1;
      const bi = (bij - bj) / nb1;
      const e0 = offsets[t], e1 = offsets[t + 1];
      // Refine the bound on the eight 2³ sub-blocks before computing voxels exactly.
      const subLog = this.subBlockLogs(bi * BLOCK, bj * BLOCK, bk * BLOCK, entries, e0, e1);
      for (let s = 0; s < 8; s++) {
        if (subLog[s] >= logLimit + BOUND_MARGIN) continue;
        const i0 = bi * BLOCK + (s >> 2) * SUB, j0 = bj * BLOCK + ((s >> 1) & 1) * SUB, k0 = bk * BLOCK + (s & 1) * SUB;
        if (i0 >= n0 || j0 >= n1 || k0 >= n2) continue;
        this.evaluateVoxels(i0, Math.min(n0, i0 + SUB), j0, Math.min(n1, j0 + SUB), k0, Math.min(n2, k0 + SUB), entries, e0, e1);
      }
    }
  }

  /** Σ_e min log1p(−kernel) over each 2³ sub-block of the block at (i0, j0, k0), from the foci that reach the block. */
  private subBlockLogs(i0: number, j0: number, k0: number, entries: Int32Array, e0: number, e1: number): Float64Array {
    const { fi, fj, fk, focusKernel, focusExperiment, kernelLogs, subLog, subMin } = this;
    subLog.fill(0);
    subMin.fill(0);
    let current = focusExperiment[entries[e0]];
    for (let x = e0; x < e1; x++) {
      const f = entries[x];
      const e = focusExperiment[f];
      if (e !== current) {
        for (let s = 0; s < 8; s++) subLog[s] += subMin[s];
        subMin.fill(0);
        current = e;
      }
      const kf = focusKernel[f];
      const r = this.kernels[kf].radius;
      const side = 2 * r + 1;
      const logs = kernelLogs[kf];
      for (let si = 0; si < 2; si++) {
        const di = subDistance(fi[f], i0 + si * SUB);
        if (di > r) continue;
        for (let sj = 0; sj < 2; sj++) {
          const dj = subDistance(fj[f], j0 + sj * SUB);
          if (dj > r) continue;
          const row = ((r + di) * side + (r + dj)) * side + r;
          for (let sk = 0; sk < 2; sk++) {
            const dk = subDistance(fk[f], k0 + sk * SUB);
            if (dk > r) continue;
            const s = (si << 2) | (sj << 1) | sk;
            const log = logs[row + dk];
            if (log < subMin[s]) subMin[s] = log;
          }
        }
      }
    }
    for (let s = 0; s < 8; s++) subLog[s] += subMin[s];
    return subLog;
  }

  /** Exact ALE of the mask voxels in a box, from the foci listed in entries[e0, e1). */
  private evaluateVoxels(i0: number, i1: number, j0: number, j1: number, k0: number, k1: number, entries: Int32Array, e0: number, e1: number): void {
    const [, n1, n2] = this.shape;
    const { fi, fj, fk, focusKernel, focusExperiment, kernelLogs, mask } = this;
    for (let i = i0; i < i1; i++) {
      for (let j = j0; j < j1; j++) {
        for (let k = k0; k < k1; k++) {
          const v = (i * n1 + j) * n2 + k;
          if (mask[v] === 0) continue;
          let logSum = 0;
          let current = -1;
          let currentMin = 0;
          for (let x = e0; x < e1; x++) {
            const f = entries[x];
            const e = focusExperiment[f];
            if (e !== current) {
              logSum += currentMin;
              current = e;
              currentMin = 0;
            }
            const kf = focusKernel[f];
            const r = this.kernels[kf].radius;
            const di = i - fi[f], dj = j - fj[f], dk = k - fk[f];
            if (di < -r || di > r || dj < -r || dj > r || dk < -r || dk > r) continue;
            const side = 2 * r + 1;
            const log = kernelLogs[kf][((di + r) * side + (dj + r)) * side + (dk + r)];
            if (log < currentMin) currentMin = log;
          }
          logSum += currentMin;
          const ale = Math.fround(1 - Math.exp(logSum));
          if (ale > this.maxAle) this.maxAle = ale;
          if (ale > this.threshold32) this.pushSupra(v, ale);
        }
      }
    }
  }

  private pushSupra(flat: number, ale: number): void {
    if (this.nSupra === this.supraFlat.length) {
      const grownFlat = new Int32Array(this.supraFlat.length * 2);
      grownFlat.set(this.supraFlat);
      this.supraFlat = grownFlat;
      const grownAle = new Float64Array(this.supraAle.length * 2);
      grownAle.set(this.supraAle);
      this.supraAle = grownAle;
    }
    this.supraFlat[this.nSupra] = flat;
    this.supraAle[this.nSupra] = ale;
    this.nSupra++;
  }

  /** Size and mass of the largest clusters, from the supra-threshold voxels in grid order. */
  private largestCluster(): { maxSize: number; maxMass: number } {
    const n = this.nSupra;
    if (n === 0) return { maxSize: 0, maxMass: 0 };
    const order = Array.from({ length: n }, (_, t) => t).sort((a, b) => this.supraFlat[a] - this.supraFlat[b]);
    const voxels = Int32Array.from(order, (t) => this.supraFlat[t]);
    const { component, nComponents } = this.labeller.label(voxels, n);
    const size = new Float64Array(nComponents);
    const mass = new Float64Array(nComponents);
    for (let t = 0; t < n; t++) {
      size[component[t]]++;
      mass[component[t]] += this.supraAle[order[t]] - this.threshold;
    }
    let maxSize = 0;
    let maxMass = 0;
    for (let c = 0; c < nComponents; c++) {
      if (size[c] > maxSize) maxSize = size[c];
      if (mass[c] > maxMass) maxMass = mass[c];
    }
    return { maxSize, maxMass };
  }
}

function centreIndex(radius: number): number {
  const side = 2 * radius + 1;
  return (radius * side + radius) * side + radius;
}

/** First and last block along one axis that a kernel of radius r centred at voxel c reaches. */
function firstBlock(c: number, r: number): number {
  return Math.max(0, Math.floor((c - r) / BLOCK));
}

function lastBlock(c: number, r: number, nBlocks: number): number {
  return Math.min(nBlocks - 1, Math.floor((c + r) / BLOCK));
}

/** Distance along one axis from voxel c to the nearest voxel of the sub-block starting at lo. */
function subDistance(c: number, lo: number): number {
  return c < lo ? lo - c : c > lo + SUB - 1 ? c - (lo + SUB - 1) : 0;
}

/** Distance along one axis from voxel c to the nearest voxel of block b (0 when inside). */
function axisDistance(c: number, b: number, n: number): number {
  const lo = b * BLOCK;
  const hi = Math.min(n - 1, lo + BLOCK - 1);
  return c < lo ? lo - c : c > hi ? c - hi : 0;
}
