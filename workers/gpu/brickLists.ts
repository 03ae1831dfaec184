/**
 * What the GPU threads read, built on the CPU: the mask voxels in workgroups
 * of one 8³ brick each, and per iteration the foci whose kernel reaches each
 * brick, in focus order (hence experiment order, as the CPU sums them).
 */
import type { Shape3 } from '../core/grid.ts';
import type { NullFoci } from '../inference/monteCarlo/nullFoci.ts';
import { GROUP_SIZE } from './logSumShader.ts';

const BRICK_SHIFT = 3;
const BRICK = 1 << BRICK_SHIFT;
/** Voxel coordinates travel packed in 10 bits each. */
export const MAX_AXIS = 1024;
export const EMPTY_SLOT = 0xffffffff;

export function packVoxel(i: number, j: number, k: number): number {
  return (i | (j << 10) | (k << 20)) >>> 0;
}

export class BrickLayout {
  readonly bricks: [number, number, number];
  readonly nBricks: number;
  /** Per thread slot: packed voxel and mask index (EMPTY_SLOT pads a brick's last group). */
  readonly slots: Uint32Array;
  readonly groupBrick: Uint32Array;
  /** Bricks that hold mask voxels: only those get focus lists. */
  private readonly used: Uint8Array;
  private ranges = new Int32Array(0);
  private out = new Uint32Array(0);
  private readonly cursor: Uint32Array;

  constructor(shape: Shape3, maskedToFlat: Int32Array) {
    const [n0, n1, n2] = shape;
    if (Math.max(n0, n1, n2) > MAX_AXIS) throw new RangeError(`the grid (${shape.join(' × ')}) has an axis over ${MAX_AXIS} voxels`);
    this.bricks = [Math.ceil(n0 / BRICK), Math.ceil(n1 / BRICK), Math.ceil(n2 / BRICK)];
    this.nBricks = this.bricks[0] * this.bricks[1] * this.bricks[2];
    const brickOf = new Int32Array(maskedToFlat.length);
    const counts = new Int32Array(this.nBricks);
    this.used = new Uint8Array(this.nBricks);
    this.cursor = new Uint32Array(this.nBricks);
    for (let t = 0; t < maskedToFlat.length; t++) {
      const v = maskedToFlat[t];
      const k = v % n2;
      const j = ((v - k) / n2) % n1;
      const i = Math.floor(v / (n1 * n2));
      const b = this.brickAt(i, j, k);
      brickOf[t] = b;
      counts[b]++;
      this.used[b] = 1;
    }
    let nGroups = 0;
    for (const c of counts) nGroups += Math.ceil(c / GROUP_SIZE);
    this.groupBrick = new Uint32Array(nGroups);
    this.slots = new Uint32Array(nGroups * GROUP_SIZE * 2).fill(EMPTY_SLOT);
    const firstGroup = new Int32Array(this.nBricks);
    for (let b = 0, g = 0; b < this.nBricks; b++) {
      firstGroup[b] = g;
      for (let n = Math.ceil(counts[b] / GROUP_SIZE); n > 0; n--) this.groupBrick[g++] = b;
    }
    const filled = new Int32Array(this.nBricks);
    for (let t = 0; t < maskedToFlat.length; t++) {
      const v = maskedToFlat[t];
      const k = v % n2;
      const j = ((v - k) / n2) % n1;
      const i = Math.floor(v / (n1 * n2));
      const b = brickOf[t];
      const s = firstGroup[b] * GROUP_SIZE + filled[b]++;
      this.slots[2 * s] = packVoxel(i, j, k);
      this.slots[2 * s + 1] = t;
    }
  }

  get nGroups(): number {
    return this.groupBrick.length;
  }

  private brickAt(i: number, j: number, k: number): number {
    return (Math.floor(i / BRICK) * this.bricks[1] + Math.floor(j / BRICK)) * this.bricks[2] + Math.floor(k / BRICK);
  }

