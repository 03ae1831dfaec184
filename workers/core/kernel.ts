/**
 * The ALE Gaussian kernel (Eickhoff et al. 2009) as NiMARE builds it: a
 * sampled, separable Gaussian on the 2 mm analysis grid whose width depends
 * on the experiment's sample size (spec §3).
 */

const SQRT_8_LN2 = Math.sqrt(8.0 * Math.log(2.0));
/** Between-template and between-subject uncertainty, as FWHM in mm (NiMARE's operation order, for bit parity). */
const FWHM_TEMPLATE_MM = (5.7 / (2.0 * Math.sqrt(2.0 / Math.PI))) * SQRT_8_LN2;
const FWHM_SUBJECT_MM = (11.6 / (2 * Math.sqrt(2 / Math.PI))) * SQRT_8_LN2;

/** Largest kernel cube NiMARE builds (a 31³ array around the impulse). */
const MAX_HALF_WIDTH = 15;

export function fwhmFromSampleSize(sampleSize: number): number {
  if (!(sampleSize > 0) || !Number.isFinite(sampleSize)) {
    throw new Error(`sample size must be a positive number, got ${sampleSize}`);
  }
  const subjects = FWHM_SUBJECT_MM / Math.sqrt(sampleSize);
  return Math.sqrt(subjects ** 2 + FWHM_TEMPLATE_MM ** 2);
}

export interface AleKernel {
  /** FWHM in mm. */
  fwhm: number;
  /** Gaussian σ in voxels. */
  sigmaVoxels: number;
  /** Half-width: the cube spans −radius … +radius voxels on each axis. */
  radius: number;
  /** Side of the cube, 2·radius + 1. */
  side: number;
  /** Kernel values in float64 before the float32 cast (C order over the cube). */
  values64: Float64Array;
  /** The float32 values NiMARE stamps (MA values). */
  values: Float32Array;
}

/**
 * Builds the kernel for a FWHM in mm, reproducing scipy.ndimage.gaussian_filter
 * of a unit impulse in a 31³ box (truncate = 4) bit for bit.
 * `voxelVolume` is the product of the voxel sizes; NiMARE takes its square
 * root in float32 (nibabel zooms are float32), which we mirror.
 */
export function aleKernel(fwhm: number, voxelVolume = 8): AleKernel {
  const fwhmVoxels = fwhm / Math.fround(Math.sqrt(Math.fround(voxelVolume)));
  const sigma = (fwhmVoxels * Math.sqrt(2.0)) / (Math.sqrt(2.0 * Math.log(2.0)) * 2.0);
  const fullRadius = Math.trunc(4.0 * sigma + 0.5);
  const weights = gaussianWeights(sigma, fullRadius);
  // The impulse sits in a 31-voxel box, so taps beyond ±15 fall off its edge.
  const radius = Math.min(fullRadius, MAX_HALF_WIDTH);
  return separable(fwhm, sigma, radius, weights.subarray(fullRadius - radius, fullRadius + radius + 1));
}

export type KernelForm = 'nimare' | 'jale';

/**
 * JALE's kernel (compute_3dkernel): σ = FWHM / voxel size / √(8 ln 2) plus
 * machine ε, a 1-D Gaussian sampled at −⌈3.5σ⌉ … ⌈3.5σ⌉ voxels and
 * normalised to sum 1, and its outer product in the 31³ box. JALE computes
 * in float64 and stamps those values; the float32 copy feeds the same
 * float32 log sum as NiMARE's.
 */
export function jaleKernel(fwhm: number, voxelVolume = 8): AleKernel {
  const variance = (fwhm / Math.cbrt(voxelVolume) / SQRT_8_LN2 + Number.EPSILON) ** 2;
  const radius = Math.min(Math.ceil(3.5 * Math.sqrt(variance)), MAX_HALF_WIDTH);
  const w = new Float64Array(2 * radius + 1);
  for (let x = -radius; x <= radius; x++) w[x + radius] = Math.exp((-0.5 * (x * x)) / variance) / Math.sqrt(2 * Math.PI * variance);
  const total = numpySum(w);
  for (let i = 0; i < w.length; i++) w[i] /= total;
  return separable(fwhm, Math.sqrt(variance), radius, w);
}

function separable(fwhm: number, sigmaVoxels: number, radius: number, w: Float64Array): AleKernel {
  const side = 2 * radius + 1;
  const values64 = new Float64Array(side * side * side);
  let t = 0;
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const wij = w[i] * w[j];
      for (let k = 0; k < side; k++) values64[t++] = wij * w[k];
    }
  }
  return { fwhm, sigmaVoxels, radius, side, values64, values: Float32Array.from(values64) };
}

/** scipy.ndimage's 1-D Gaussian weights, normalised by NumPy's pairwise sum. */
function gaussianWeights(sigma: number, radius: number): Float64Array {
  const coefficient = -0.5 / (sigma * sigma);
  const phi = new Float64Array(2 * radius + 1);
  for (let x = -radius; x <= radius; x++) phi[x + radius] = Math.exp(coefficient * (x * x));
  const total = numpySum(phi);
  for (let i = 0; i < phi.length; i++) phi[i] /= total;
  return phi;
}

/** Values NumPy's reductions take per inner-loop call (its ufunc buffer size). */
const NUMPY_BUFFER = 8192;

/**
 * np.sum of a contiguous float64 array, in the order of NumPy 1.24 (the
 * reference outputs' version): 0, plus the pairwise sum of each run of 8,192
 * values in turn. Checked against NumPy 1.24.2 on 2,000+ random arrays of
 * 2 to 100,001 values; a running sum, or the first value plus the pairwise
 * sum of the rest, differs in the last bits about half the time.
 */
export function numpySum(a: Float64Array): number {
  let total = 0;
  for (let start = 0; start < a.length; start += NUMPY_BUFFER) total += numpyPairwiseSum(a, start, Math.min(NUMPY_BUFFER, a.length - start));
  return total;
}

/** NumPy's pairwise summation (8 accumulators per block of up to 128, halving above that). */
function numpyPairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = (r[0] + r[1] + (r[2] + r[3])) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return numpyPairwiseSum(a, start, n2) + numpyPairwiseSum(a, start + n2, n - n2);
}

/** One kernel per distinct sample size, as NiMARE caches them. */
export class KernelCache {
  private readonly byKey = new Map<string, AleKernel>();
  constructor(
    private readonly voxelVolume = 8,
    private readonly form: KernelForm = 'nimare',
  ) {}

  forFwhm(fwhm: number): AleKernel {
    const key = fwhm.toString();
    let kernel = this.byKey.get(key);
    if (!kernel) {
      kernel = this.form === 'jale' ? jaleKernel(fwhm, this.voxelVolume) : aleKernel(fwhm, this.voxelVolume);
      this.byKey.set(key, kernel);
    }
    return kernel;
  }
}

export interface DistinctValues {
  /** Per cube offset of the kernel: the index of its value among the distinct ones. */
  index: Int32Array;
  values: Float64Array;
}

const distinct = new WeakMap<AleKernel, DistinctValues>();

/** The kernel's distinct float32 values, ascending, and each cube offset's place among them. */
export function distinctKernelValues(kernel: AleKernel): DistinctValues {
  let d = distinct.get(kernel);
  if (!d) {
    const sorted = Float64Array.from(new Set(kernel.values)).sort();
    const position = new Map<number, number>();
    sorted.forEach((v, n) => position.set(v, n));
    d = { index: Int32Array.from(kernel.values, (v) => position.get(v) as number), values: sorted };
    distinct.set(kernel, d);
  }
  return d;
}
