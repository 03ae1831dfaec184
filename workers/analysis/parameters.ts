/**
 * The analysis parameters and their one schema (valibot), shared by the
 * command line, the app's form and share links, so every way in accepts the
 * same values and refuses the same with the same message.
 */
import * as v from 'valibot';
import { MAX_SAMPLE_SIZE } from '../input/diagnostics.ts';

/** More iterations than this gain nothing (the FWE p's Monte-Carlo error is already < 0.001) and take hours. */
export const MAX_ITERATIONS = 100_000;

const probability = (what: string) => v.pipe(v.number(`${what} must be a number`), v.gtValue(0, `${what} must be above 0`), v.ltValue(1, `${what} must be below 1`));

export const ParametersSchema = v.object({
  /** Uncorrected p that forms clusters (spec §5.5); NiMARE and GingerALE use 0.001. */
  clusterFormingP: probability('the cluster-forming p'),
  iterations: v.pipe(v.number('iterations must be a number'), v.integer('iterations must be a whole number'), v.minValue(0, 'iterations must be ≥ 0'), v.maxValue(MAX_ITERATIONS, `iterations must be at most ${MAX_ITERATIONS.toLocaleString('en')}`)),
  seed: v.pipe(v.number('the seed must be a number'), v.integer('the seed must be a whole number'), v.minValue(0, 'the seed must be ≥ 0'), v.maxValue(Number.MAX_SAFE_INTEGER, 'the seed is too large')),
  connectivity: v.picklist([6, 18, 26], 'connectivity must be 6, 18 or 26'),
  snap: v.picklist(['nearest', 'trunc', 'ceil'], 'snap must be nearest, trunc or ceil'),
  talTransform: v.picklist(['other', 'spm', 'fsl', 'jale'], 'the Talairach transform must be other, spm, fsl or jale'),
  /** "keep" (NiMARE): foci outside the mask still add their in-mask kernel tail; "drop" (GingerALE) removes them. */
  outsideMask: v.picklist(['keep', 'drop'], 'foci outside the mask are kept or dropped'),
  /** One sample size for every experiment (for files without them). */
  sampleSize: v.optional(v.pipe(v.number(), v.integer('the sample size must be a whole number'), v.minValue(1, 'the sample size must be ≥ 1'), v.maxValue(MAX_SAMPLE_SIZE, `the sample size must be at most ${MAX_SAMPLE_SIZE.toLocaleString('en')}`))),
  /**
   * End the Monte Carlo early, at the first checkpoint where every cluster's
   * decision at this cluster-size FWE α is settled (see inference/liveFwe.ts);
   * absent: run all iterations, as NiMARE does.
   */
  stopWhenSettled: v.optional(probability('the α of the stopping rule')),
  /**
   * What runs the Monte Carlo in the app: the GPU through WebGPU when it passes
   * its self-check (auto, the default), the CPU workers, or the GPU only. Every
   * engine gives the same null for the same seed.
   */
  engine: v.optional(v.picklist(['auto', 'cpu', 'gpu'], 'the engine must be auto, cpu or gpu')),
  /**
   * Also enhance the z map by TFCE (JALE's E 0.5, H 2, extent in voxels) and record each
   * iteration's largest TFCE, for TFCE's voxel-level FWE.
   */
  tfce: v.optional(v.boolean('tfce must be true or false')),
  /**
   * The analytic null behind p, z and the cluster-forming threshold: NiMARE's
   * binned one (absent, the default) or the exact one (core/exactNull.ts).
   */
  nullMethod: v.optional(v.picklist(['nimare', 'exact', 'jale'], 'the null must be nimare, exact or jale')),
  /**
   * The Monte Carlo's cluster-forming threshold: the observed data's in every iteration (absent or
   * `observed`: NiMARE's design), or each iteration's own analytic null's (`per-iteration`: JALE's
   * design, with JALE's null only, on the CPU).
   */
  mcThreshold: v.optional(v.picklist(['observed', 'per-iteration'], 'the Monte-Carlo threshold must be observed or per-iteration')),
  /** The kernel's form: NiMARE's (absent, the default) or JALE's (core/kernel.ts). */
  kernel: v.optional(v.picklist(['nimare', 'jale'], 'the kernel must be nimare or jale')),
});

export type AleParameters = v.InferOutput<typeof ParametersSchema>;

export const DEFAULT_PARAMETERS: AleParameters = {
  clusterFormingP: 0.001,
  iterations: 5000,
  seed: 0,
  connectivity: 6,
  snap: 'nearest',
  talTransform: 'other',
  outsideMask: 'keep',
};

/** JALE's conventions where they differ from NiMARE's (the `jale` preset). */
export const JALE_CONVENTIONS = { snap: 'ceil', talTransform: 'jale', kernel: 'jale', nullMethod: 'jale' } as const satisfies Partial<AleParameters>;
export const NIMARE_CONVENTIONS: Partial<AleParameters> = { snap: 'nearest', talTransform: 'other', kernel: undefined, nullMethod: undefined, mcThreshold: undefined };

/** Whose conventions a set of parameters follows, or 'mixed'. */
export function conventionsOf(p: AleParameters): 'nimare' | 'jale' | 'mixed' {
  const follows = (c: Partial<AleParameters>) => (Object.keys(c) as (keyof AleParameters)[]).every((k) => (p[k] ?? null) === (c[k] ?? null));
  return follows(NIMARE_CONVENTIONS) ? 'nimare' : follows(JALE_CONVENTIONS) ? 'jale' : 'mixed';
}

/** Throws a RangeError naming the first invalid parameter. */
export function validateParameters(p: unknown): asserts p is AleParameters {
  const result = v.safeParse(ParametersSchema, p);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((s) => String(s.key)).join('.');
    throw new RangeError(`${issue.message}${path ? ` (${path})` : ''}, got ${JSON.stringify(issue.input) ?? String(issue.input)}`.slice(0, 300));
  }
  if (result.output.mcThreshold === 'per-iteration') {
    if (result.output.nullMethod !== 'jale') throw new RangeError("a per-iteration Monte-Carlo threshold follows JALE's rules: use it with JALE's null (null jale, or the jale preset)");
    if (result.output.engine === 'gpu') throw new RangeError('the GPU engine forms every iteration’s clusters at the observed threshold; run a per-iteration threshold on the CPU (engine cpu or auto)');
  }
}
