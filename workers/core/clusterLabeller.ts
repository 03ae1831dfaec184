/**
 * Connected components of supra-threshold voxels on the full grid, found by
 * breadth-first search from the (few) supra-threshold voxels only, so the
 * cost does not depend on the grid size.
 */
import type { Shape3 } from './grid.ts';

export type Connectivity = 6 | 18 | 26;

/** Neighbour steps: faces (6), faces + edges (18), faces + edges + corners (26). */
export function neighbourSteps(connectivity: Connectivity): Int8Array {
  const steps: number[] = [];
  for (let di = -1; di <= 1; di++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let dk = -1; dk <= 1; dk++) {
        const order = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (order === 0) continue;
        if (connectivity === 6 && order > 1) continue;
        if (connectivity === 18 && order > 2) continue;
        steps.push(di, dj, dk);
      }
    }
  }
  return Int8Array.from(steps);
}

/**
 * Reusable labeller: scratch buffers over the grid are allocated once and
 * cleaned through the voxel lists, which matters when labelling thousands
 * of Monte-Carlo maps.
 */
export class ClusterLabeller {
  private readonly slot: Int32Array;
  private readonly steps: Int8Array;
  private queue = new Int32Array(1024);

  constructor(private readonly shape: Shape3, connectivity: Connectivity) {
    this.slot = new Int32Array(shape[0] * shape[1] * shape[2]).fill(-1);
    this.steps = neighbourSteps(connectivity);
  }

  /**
   * Labels `count` voxels given by flat index. Returns, for each of them,
   * its component number (0-based, in order of first appearance) and the
   * number of components.
   */
  label(voxels: Int32Array, count: number): { component: Int32Array; nComponents: number } {
    const [n0, n1, n2] = this.shape;
    const slot = this.slot;
    const steps = this.steps;
    for (let t = 0; t < count; t++) slot[voxels[t]] = t;
    const component = new Int32Array(count).fill(-1);
    if (this.queue.length < count) this.queue = new Int32Array(count);
    const queue = this.queue;
    let nComponents = 0;
    for (let seed = 0; seed < count; seed++) {
      if (component[seed] !== -1) continue;
      const c = nComponents++;
      component[seed] = c;
      let head = 0;
      let tail = 0;
      queue[tail++] = seed;
      while (head < tail) {
        const v = voxels[queue[head++]];
        const k = v % n2;
        const ij = (v - k) / n2;
        const j = ij % n1;
        const i = (ij - j) / n1;
        for (let s = 0; s < steps.length; s += 3) {
          const ni = i + steps[s], nj = j + steps[s + 1], nk = k + steps[s + 2];
          if (ni < 0 || nj < 0 || nk < 0 || ni >= n0 || nj >= n1 || nk >= n2) continue;
          const t = slot[(ni * n1 + nj) * n2 + nk];
          if (t !== -1 && component[t] === -1) {
            component[t] = c;
            queue[tail++] = t;
          }
        }
      }
    }
    for (let t = 0; t < count; t++) slot[voxels[t]] = -1;
    return { component, nComponents };
  }
}
