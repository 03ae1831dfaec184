/**
 * The dense strategy: when hundreds of experiments (or thousands of foci)
 * put the threshold within reach almost everywhere, every kernel is stamped,
 * slab by slab in cache, in WebAssembly SIMD. Where few voxels come near the
 * threshold it stamps only kernel cores and computes the undecided voxels
 * exactly; where many do (the supra-threshold set alone can be 7 % of the
 * brain), whole kernels are cheaper. Iteration 0, stamped whole, decides.
 * Without WebAssembly SIMD the TypeScript twin stamps whole kernels.
 */
import { countBelow } from '../../core/sorted.ts';
import type { NullIterationEngine } from './engine.ts';
import { NullFoci } from './nullFoci.ts';
import type { IterationMaxima, NullModelSpec } from './nullModel.ts';
import { SlabStamping } from './slabStamping.ts';
import { SupraThresholdVoxels } from './supraThreshold.ts';
import { coreLengths, WasmSlabStamping, wasmSimdAvailable } from './wasmSlabStamping.ts';

/** Bands tried for the kernel-core bound, as shares of |log1p(−threshold)|. */
const CORE_BANDS = [0.02, 0.05, 0.1, 0.2];
/**
 * Measured on a 2-core EPYC (Node 20, WebAssembly SIMD): ~2.5 ns per value of
 * whole-kernel stamping (rows of 17), ~3 ns per value of core stamping (short
 * rows), ~50 ns per focus reaching a voxel that is computed exactly.
 */
const NS_WHOLE = 2.5;
const NS_CORE = 3;
const NS_EXACT_PER_FOCUS = 50;

export interface SlabPlan {
  /** τ of the kernel cores; 0 = whole kernels. */
  tau: number;
  /** Predicted ns per iteration of the chosen plan, and of whole kernels. */
  predictedNs: number;
  wholeNs: number;
}

/** Chooses whole kernels or kernel cores from iteration 0's exact log sums. */
export function planSlabs(foci: NullFoci, threshold32: number, logs: Float64Array): SlabPlan {
  let wholeValues = 0;
  for (let f = 0; f < foci.count; f++) wholeValues += (2 * foci.kernels[foci.focusKernel[f]].radius + 1) ** 3;
  const wholeNs = NS_WHOLE * wholeValues;
  const fociPerVoxel = wholeValues / foci.mask.reduce((n, m) => n + m, 0);
  const logThreshold = Math.log1p(-threshold32);
  const sorted = Float64Array.from(logs).sort();
  let best: SlabPlan = { tau: 0, predictedNs: wholeNs, wholeNs };
  for (const band of CORE_BANDS) {
    const tau = (band * -logThreshold) / foci.nExperiments;
    const tail = foci.nExperiments * Math.log1p(-tau);
    // Exact sums are at most the core sums, so this over-counts the voxels left undecided: a safe estimate.
    const undecided = countBelow(sorted, logThreshold - tail);
    const coreValues = foci.kernels.reduce((n, k, kf) => n + coreLengths(k.values, k.radius, tau).reduce((a, b) => a + b, 0) * countOf(foci.focusKernel, kf), 0);
    const ns = NS_CORE * coreValues + NS_EXACT_PER_FOCUS * fociPerVoxel * undecided;
    if (ns < best.predictedNs) best = { tau, predictedNs: ns, wholeNs };
  }
  return best;
}

function countOf(values: Int32Array, value: number): number {
  let n = 0;
  for (const v of values) if (v === value) n++;
  return n;
}

export class SlabEngine implements NullIterationEngine {
  readonly strategy: string;
  readonly plan: SlabPlan | null;
  private readonly foci: NullFoci;
  private readonly supra: SupraThresholdVoxels;
  private readonly stamping: { evaluate(foci: NullFoci, supra: SupraThresholdVoxels): void };

  constructor(spec: NullModelSpec) {
    this.foci = new NullFoci(spec);
    this.supra = new SupraThresholdVoxels(spec);
    if (!wasmSimdAvailable()) {
      this.stamping = new SlabStamping(this.foci, this.supra.reach32);
      this.plan = null;
      this.strategy = 'slab stamping, whole kernels (TypeScript: this runtime has no WebAssembly SIMD)';
      return;
    }
    const whole = new WasmSlabStamping(this.foci, this.supra.reach32);
    this.foci.draw(0);
    this.plan = planSlabs(this.foci, this.supra.reach32, whole.logSums(this.foci).logs);
    this.stamping = this.plan.tau > 0 ? new WasmSlabStamping(this.foci, this.supra.reach32, this.plan.tau) : whole;
    this.strategy = this.plan.tau > 0 ? `slab stamping, kernel cores ≥ ${this.plan.tau.toExponential(2)} (WebAssembly SIMD)` : 'slab stamping, whole kernels (WebAssembly SIMD)';
  }

  iteration(index: number): IterationMaxima {
    this.foci.draw(index);
    this.supra.reset();
    this.stamping.evaluate(this.foci, this.supra);
    return this.supra.maxima();
  }
}
