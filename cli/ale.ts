/**
 * Command line: the same engine as the app, under Node.
 *   npm run ale -- INPUT --out DIR [options]     (see --help)
 * Writes float32 NIfTI maps on the mask's grid, clusters.tsv and summary.json.
 * Exit codes: 0 success, 1 bad input or failed run, 2 bad usage.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { TAL_TRANSFORMS, type SnapRule, type TalTransform } from '../workers/coordinates.ts';
import type { Connectivity } from '../workers/clusters.ts';
import { createGeometry, unmaskFloat32, unmaskInt32, type Geometry } from '../workers/grid.ts';
import { formatDiagnostic } from '../workers/input/dataset.ts';
import { MAX_INPUT_BYTES, parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { readNifti, writeNiftiGz } from '../workers/nifti.ts';
import { DEFAULT_PARAMETERS, runAle, type AleParameters, type AleResult } from '../workers/runAle.ts';
import { pForStorage, logpFromP } from '../workers/statMaps.ts';
import { buildSummary, clusterTableTsv } from '../workers/summary.ts';
import { createNodeWorker } from './nodeWorkers.ts';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;
const DEFAULT_MASK = new URL('../public/assets/mask_2mm.nii.gz', import.meta.url).pathname;

const USAGE = `usage: npm run ale -- INPUT --out DIR [options]

INPUT is a Sleuth text file, NiMARE JSON, NIMADS JSON, or CSV/TSV (experiment, x, y, z, n, space).

  --out DIR                  output folder (created if missing)
  --mask NIFTI               analysis mask on a 2 mm grid (default: the shipped Colin27 mask)
  --snap nearest|trunc       mm to voxel rule (default nearest; trunc reproduces NiMARE <= 0.21)
  --iters N                  Monte-Carlo iterations for FWE correction, 0 to skip (default ${DEFAULT_PARAMETERS.iterations})
  --seed S                   random seed (default ${DEFAULT_PARAMETERS.seed})
  --cluster-p P              cluster-forming uncorrected p (default ${DEFAULT_PARAMETERS.clusterFormingP})
  --connectivity 6|18|26     cluster neighbourhood (default 6, faces)
  --workers N                worker threads (default: CPU count, at most 8)
  --tal-transform other|spm|fsl   Talairach to MNI transform (default other: icbm_other)
  --drop-outside             drop foci outside the mask (GingerALE); default keeps them (NiMARE)
  --sample-size N            one sample size for experiments that have none
  --quiet                    no progress on stderr
  --help`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]) {
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
        connectivity: { type: 'string' },
        workers: { type: 'string' },
        'tal-transform': { type: 'string' },
        'drop-outside': { type: 'boolean' },
        'sample-size': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing INPUT file' : `expected one INPUT file, got ${positionals.length}`);
  if (!values.out) throw new UsageError('missing --out DIR');
  const integer = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
    return Number(raw);
  };
  const choice = <T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T => {
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  };
  const clusterP = values['cluster-p'] === undefined ? DEFAULT_PARAMETERS.clusterFormingP : Number(values['cluster-p']);
  if (!(clusterP > 0 && clusterP < 1)) throw new UsageError(`--cluster-p must be a number between 0 and 1, got "${values['cluster-p']}"`);
  let sampleSize: number | undefined;
  if (values['sample-size'] !== undefined) {
    sampleSize = Number(values['sample-size']);
    if (!(sampleSize > 0 && Number.isFinite(sampleSize))) throw new UsageError(`--sample-size must be a positive number, got "${values['sample-size']}"`);
  }
  const parameters: AleParameters = {
    clusterFormingP: clusterP,
    iterations: integer('iters', values.iters, DEFAULT_PARAMETERS.iterations, 0),
    seed: integer('seed', values.seed, DEFAULT_PARAMETERS.seed, 0),
    connectivity: Number(choice('connectivity', values.connectivity, ['6', '18', '26'], '6')) as Connectivity,
    snap: choice<SnapRule>('snap', values.snap, ['nearest', 'trunc'], 'nearest'),
    talTransform: choice<TalTransform>('tal-transform', values['tal-transform'], TAL_TRANSFORMS, 'other'),
    outsideMask: values['drop-outside'] ? 'drop' : 'keep',
    sampleSize,
  };
  const workers = integer('workers', values.workers, Math.min(8, availableParallelism()), 1);
  return { input: positionals[0], out: values.out, mask: values.mask, parameters, workers, quiet: values.quiet ?? false };
}

function readInputFile(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new InputError(`${path}: no such ${what}`);
  const stat = statSync(path);
  if (stat.isDirectory()) throw new InputError(`${path}: is a folder, expected a ${what}`);
  if (stat.size > MAX_INPUT_BYTES * 4) throw new InputError(`${path}: ${(stat.size / 1048576).toFixed(0)} MB is too large for a ${what}`);
  return readFileSync(path);
}

class InputError extends Error {}

function loadMask(path: string): Geometry {
  const volume = readNifti(readInputFile(path, 'mask file'), path);
  try {
    return createGeometry(volume.shape, volume.affine, volume.data);
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`);
  }
}

function progressReporter(quiet: boolean) {
  const tty = process.stderr.isTTY;
  let lastShown = -1;
  const started = performance.now();
  return (stage: 'observed' | 'monte-carlo', done: number, total: number) => {
    if (quiet) return;
    if (stage === 'observed') {
      if (done === 0) process.stderr.write('computing ALE and its analytic null…\n');
      return;
    }
    const percent = Math.floor((100 * done) / total);
    if (!tty && percent < lastShown + 10 && done !== total) return;
    if (percent === lastShown && done !== total) return;
    lastShown = percent;
    const elapsed = (performance.now() - started) / 1000;
    const line = `Monte Carlo: ${done}/${total} iterations (${percent}%), ${elapsed.toFixed(1)} s`;
    process.stderr.write(tty ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
  };
}

function writeOutputs(dir: string, result: AleResult, geometry: Geometry, summary: ReturnType<typeof buildSummary>): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, data: Float32Array | Int32Array, description: string) => {
    writeFileSync(join(dir, name), writeNiftiGz(geometry.shape, geometry.affine, data, description));
    written.push(name);
  };
  const { observed, fwe, fdr } = result;
  put('ale.nii.gz', unmaskFloat32(observed.ale, geometry), 'ALE');
  put('p.nii.gz', unmaskFloat32(pForStorage(observed.maps.p), geometry), 'uncorrected p');
  put('z.nii.gz', unmaskFloat32(observed.maps.z, geometry), 'uncorrected z');
  put('logp.nii.gz', unmaskFloat32(observed.maps.logp, geometry), 'uncorrected -log10 p');
  put('logp_corr-FDR_method-indep.nii.gz', unmaskFloat32(Float32Array.from(fdr.indep, logpFromP), geometry), 'FDR (BH) -log10 q');
  put('logp_corr-FDR_method-negcorr.nii.gz', unmaskFloat32(Float32Array.from(fdr.negcorr, logpFromP), geometry), 'FDR (BY) -log10 q');
  put('clusters.nii.gz', unmaskInt32(observed.clusters.labels, geometry), 'cluster labels');
  if (fwe) {
    put('logp_level-cluster_desc-size_corr-FWE.nii.gz', unmaskFloat32(fwe.logpClusterSize, geometry), 'cluster-size FWE -log10 p');
    put('logp_level-cluster_desc-mass_corr-FWE.nii.gz', unmaskFloat32(fwe.logpClusterMass, geometry), 'cluster-mass FWE -log10 p');
    put('logp_level-voxel_corr-FWE.nii.gz', unmaskFloat32(fwe.logpVoxel, geometry), 'voxel FWE -log10 p');
  }
  writeFileSync(join(dir, 'clusters.tsv'), clusterTableTsv(summary));
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
  written.push('clusters.tsv', 'summary.json');
  return written;
}

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  const options = parseCommandLine(argv);
  if (options === null) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const maskPath = options.mask ?? DEFAULT_MASK;
  const geometry = loadMask(maskPath);
  const bytes = readInputFile(options.input, 'coordinate file');
  const parsed = parseCoordinates(bytes, basename(options.input));
  for (const w of parsed.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  if (!parsed.ok) {
    for (const e of parsed.errors) process.stderr.write(`${formatDiagnostic(e)}\n`);
    return 1;
  }
  const outcome = await runAle(parsed.dataset, geometry, options.parameters, {
    workers: options.workers,
    createWorker: createNodeWorker,
    onProgress: progressReporter(options.quiet),
  });
  if (!outcome.ok) {
    for (const d of [...outcome.warnings, ...outcome.errors]) process.stderr.write(`${formatDiagnostic(d)}\n`);
    return 1;
  }
  const { result } = outcome;
  for (const w of result.input.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  const summary = buildSummary(result, {
    software: `ale-meta ${VERSION}`,
    input: options.input,
    mask: options.mask ?? 'default (public/assets/mask_2mm.nii.gz)',
    totalMs: performance.now() - started,
  });
  const written = writeOutputs(options.out, result, geometry, summary);
  if (!options.quiet) {
    const significant = summary.clusters.filter((c) => c.p_fwe_size !== null && c.p_fwe_size < 0.05).length;
    process.stderr.write(
      `${summary.n_experiments} experiments, ${summary.n_foci} foci (${summary.n_foci_outside_mask} outside the mask); ` +
        `threshold ALE > ${summary.cluster_forming_threshold}; ${summary.clusters.length} clusters` +
        (result.fwe ? `, ${significant} with cluster-size FWE p < 0.05` : '') +
        `\nwrote ${written.length} files to ${options.out}\n`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`ale: ${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`ale: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