  /**
   * The focus lists of a batch of iterations (foci drawn for each in turn), as
   * the shader reads them: one base offset per iteration, then per iteration
   * nBricks + 1 list offsets and the entries (valid until the next call). Also
   * fills the packed positions.
   */
  batchLists(foci: NullFoci, iterations: readonly number[], positions: Uint32Array): Uint32Array {
    const nb = this.nBricks;
    let at = iterations.length;
    this.reserve(at);
    for (const [n, iteration] of iterations.entries()) {
      foci.draw(iteration);
      for (let f = 0; f < foci.count; f++) positions[n * foci.count + f] = packVoxel(foci.fi[f], foci.fj[f], foci.fk[f]);
      this.brickRanges(foci);
      this.reserve(at + nb + 1);
      const offsets = at;
      this.out[n] = offsets;
      this.out.fill(0, offsets, offsets + nb + 1);
      this.countReaches(foci.count, offsets + 1);
      const counts = this.out;
      for (let b = 0; b < nb; b++) counts[offsets + b + 1] += counts[offsets + b];
      const first = offsets + nb + 1;
      this.reserve(first + counts[offsets + nb]);
      this.cursor.set(this.out.subarray(offsets, offsets + nb));
      this.fillReaches(foci.count, first);
      at = first + this.out[offsets + nb];
    }
    return this.out.subarray(0, at);
  }

  /** Each focus's range of bricks, inclusive and clipped to the grid. */
  private brickRanges(foci: NullFoci): void {
    const [b0, b1, b2] = this.bricks;
    const [n0, n1, n2] = foci.shape;
    if (this.ranges.length < 6 * foci.count) this.ranges = new Int32Array(6 * foci.count);
    const R = this.ranges;
    for (let f = 0, o = 0; f < foci.count; f++, o += 6) {
      const r = foci.kernels[foci.focusKernel[f]].radius;
      R[o] = Math.max(0, foci.fi[f] - r) >> BRICK_SHIFT;
      R[o + 1] = Math.min(b0 - 1, Math.min(n0 - 1, foci.fi[f] + r) >> BRICK_SHIFT);
      R[o + 2] = Math.max(0, foci.fj[f] - r) >> BRICK_SHIFT;
      R[o + 3] = Math.min(b1 - 1, Math.min(n1 - 1, foci.fj[f] + r) >> BRICK_SHIFT);
      R[o + 4] = Math.max(0, foci.fk[f] - r) >> BRICK_SHIFT;
      R[o + 5] = Math.min(b2 - 1, Math.min(n2 - 1, foci.fk[f] + r) >> BRICK_SHIFT);
    }
  }

  /** Adds, at out[at + b], how many foci reach each used brick b. */
  private countReaches(nFoci: number, at: number): void {
    const [, b1, b2] = this.bricks;
    const { ranges: R, used, out } = this;
    for (let f = 0, o = 0; f < nFoci; f++, o += 6) {
      for (let i = R[o]; i <= R[o + 1]; i++) {
        for (let j = R[o + 2]; j <= R[o + 3]; j++) {
          for (let k = R[o + 4], b = (i * b1 + j) * b2 + k; k <= R[o + 5]; k++, b++) out[at + b] += used[b];
        }
      }
    }
  }

  /** Writes each focus into the lists of the used bricks it reaches, in focus order. */
  private fillReaches(nFoci: number, first: number): void {
    const [, b1, b2] = this.bricks;
    const { ranges: R, used, out, cursor } = this;
    for (let f = 0, o = 0; f < nFoci; f++, o += 6) {
      for (let i = R[o]; i <= R[o + 1]; i++) {
        for (let j = R[o + 2]; j <= R[o + 3]; j++) {
          for (let k = R[o + 4], b = (i * b1 + j) * b2 + k; k <= R[o + 5]; k++, b++) if (used[b]) out[first + cursor[b]++] = f;
        }
      }
    }
  }

  private reserve(length: number): void {
    if (this.out.length >= length) return;
    const grown = new Uint32Array(Math.ceil(length * 1.5));
    grown.set(this.out);
    this.out = grown;
  }
}
