/** Command-line options of `npm run ale`, validated into engine parameters. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { type Connectivity, type SnapRule, TAL_TRANSFORMS, type TalTransform } from '../workers/core/index.ts';
import { DATASET_FORMATS, parseSampleSize, type DatasetFormat, type SplitRule } from '../workers/input/index.ts';
import type { EngineChoice } from '../workers/runtime/index.ts';
import { DEFAULT_PARAMETERS, JALE_CONVENTIONS, parseVolumeMm3, validateParameters, type AleParameters } from '../workers/analysis/index.ts';

export const USAGE = `usage: npm run ale -- INPUT --out DIR [options] [--contributions] [--fsn] [--predict-cutoffs]
       npm run ale -- INPUT --iters N --shard K/M --out DIR [options]
       npm run ale -- merge SHARD_DIR... --out DIR
       npm run ale -- convert INPUT --to sleuth|nimare-json|nimads|tsv --out FILE [--tal-transform T]
       npm run ale -- contrast A B --out DIR [options]
       npm run ale -- contrast INPUT (--split-column NAME | --split-pattern REGEX) --out DIR [options]

INPUT is a Sleuth text file, NiMARE JSON, NIMADS JSON, or CSV/TSV (experiment, x, y, z, n, space).

  --out DIR                  output folder (created if missing)
  --mask NIFTI|mni152|colin27  analysis mask on a 2 mm grid (default mni152: GingerALE's and NiMARE's
                             MNI152 brain mask; colin27: the template's brain)
  --snap nearest|trunc|ceil  mm to voxel rule (default nearest; trunc reproduces NiMARE <= 0.21; ceil is JALE's)
  --iters N                  Monte-Carlo iterations (and contrast permutations); 0 skips FWE (default ${DEFAULT_PARAMETERS.iterations})
  --seed S                   random seed (default ${DEFAULT_PARAMETERS.seed})
  --cluster-p P              cluster-forming uncorrected p (default ${DEFAULT_PARAMETERS.clusterFormingP})
  --alpha A                  cluster-level FWE alpha for significant clusters (default 0.05)
  --min-volume MM3           contrasts (and a sheet's C rows): leave out clusters of the contrast and the
                             conjunction smaller than MM3 (GingerALE's minimum volume; default 0 keeps all)
  --connectivity 6|18|26     cluster neighbourhood (default 6, faces)
  --workers N                worker threads (default: CPU count, at most 8)
  --engine auto|cpu|gpu      where the Monte Carlo runs (default auto: a hardware GPU through WebGPU (Dawn, the
                             optional npm package webgpu) when one passes its self-check, else the CPU workers;
                             gpu: any adapter or refuse with the reason); every engine gives the same null
  --tal-transform other|spm|fsl|jale   Talairach to MNI transform (default other: icbm_other; jale: icbm_spm
                             rounded to whole mm, as JALE)
  --drop-outside             drop foci outside the mask (GingerALE); default keeps them (NiMARE)
  --sample-size N            one sample size for experiments that have none
  --stop-when-settled        end the Monte Carlo early once every cluster's decision at --alpha is settled
                             (checkpoints 100, 200, 400, …; Clopper–Pearson bounds; off: all iterations, as NiMARE)
  --shard K/M                compute only shard K of M of the Monte-Carlo null (iterations split in M equal
                             blocks; each iteration's foci depend only on the seed and its index) into
                             DIR/null_shard.json; \`merge\` combines the M shard folders into one run's outputs
  --contributions            write contributions.tsv: each experiment's share of each significant cluster
  --fsn                      write fsn.tsv: the Fail-Safe N of each significant cluster (slow: a full analysis per step)
  --analysis-info FILE       JALE's analysis sheet (.xlsx or .csv) for an INPUT that is JALE's experiment sheet
  --analysis NAME            run that analysis of the sheet (M: main effect; P<N>: probabilistic ALE on 2,500 subsets
                             of N, written to probabilistic.nii.gz; C: contrast, "A vs B"; B[<N>]: balanced contrast
                             at N, written to balanced_*.nii.gz); "B:NAME" picks by type where two rows share a name;
                             without it, the sheet's analyses are listed with how many experiments each selects
  --pool-experiments         JALE's pooling: all experiments of one article count as one
  --max-clusters K           a Cluster row of the sheet: clusterings into 2 … K groups are scored (default 10)
  --cluster-method hierarchical|kmedoids   a Cluster row: how each subsample is clustered (default hierarchical)
  --linkage complete|average a Cluster row: how hierarchical clustering joins groups (default complete, as JALE);
                             its null of shuffled foci runs --iters subsamples when given, else JALE's 1,000
  --tfce                     TFCE as JALE computes it (E 0.5, H 2, 100 levels, 6-connectivity; Smith & Nichols
                             2009, Frahm et al. 2022): writes tfce.nii.gz and, with a Monte Carlo that records
                             each iteration's largest TFCE, its voxel-level FWE map
  --null nimare|exact|jale   the analytic null behind p, z and the cluster-forming threshold: nimare (default:
                             NiMARE's, binned to 1e-5 and truncated each step, slightly liberal), exact
                             (unbinned MA values, each step split between grid points; p is P(ALE ≥ value))
                             or jale (JALE's: 1e-4 bins rounded at each step, p at round(ALE·1e4))
  --kernel nimare|jale       the Gaussian's form: NiMARE's (±4σ, default) or JALE's (±⌈3.5σ⌉)
  --mc-threshold observed|per-iteration   the Monte Carlo's cluster-forming threshold: the observed data's in
                             every iteration (default, NiMARE's design) or each iteration's own analytic null's
                             (JALE's design; needs --null jale or --preset jale, runs on the CPU, slower)
  --preset jale              JALE's conventions at once: --snap ceil --tal-transform jale --kernel jale --null jale
                             (each can still be set on its own)
  --predict-cutoffs          add to summary.json the voxel-FWE, cluster-FWE and TFCE cut-offs that JALE's models
                             (Frahm et al. 2024) predict from the dataset's size: estimates of JALE's cut-offs,
                             shown beside this run's Monte-Carlo cut-offs, never used instead of them
  --split-column NAME        contrast: split a table by a column with two values
  --split-pattern REGEX      contrast: experiments whose name matches go to group A, the rest to B
  --quiet                    no progress on stderr
  --help`;

export class UsageError extends Error {}

/** A Cluster row's settings: --max-clusters, --linkage, and --iters for its null when given (else JALE's 1,000). */
export interface ClusteringChoices {
  method: 'hierarchical' | 'kmedoids';
  maxClusters: number;
  linkage: 'complete' | 'average';
  nullIterations: number;
}

