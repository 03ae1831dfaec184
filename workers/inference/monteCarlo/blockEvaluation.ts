/**
 * Exact ALE inside candidate blocks: the foci reaching each block are listed
 * once (in focus, hence experiment, order), the bound is refined on the
 * block's eight 2³ sub-blocks, and voxels are computed exactly only in
 * sub-blocks that can still reach the limit. The sums are the same float64
 * sums, in the same order, as full stamping.
 */
import { BLOCK, BOUND_MARGIN, firstBlock, lastBlock } from './blockBounds.ts';
import type { NullFoci } from './nullFoci.ts';
import type { SupraThresholdVoxels } from './supraThreshold.ts';

const SUB = 2;

export class BlockEvaluation {
  private readonly blockLocal: Int32Array;
  private readonly blockEvalTag: Int32Array;
  private evalStamp = 0;
  private readonly subLog = new Float64Array(8);
  private readonly subMin = new Float64Array(8);

  constructor(private readonly nb: readonly [number, number, number]) {
    const nBlocks = nb[0] * nb[1] * nb[2];
    this.blockLocal = new Int32Array(nBlocks);
    this.blockEvalTag = new Int32Array(nBlocks);
  }

  /** Exact ALE of the mask voxels in the given blocks whose sub-block bound is below logLimit. */
  evaluate(blocks: readonly number[], logLimit: number, foci: NullFoci, supra: SupraThresholdVoxels): void {
    if (blocks.length === 0) return;
    const [n0, n1, n2] = foci.shape;
    const [nb0, nb1, nb2] = this.nb;
    const { fi, fj, fk, focusKernel, kernels } = foci;
    const { blockLocal, blockEvalTag } = this;
    const stamp = ++this.evalStamp;
    const nFoci = fi.length;
    for (let t = 0; t < blocks.length; t++) {
      blockEvalTag[blocks[t]] = stamp;
      blockLocal[blocks[t]] = t;
    }
    // Foci reaching each block: a CSR list built in two passes.
    const offsets = new Int32Array(blocks.length + 1);
    const visit = (fill: Int32Array | null, cursor: Int32Array | null) => {
      for (let f = 0; f < nFoci; f++) {
        const r = kernels[focusKernel[f]].radius;
        const ci = fi[f], cj = fj[f], ck = fk[f];
        const bi0 = firstBlock(ci, r), bi1 = lastBlock(ci, r, nb0);
        const bj0 = firstBlock(cj, r), bj1 = lastBlock(cj, r, nb1);
        const bk0 = firstBlock(ck, r), bk1 = lastBlock(ck, r, nb2);
        for (let bi = bi0; bi <= bi1; bi++) {
          for (let bj = bj0; bj <= bj1; bj++) {
            const blockRow = (bi * nb1 + bj) * nb2;
            for (let bk = bk0; bk <= bk1; bk++) {
              const b = blockRow + bk;
              if (blockEvalTag[b] !== stamp) continue;
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
      const subLog = this.subBlockLogs(bi * BLOCK, bj * BLOCK, bk * BLOCK, entries, e0, e1, foci);
      for (let s = 0; s < 8; s++) {
        if (subLog[s] >= logLimit + BOUND_MARGIN) continue;
        const i0 = bi * BLOCK + (s >> 2) * SUB, j0 = bj * BLOCK + ((s >> 1) & 1) * SUB, k0 = bk * BLOCK + (s & 1) * SUB;
        if (i0 >= n0 || j0 >= n1 || k0 >= n2) continue;
        evaluateVoxels(i0, Math.min(n0, i0 + SUB), j0, Math.min(n1, j0 + SUB), k0, Math.min(n2, k0 + SUB), entries, e0, e1, foci, supra);
      }
    }
  }

  /** Σ_e min log1p(−kernel) over each 2³ sub-block of the block at (i0, j0, k0), from the foci that reach the block. */
  private subBlockLogs(i0: number, j0: number, k0: number, entries: Int32Array, e0: number, e1: number, foci: NullFoci): Float64Array {
    const { fi, fj, fk, focusKernel, focusExperiment, kernelLogs, kernels } = foci;
    const { subLog, subMin } = this;
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
      const r = kernels[kf].radius;
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
}

/** Exact ALE of the mask voxels in a box, from the foci listed in entries[e0, e1). */
function evaluateVoxels(i0: number, i1: number, j0: number, j1: number, k0: number, k1: number, entries: Int32Array, e0: number, e1: number, foci: NullFoci, supra: SupraThresholdVoxels): void {
  const [, n1, n2] = foci.shape;
  const { fi, fj, fk, focusKernel, focusExperiment, kernelLogs, kernels, mask } = foci;
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
          const r = kernels[kf].radius;
          const di = i - fi[f], dj = j - fj[f], dk = k - fk[f];
          if (di < -r || di > r || dj < -r || dj > r || dk < -r || dk > r) continue;
          const side = 2 * r + 1;
          const log = kernelLogs[kf][((di + r) * side + (dj + r)) * side + (dk + r)];
          if (log < currentMin) currentMin = log;
        }
        logSum += currentMin;
        supra.offer(v, Math.fround(1 - Math.exp(logSum)));
      }
    }
  }
}

/** Distance along one axis from voxel c to the nearest voxel of the sub-block starting at lo. */
function subDistance(c: number, lo: number): number {
  return c < lo ? lo - c : c > lo + SUB - 1 ? c - (lo + SUB - 1) : 0;
}
