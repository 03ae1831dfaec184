/**
 * The random foci of one iteration and the per-focus tables every strategy
 * reads: kernel, experiment, and each kernel as log1p(−value), since an
 * experiment's MA maximum is the minimum of those logs (no log in hot loops).
 */
import type { Shape3 } from '../../core/grid.ts';
import { Xoshiro128 } from '../rng.ts';
import type { NullKernel, NullModelSpec } from './nullModel.ts';

export class NullFoci {
  readonly shape: Shape3;
  readonly mask: Uint8Array;
  readonly kernels: NullKernel[];
  readonly kernelLogs: Float64Array[];
  readonly focusKernel: Int32Array;
  readonly focusExperiment: Int32Array;
  readonly nExperiments: number;
  /** Largest kernel peak: every drawn focus sits on a mask voxel, whose ALE is at least that. */
  readonly peak: number;
  // Voxel indices of the current iteration's foci.
  readonly fi: Int32Array;
  readonly fj: Int32Array;
  readonly fk: Int32Array;
  private readonly maskedToFlat: Int32Array;
  private readonly seed: number;

  constructor(spec: NullModelSpec) {
    this.shape = spec.shape;
    this.mask = new Uint8Array(spec.shape[0] * spec.shape[1] * spec.shape[2]);
    for (const f of spec.maskedToFlat) this.mask[f] = 1;
    this.maskedToFlat = spec.maskedToFlat;
    this.seed = spec.seed;
    this.kernels = spec.kernels;
    this.kernelLogs = spec.kernels.map((k) => Float64Array.from(k.values, (v) => Math.log1p(-v)));
    this.nExperiments = spec.experimentFoci.length;
    const nFoci = spec.experimentFoci.reduce((a, b) => a + b, 0);
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
    this.peak = peak;
    this.fi = new Int32Array(nFoci);
    this.fj = new Int32Array(nFoci);
    this.fk = new Int32Array(nFoci);
  }

  get count(): number {
    return this.fi.length;
  }

  /** Foci positions of one iteration (flat voxel indices), drawn from its own stream (seed, iteration). */
  drawFlat(iteration: number): Int32Array {
    const rng = new Xoshiro128(this.seed, iteration);
    const V = this.maskedToFlat.length;
    const flat = new Int32Array(this.fi.length);
    for (let f = 0; f < flat.length; f++) flat[f] = this.maskedToFlat[rng.nextBelow(V)];
    return flat;
  }

  /** Draws the iteration's foci into fi, fj, fk. */
  draw(iteration: number): void {
    const [, n1, n2] = this.shape;
    const flat = this.drawFlat(iteration);
    for (let f = 0; f < flat.length; f++) {
      const v = flat[f];
      const k = v % n2;
      const ij = (v - k) / n2;
      this.fk[f] = k;
      this.fj[f] = ij % n1;
      this.fi[f] = (ij - (ij % n1)) / n1;
    }
  }
}

function centreIndex(radius: number): number {
  const side = 2 * radius + 1;
  return (radius * side + radius) * side + radius;
}