export interface CommonOptions {
  out: string;
  mask: string | undefined;
  parameters: AleParameters;
  alpha: number;
  /** Contrasts: clusters smaller than this (mm³) are left out; 0 keeps all. */
  minVolumeMm3: number;
  workers: number;
  quiet: boolean;
}

export type Command =
  | ({ kind: 'main'; input: string; contributions: boolean; fsn: boolean; predictCutoffs: boolean; shard: Shard | null; analysis: SheetAnalysis | null; pool: boolean; clustering: ClusteringChoices } & CommonOptions)
  | { kind: 'merge'; dirs: string[]; out: string; quiet: boolean }
  | { kind: 'convert'; input: string; to: DatasetFormat; out: string; talTransform: TalTransform; quiet: boolean }
  | ({ kind: 'contrast'; inputs: string[]; split: SplitRule | null } & CommonOptions)
  | { kind: 'help' };

/** An analysis of JALE's analysis sheet: the sheet's file and the analysis's name (null: list them). */
export interface SheetAnalysis {
  sheet: string;
  name: string | null;
}

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

export function parseCommandLine(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        mask: { type: 'string' },
        snap: { type: 'string' },
        iters: { type: 'string' },
        seed: { type: 'string' },
        'cluster-p': { type: 'string' },
        alpha: { type: 'string' },
        'min-volume': { type: 'string' },
        connectivity: { type: 'string' },
        workers: { type: 'string' },
        'tal-transform': { type: 'string' },
        'drop-outside': { type: 'boolean' },
        'sample-size': { type: 'string' },
        contributions: { type: 'boolean' },
        'stop-when-settled': { type: 'boolean' },
        shard: { type: 'string' },
        to: { type: 'string' },
        fsn: { type: 'boolean' },
        'predict-cutoffs': { type: 'boolean' },
        'analysis-info': { type: 'string' },
        analysis: { type: 'string' },
        'pool-experiments': { type: 'boolean' },
        'max-clusters': { type: 'string' },
        linkage: { type: 'string' },
        'cluster-method': { type: 'string' },
        tfce: { type: 'boolean' },
        null: { type: 'string' },
        kernel: { type: 'string' },
        preset: { type: 'string' },
        'mc-threshold': { type: 'string' },
        engine: { type: 'string' },
        'split-column': { type: 'string' },
        'split-pattern': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values } = parsed;
  let positionals = parsed.positionals;
  if (values.help) return { kind: 'help' };
  const isContrast = positionals[0] === 'contrast';
  if (isContrast) positionals = positionals.slice(1);
  if (!values.out) throw new UsageError('missing --out DIR');
  if (positionals[0] === 'convert') {
    if (positionals.length !== 2) throw new UsageError('convert takes one INPUT file');
    const given = Object.keys(values).filter((k) => !['out', 'quiet', 'to', 'tal-transform'].includes(k));
    if (given.length > 0) throw new UsageError(`convert takes --to, --out and --tal-transform; drop --${given.join(', --')}`);
    const to = values.to as DatasetFormat | undefined;
    if (!to || !DATASET_FORMATS.includes(to)) throw new UsageError(`--to must be one of ${DATASET_FORMATS.join(', ')}, got "${values.to ?? ''}"`);
    const common = commonOptions(values, values.out);
    return { kind: 'convert', input: positionals[1], to, out: values.out, talTransform: common.parameters.talTransform, quiet: common.quiet };
  }
  if (positionals[0] === 'merge') {
    const dirs = positionals.slice(1);
    if (dirs.length === 0) throw new UsageError('merge takes the shard folders to combine');
    const given = Object.keys(values).filter((k) => !['out', 'quiet'].includes(k));
    if (given.length > 0) throw new UsageError(`merge takes its settings from the shards; drop --${given.join(', --')}`);
    const common = commonOptions(values, values.out);
    return { kind: 'merge', dirs, out: values.out, quiet: common.quiet };
  }
  const common = commonOptions(values, values.out);
  if (!isContrast) {
    if (values['split-column'] || values['split-pattern']) throw new UsageError('--split-column and --split-pattern go with the contrast command');
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing INPUT file' : `expected one INPUT file, got ${positionals.length}`);
    if (values.fsn && common.parameters.iterations === 0) throw new UsageError('--fsn needs Monte-Carlo iterations (--iters > 0)');
    const shard = values.shard === undefined ? null : parseShard(values.shard, common.parameters.iterations);
    if (shard && (values.fsn || values.contributions || values['stop-when-settled'])) throw new UsageError('--shard computes only part of the null; run --fsn, --contributions and --stop-when-settled on a whole run or after merge');
    if (values.analysis !== undefined && values['analysis-info'] === undefined) throw new UsageError('--analysis names an analysis of the sheet given with --analysis-info');
    if (shard && values['analysis-info']) throw new UsageError('--shard and --analysis-info: shard the analysis of a file');
    const analysis = values['analysis-info'] === undefined ? null : { sheet: values['analysis-info'], name: values.analysis ?? null };
    const maxClusters = values['max-clusters'] === undefined ? 10 : Number(values['max-clusters']);
    if (!Number.isInteger(maxClusters) || maxClusters < 2 || maxClusters > 50) throw new UsageError(`--max-clusters must be a whole number from 2 to 50, got "${values['max-clusters']}"`);
    if (values.linkage !== undefined && values.linkage !== 'complete' && values.linkage !== 'average') throw new UsageError(`--linkage must be one of complete, average, got "${values.linkage}"`);
    if (values['cluster-method'] !== undefined && values['cluster-method'] !== 'hierarchical' && values['cluster-method'] !== 'kmedoids') throw new UsageError(`--cluster-method must be one of hierarchical, kmedoids, got "${values['cluster-method']}"`);
    const clustering: ClusteringChoices = { method: (values['cluster-method'] ?? 'hierarchical') as ClusteringChoices['method'], maxClusters, linkage: (values.linkage ?? 'complete') as ClusteringChoices['linkage'], nullIterations: values.iters === undefined ? 1000 : common.parameters.iterations };
    return { kind: 'main', input: positionals[0], contributions: values.contributions ?? false, fsn: values.fsn ?? false, predictCutoffs: values['predict-cutoffs'] ?? false, shard, analysis, pool: values['pool-experiments'] ?? false, clustering, ...common };
  }
  const split: SplitRule | null = values['split-column'] ? { column: values['split-column'] } : values['split-pattern'] ? { pattern: values['split-pattern'] } : null;
  if (values['split-column'] && values['split-pattern']) throw new UsageError('give --split-column or --split-pattern, not both');
  if (split ? positionals.length !== 1 : positionals.length !== 2) {
    throw new UsageError(split ? 'contrast with a split takes one INPUT file' : 'contrast takes two input files, A and B (or one with --split-column/--split-pattern)');
  }
  if (common.parameters.iterations === 0) throw new UsageError('a contrast needs --iters > 0 (permutations and Monte Carlo)');
  if (common.parameters.tfce) throw new UsageError('--tfce goes with a main analysis, not a contrast');
  return { kind: 'contrast', inputs: positionals, split, ...common };
}

