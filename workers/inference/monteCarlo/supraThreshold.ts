/**
 * The supra-threshold voxels of one iteration and its maxima: the largest
 * ALE, and the size and mass of the largest clusters (labelled on the grid,
 * in grid order, so masses are summed in the same order as full stamping).
 * With TFCE, the voxels between its floor and the threshold are kept too,
 * and the iteration's largest TFCE is computed over both.
 */
import { ClusterLabeller } from '../../core/clusterLabeller.ts';
import type { IterationMaxima, NullModelSpec } from './nullModel.ts';
import { NullTfce } from './nullTfce.ts';

/**
 * A voxel can pass the threshold only if its log sum is below this: 1 − exp(L) ≥ t(1 − 1e-6),
 * a margin that dwarfs any rounding of exp and log1p. Exact ALE decides for those that do.
 */
export function supraLogLimit(threshold32: number): number {
  return Math.log1p(-threshold32 * (1 - 1e-6));
}

/** Offer indices stay below this: grids hold at most 256³ = 2^24 voxels, so flat · 2^26 + t < 2^50 is exact in a double. */
const ORDER_SPAN = 2 ** 26;

/** The lowest ALE (float32) a model's engines must compute exactly: the threshold, or TFCE's floor below it. */
export function reachOf(spec: Pick<NullModelSpec, 'threshold' | 'tfce'>): number {
  const threshold32 = Math.fround(spec.threshold);
  return spec.tfce ? Math.min(threshold32, Math.fround(spec.tfce.floor)) : threshold32;
}

/** A growable list of voxels with their ALE. */
class VoxelList {
  flat = new Int32Array(4096);
  ale = new Float64Array(4096);
  n = 0;

  push(flat: number, ale: number): void {
    if (this.n === this.flat.length) {
      const grownFlat = new Int32Array(this.flat.length * 2);
      grownFlat.set(this.flat);
      this.flat = grownFlat;
      const grownAle = new Float64Array(this.ale.length * 2);
      grownAle.set(this.ale);
      this.ale = grownAle;
    }
    this.flat[this.n] = flat;
    this.ale[this.n] = ale;
    this.n++;
  }
}

export class SupraThresholdVoxels {
  /** Cluster-forming threshold in ALE units, and as NumPy compares it (float32). */
  readonly threshold: number;
  readonly threshold32: number;
  /**
   * The lowest ALE the engines must compute exactly (float32): the threshold,
   * or TFCE's floor below it. Voxels not above it are never offered.
   */
  readonly reach32: number;
  maxAle = 0;
  private readonly supra = new VoxelList();
  /** Voxels above TFCE's floor but not above the threshold. */
  private readonly below = new VoxelList();
  private readonly labeller: ClusterLabeller;
  private readonly tfce: NullTfce | null;

  constructor(spec: Pick<NullModelSpec, 'shape' | 'connectivity' | 'threshold' | 'tfce'>) {
    this.threshold = spec.threshold;
    this.threshold32 = Math.fround(spec.threshold);
    this.labeller = new ClusterLabeller(spec.shape, spec.connectivity);
    this.tfce = spec.tfce ? new NullTfce(spec.shape, spec.tfce) : null;
    this.reach32 = reachOf(spec);
  }

  /** Voxels offered above the reach: when 0, the largest ALE has not been seen yet. */
  get count(): number {
    return this.supra.n + this.below.n;
  }

  reset(): void {
    this.supra.n = 0;
    this.below.n = 0;
    this.maxAle = 0;
  }

  /** Records an exactly computed float32 ALE value at a voxel. */
  offer(flat: number, ale: number): void {
    if (ale > this.maxAle) this.maxAle = ale;
    if (ale > this.threshold32) this.supra.push(flat, ale);
    else if (ale > this.reach32) this.below.push(flat, ale);
  }

  /** Records the iteration's largest ALE where it was found without visiting voxels one by one. */
  offerMaximum(ale: number): void {
    if (ale > this.maxAle) this.maxAle = ale;
  }

  maxima(): IterationMaxima {
    const clusters = this.clusterMaxima();
    if (!this.tfce) return clusters;
    // TFCE takes the supra-threshold voxels and those below them together, in any order.
    for (let t = 0; t < this.supra.n; t++) this.below.push(this.supra.flat[t], this.supra.ale[t]);
    return { ...clusters, maxTfce: this.tfce.maximum(this.below.flat, this.below.ale, this.below.n) };
  }

  private clusterMaxima(): IterationMaxima {
    const { n, flat, ale } = this.supra;
    if (n === 0) return { maxAle: this.maxAle, maxSize: 0, maxMass: 0 };
    // Grid order by a numeric typed-array sort of (flat, offer index) keys: many times faster than a comparator.
    const keys = new Float64Array(n);
    for (let t = 0; t < n; t++) keys[t] = flat[t] * ORDER_SPAN + t;
    keys.sort();
    const order = new Int32Array(n);
    const voxels = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      order[t] = keys[t] % ORDER_SPAN;
      voxels[t] = flat[order[t]];
    }
    const { component, nComponents } = this.labeller.label(voxels, n);
    const size = new Float64Array(nComponents);
    const mass = new Float64Array(nComponents);
    for (let t = 0; t < n; t++) {
      size[component[t]]++;
      mass[component[t]] += ale[order[t]] - this.threshold;
    }
    let maxSize = 0;
    let maxMass = 0;
    for (let c = 0; c < nComponents; c++) {
      if (size[c] > maxSize) maxSize = size[c];
      if (mass[c] > maxMass) maxMass = mass[c];
    }
    return { maxAle: this.maxAle, maxSize, maxMass };
  }
}
