/**
 * The Monte-Carlo null as plain data (spec §6.1–6.2): what a worker needs to
 * run iterations, built once from the observed analysis and posted to every
 * worker. In each iteration every focus moves to a uniformly drawn mask voxel.
 */
import type { Connectivity } from '../../core/clusterLabeller.ts';
import type { Geometry, Shape3 } from '../../core/grid.ts';
import type { AleKernel } from '../../core/kernel.ts';
import type { NullParts, ObservedAnalysis } from '../../core/observedAnalysis.ts';
import type { PreparedExperiment } from '../../core/prepare.ts';
import { jaleBins } from '../../core/jaleNull.ts';
import { tfceNullSpec, type TfceNullSpec } from './nullTfce.ts';
import type { PerIterationNullSpec } from './perIterationNull.ts';

export interface NullKernel {
  radius: number;
  /** Float32 kernel cube of side 2·radius + 1, C order. */
  values: Float32Array;
}

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
  /** When set, every iteration also records its largest TFCE. */
  tfce: TfceNullSpec | null;
  /** When set, each iteration forms its clusters at its own analytic null's threshold (JALE's design), not at `threshold`. */
  perIteration?: PerIterationNullSpec;
}

/** The three maxima of one iteration. */
export interface IterationMaxima {
  maxAle: number;
  maxSize: number;
  maxMass: number;
  /** Present when the model asks for TFCE. */
  maxTfce?: number;
}

/** The maxima of a batch of iterations. */
export interface NullMaxima {
  /** First iteration index of this batch. */
  start: number;
  maxAle: Float64Array;
  maxSize: Float64Array;
  maxMass: Float64Array;
  maxTfce?: Float64Array;
}

/** Each experiment's kernel as an index into the distinct kernels (experiments of one width share one), and those kernels as plain data. */
export function kernelTable(kernels: readonly AleKernel[]): Pick<NullModelSpec, 'kernels' | 'experimentKernel'> {
  const distinct: AleKernel[] = [];
  const experimentKernel = Int32Array.from(kernels, (k) => {
    const at = distinct.indexOf(k);
    return at >= 0 ? at : distinct.push(k) - 1;
  });
  return { kernels: distinct.map((k) => ({ radius: k.radius, values: k.values })), experimentKernel };
}

/** The plain-data description of the Monte-Carlo null that workers run. */
export function nullModelSpec(
  experiments: readonly PreparedExperiment[],
  observed: ObservedAnalysis,
  geometry: Geometry,
  connectivity: Connectivity,
  seed: number,
  tfce = false,
  /** The cluster-forming p, when each iteration is to form clusters at its own null's threshold. */
  perIterationFormingP: number | null = null,
): NullModelSpec {
  return {
    shape: geometry.shape,
    maskedToFlat: geometry.maskedToFlat,
    ...kernelTable(observed.kernels),
    experimentFoci: Int32Array.from(experiments, (e) => e.ijk.length / 3),
    threshold: observed.threshold,
    connectivity,
    seed,
    tfce: tfce ? tfceNullSpec(observed.nullDist) : null,
    ...(perIterationFormingP === null ? {} : { perIteration: perIterationSpec(observed.kernels, observed.nullParts, perIterationFormingP) }),
  };
}

/** The cluster-forming p each iteration reads on its own null when the options ask for JALE's design; null: the observed threshold. */
export function perIterationFormingP(options: { mcThreshold?: 'observed' | 'per-iteration'; clusterFormingP: number }): number | null {
  return options.mcThreshold === 'per-iteration' ? options.clusterFormingP : null;
}

/**
 * What each iteration's null is built from: the experiments' kernels (one per experiment, in analysis order)
 * and the parts of their observed null, whose rules must be JALE's.
 */
export function perIterationSpec(kernels: readonly AleKernel[], nullParts: NullParts, formingP: number): PerIterationNullSpec {
  if (nullParts.method !== 'jale') throw new Error("a null recomputed in each iteration follows JALE's rules: use it with JALE's null");
  return {
    // The distinct kernels in first-appearance order, as kernelTable lists them.
    kernels64: [...new Set(kernels)].map((k) => k.values64),
    bins: jaleBins(nullParts.maxima),
    formingP,
  };
}