function parseShard(text: string, iterations: number): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || index > count || count > 10_000) throw new UsageError(`--shard must be K/M with 1 ≤ K ≤ M (e.g. 2/8), got "${text}"`);
  if (iterations < count) throw new UsageError(`--shard ${text} needs at least ${count} iterations (--iters), got ${iterations}`);
  return { index, count };
}

function commonOptions(values: Record<string, string | boolean | undefined>, out: string): CommonOptions {
  const text = (name: string) => values[name] as string | undefined;
  const integer = (name: string, fallback: number, min: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
    return Number(raw);
  };
  const fraction = (name: string, fallback: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const v = Number(raw);
    if (!(v > 0 && v < 1)) throw new UsageError(`--${name} must be a number between 0 and 1, got "${raw}"`);
    return v;
  };
  const volume = (name: string) => {
    const raw = text(name);
    if (raw === undefined) return 0;
    const v = parseVolumeMm3(raw);
    if (v === null) throw new UsageError(`--${name} must be a volume in mm³ from 0 to 10,000,000, got "${raw}"`);
    return v;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  };
  // --preset takes one value today; choice() refuses any other with the list.
  const jale = text('preset') !== undefined && choice('preset', ['jale'], 'jale') === 'jale';
  // NiMARE's choices are the defaults, left out of the parameters (and so of summaries and share links).
  const optionalChoice = <K extends string, V extends string>(key: K, value: V): Partial<Record<K, V>> => (value === 'nimare' ? {} : ({ [key]: value } as Record<K, V>));
  let sampleSize: number | undefined;
  if (text('sample-size') !== undefined) {
    const n = parseSampleSize(text('sample-size') as string);
    if (typeof n === 'string') throw new UsageError(`--sample-size: ${n}`);
    sampleSize = n;
  }
  const parameters = {
    clusterFormingP: fraction('cluster-p', DEFAULT_PARAMETERS.clusterFormingP),
    iterations: integer('iters', DEFAULT_PARAMETERS.iterations, 0),
    seed: integer('seed', DEFAULT_PARAMETERS.seed, 0),
    connectivity: Number(choice('connectivity', ['6', '18', '26'], '6')) as Connectivity,
    snap: choice<SnapRule>('snap', ['nearest', 'trunc', 'ceil'], jale ? JALE_CONVENTIONS.snap : 'nearest'),
    talTransform: choice<TalTransform>('tal-transform', TAL_TRANSFORMS, jale ? JALE_CONVENTIONS.talTransform : 'other'),
    outsideMask: values['drop-outside'] ? ('drop' as const) : ('keep' as const),
    sampleSize,
    ...(values['stop-when-settled'] ? { stopWhenSettled: fraction('alpha', 0.05) } : {}),
    ...(values.tfce ? { tfce: true } : {}),
    ...optionalChoice('nullMethod', choice('null', ['nimare', 'exact', 'jale'], jale ? JALE_CONVENTIONS.nullMethod : 'nimare')),
    ...optionalChoice('kernel', choice('kernel', ['nimare', 'jale'], jale ? JALE_CONVENTIONS.kernel : 'nimare')),
    ...(choice('mc-threshold', ['observed', 'per-iteration'], 'observed') === 'per-iteration' ? { mcThreshold: 'per-iteration' as const } : {}),
    engine: choice<EngineChoice>('engine', ['auto', 'cpu', 'gpu'], 'auto'),
  };
  // The schema the app and share links use decides, so every way in accepts the same values.
  try {
    validateParameters(parameters);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return {
    out,
    mask: text('mask'),
    parameters,
    alpha: fraction('alpha', 0.05),
    minVolumeMm3: volume('min-volume'),
    workers: integer('workers', Math.min(8, availableParallelism()), 1),
    quiet: (values.quiet as boolean | undefined) ?? false,
  };
}
