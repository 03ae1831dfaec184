/**
 * Upper bounds of ALE per 4³-voxel block: for each experiment the kernel
 * value at the block's nearest point to each focus, combined as an ALE. A
 * block whose bound stays below the threshold cannot hold a supra-threshold
 * voxel. Bounds are exact in floating point; BOUND_MARGIN only guards
 * against log1p/exp not being perfectly monotone. The nearest point is read
 * at its distance from the focus, not its signed offset: ALE's Gaussian
 * kernels are symmetric on every axis and fall from their centre, which
 * makes that value the block's largest.
 */
import type { NullFoci } from './nullFoci.ts';

export const BLOCK = 4;
export const BOUND_MARGIN = 1e-9;

export class BlockBounds {
  /** Blocks along each axis. */
  readonly nb: [number, number, number];
  /** Σ_e log1p(−max kernel value of e in the block), for the blocks listed in `touched`. */
  readonly blockLog: Float64Array;
  readonly touched: Int32Array;
  nTouched = 0;
  private readonly blockExpTag: Int32Array;
  private readonly blockExpLog: Float64Array;
  private readonly blockIterTag: Int32Array;
  private readonly expBlocks: Int32Array;
  private expStamp = 0;
  private iterStamp = 0;

  constructor(shape: readonly [number, number, number]) {
    this.nb = [Math.ceil(shape[0] / BLOCK), Math.ceil(shape[1] / BLOCK), Math.ceil(shape[2] / BLOCK)];
    const nBlocks = this.nb[0] * this.nb[1] * this.nb[2];
    this.blockLog = new Float64Array(nBlocks);
    this.touched = new Int32Array(nBlocks);
    this.blockExpTag = new Int32Array(nBlocks);
    this.blockExpLog = new Float64Array(nBlocks);
    this.blockIterTag = new Int32Array(nBlocks);
    this.expBlocks = new Int32Array(nBlocks);
  }

  /** Bounds every block the iteration's kernels reach; returns how many. */
  bound(foci: NullFoci): number {
    const [n0, n1, n2] = foci.shape;
    const [nb0, nb1, nb2] = this.nb;
    const { fi, fj, fk, focusKernel, focusExperiment, kernelLogs, kernels } = foci;
    const { blockExpTag, blockExpLog, blockIterTag, blockLog, expBlocks, touched } = this;
    const iterStamp = ++this.iterStamp;
    let nIter = 0;
    let f = 0;
    const nFoci = fi.length;
    while (f < nFoci) {
      const e = focusExperiment[f];
      const stamp = ++this.expStamp;
      let nExp = 0;
      for (; f < nFoci && focusExperiment[f] === e; f++) {
        const r = kernels[focusKernel[f]].radius;
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
        if (blockIterTag[b] !== iterStamp) {
          blockIterTag[b] = iterStamp;
          blockLog[b] = 0;
          touched[nIter++] = b;
        }
        blockLog[b] += blockExpLog[b];
      }
    }
    this.nTouched = nIter;
    return nIter;
  }
}

/** First and last block along one axis that a kernel of radius r centred at voxel c reaches. */
export function firstBlock(c: number, r: number): number {
  return Math.max(0, Math.floor((c - r) / BLOCK));
}

export function lastBlock(c: number, r: number, nBlocks: number): number {
  return Math.min(nBlocks - 1, Math.floor((c + r) / BLOCK));
}

/** Distance along one axis from voxel c to the nearest voxel of block b (0 when inside). */
function axisDistance(c: number, b: number, n: number): number {
  const lo = b * BLOCK;
  const hi = Math.min(n - 1, lo + BLOCK - 1);
  return c < lo ? lo - c : c > hi ? c - hi : 0;
}
