/**
 * How the GPU cuts the grid: 8³ bricks, and the mask voxels in workgroups of
 * one brick each. Per iteration the device lists, for each brick, the foci
 * whose kernel reaches it (focusListShader.ts); this bounds how long those
 * lists can be.
 */
import type { Shape3 } from '../core/grid.ts';
import type { NullFoci } from '../inference/monteCarlo/nullFoci.ts';
import { GROUP_SIZE } from './logSumShader.ts';

/** Brick side in voxels; the shaders use the same. */
export const BRICK = 8;
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
  /** 1 for bricks that hold mask voxels: only those get focus lists. */
  readonly used: Uint32Array;

  constructor(shape: Shape3, maskedToFlat: Int32Array) {
    const [n0, n1, n2] = shape;
    if (Math.max(n0, n1, n2) > MAX_AXIS) throw new RangeError(`the grid (${shape.join(' × ')}) has an axis over ${MAX_AXIS} voxels`);
    this.bricks = [Math.ceil(n0 / BRICK), Math.ceil(n1 / BRICK), Math.ceil(n2 / BRICK)];
    this.nBricks = this.bricks[0] * this.bricks[1] * this.bricks[2];
    const brickOf = new Int32Array(maskedToFlat.length);
    const counts = new Int32Array(this.nBricks);
    this.used = new Uint32Array(this.nBricks);
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

  /** The most (brick, focus) pairs an iteration can have: a kernel of radius r spans at most ⌈(2r + 8) / 8⌉ bricks per axis. */
  entryBound(foci: NullFoci): number {
    let bound = 0;
    for (let f = 0; f < foci.count; f++) bound += Math.ceil((2 * foci.kernels[foci.focusKernel[f]].radius + BRICK) / BRICK) ** 3;
    return bound;
  }
}
