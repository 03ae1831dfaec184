/**
 * Command line: the same engine as the app, under Node.
 *   npm run ale -- INPUT --out DIR [options]            (see --help)
 *   npm run ale -- contrast A B --out DIR [options]
 * Exit codes: 0 success, 1 bad input or failed run, 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAle, runContrast, type AleResult } from '../workers/analysis/index.ts';
import type { Geometry } from '../workers/core/index.ts';
import { clusterContributions } from '../workers/diagnostics/index.ts';
import { failSafeN, significantClusterIds } from '../workers/inference/index.ts';
import { formatDiagnostic, splitDataset, type Dataset, type Diagnostic } from '../workers/input/index.ts';
import { addMainOutputs, buildSummary, contributionsTsv, fsnTsv } from '../workers/reports/index.ts';
import { runNullPool } from '../workers/runtime/index.ts';
import { InputError, loadDataset, loadMask, progressReporter } from './io.ts';
import { createNodeWorker } from './nodeWorkers.ts';
import { parseCommandLine, USAGE, UsageError, type Command } from './options.ts';
import { addContrastOutputs, OutputFolder } from './outputs.ts';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;
const SOFTWARE = `ale-meta ${VERSION}`;

type MainCommand = Extract<Command, { kind: 'main' }>;
type ContrastCommand = Extract<Command, { kind: 'contrast' }>;

function failWith(diagnostics: Diagnostic[]): never {
  throw new InputError(diagnostics.map(formatDiagnostic).join('\n'));
}

function significantIds(result: AleResult, alpha: number): number[] {
  return significantClusterIds(result.observed.clusters.clusters, result.fwe, alpha);
}

function summarise(result: AleResult, input: string, mask: string | undefined, started: number) {
  return buildSummary(result, { software: SOFTWARE, input, mask: mask ?? 'default (public/assets/mask_2mm.nii.gz)', totalMs: performance.now() - started });
}

async function analyse(dataset: Dataset, geometry: Geometry, command: MainCommand | ContrastCommand, label: string) {
  const progress = progressReporter(command.quiet);
  if (!command.quiet) process.stderr.write(`${label}: computing ALE and its analytic null…\n`);
  const outcome = await runAle(dataset, geometry, command.parameters, {
    workers: command.workers,
    createWorker: createNodeWorker,
    onProgress: (stage, done, total) => stage === 'monte-carlo' && progress(`${label}: Monte Carlo`, done, total),
  });
  if (!outcome.ok) failWith([...outcome.warnings, ...outcome.errors]);
  for (const w of outcome.result.input.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  return outcome.result;
}

async function mainAnalysis(command: MainCommand, started: number): Promise<void> {
  const geometry = loadMask(command.mask);
  const dataset = loadDataset(command.input);
  const result = await analyse(dataset, geometry, command, 'ALE');
  const summary = summarise(result, command.input, command.mask, started);
  const out = new OutputFolder(command.out, geometry);
  const ids = significantIds(result, command.alpha);
  if (command.contributions) {
    const contributions = clusterContributions(result.input.experiments, result.observed.kernels, result.observed.ale, result.observed.clusters.labels, ids, geometry);
    out.text('contributions.tsv', contributionsTsv(contributions));
    for (const c of contributions) if (c.warning) process.stderr.write(`cluster ${c.clusterId}: warning: ${c.warning} (Eickhoff et al. 2016 ask for < 50 % and < 80 % for two)\n`);
    Object.assign(summary, { contributions: contributions.map((c) => ({ cluster_id: c.clusterId, dominance_warning: c.warning, top: c.experiments.slice(0, 3).map((e) => ({ experiment: e.id, percent: e.percent })) })) });
  }
  if (command.fsn) {
    const progress = progressReporter(command.quiet);
    const fsn = await failSafeN(result.input.experiments, result.observed.clusters.labels, ids, geometry, {
      ...command.parameters,
      alpha: command.alpha,
      runNull: (spec) => runNullPool(spec, { iterations: command.parameters.iterations, workers: command.workers, createWorker: createNodeWorker, onProgress: (d, t) => progress('Fail-Safe N step: Monte Carlo', d, t) }),
      onStep: (step) => !command.quiet && process.stderr.write(`Fail-Safe N: with ${step.noiseExperiments} noise experiments, clusters still significant: ${step.surviving.join(', ') || 'none'}\n`),
    });
    out.text('fsn.tsv', fsnTsv(fsn));
    Object.assign(summary, { fail_safe_n: fsn.map((r) => ({ cluster_id: r.clusterId, fsn: r.fsn, bound: r.bound, min: r.min, max: r.max })) });
  }
  addMainOutputs(out, result, summary);
  out.json('summary.json', summary);
  out.save();
  if (!command.quiet) {
    const significant = result.fwe ? `, ${ids.length} with cluster-size FWE p < ${command.alpha}` : '';
    process.stderr.write(
      `${summary.n_experiments} experiments, ${summary.n_foci} foci (${summary.n_foci_outside_mask} outside the mask); threshold ALE > ${summary.cluster_forming_threshold}; ${summary.clusters.length} clusters${significant}\nwrote ${out.written.length} files to ${command.out}\n`,
    );
  }
}

async function contrastAnalysis(command: ContrastCommand, started: number): Promise<void> {
  const geometry = loadMask(command.mask);
  let a: Dataset;
  let b: Dataset;
  let names: [string, string];
  if (command.split) {
    const split = splitDataset(loadDataset(command.inputs[0]), command.split);
    if (!split.ok) failWith([split.error]);
    ({ a, b, names } = split);
  } else {
    a = loadDataset(command.inputs[0]);
    b = loadDataset(command.inputs[1]);
    names = [command.inputs[0], command.inputs[1]];
  }
  const progress = progressReporter(command.quiet);
  const outcome = await runContrast(a, b, names, geometry, { ...command.parameters, alpha: command.alpha }, {
    workers: command.workers,
    createWorker: createNodeWorker,
    onProgress: (stage, done, total) => progress(stage === 'subtraction' ? 'Permutations' : `${stage}: Monte Carlo`, done, total),
  });
  if (!outcome.ok) failWith([...outcome.warnings, ...outcome.errors]);
  const { result } = outcome;
  const out = new OutputFolder(command.out, geometry);
  const groups = [['A', result.mainA, command.split ? command.inputs[0] : command.inputs[0]], ['B', result.mainB, command.split ? command.inputs[0] : command.inputs[1]]] as const;
  const mainSummaries = groups.map(([key, main, input]) => {
    const sub = new OutputFolder(join(command.out, key), geometry);
    const summary = summarise(main, input, command.mask, started);
    addMainOutputs(sub, main, summary);
    sub.json('summary.json', summary);
    sub.save();
    return summary;
  });
  addContrastOutputs(out, result);
  const cluster = (c: (typeof result.clusters.aOverB)[number]) => ({ id: c.id, size_voxels: c.sizeVoxels, size_mm3: c.sizeMm3, peak_xyz: c.peak.xyz, peak_z: c.peak.z, center_xyz: c.center });
  out.json('summary.json', {
    software: SOFTWARE,
    groups: { A: { name: names[0], n_experiments: mainSummaries[0].n_experiments, n_foci: mainSummaries[0].n_foci }, B: { name: names[1], n_experiments: mainSummaries[1].n_experiments, n_foci: mainSummaries[1].n_foci } },
    parameters: { ...command.parameters, alpha: command.alpha, permutations: command.parameters.iterations },
    clusters: { a_over_b: result.clusters.aOverB.map(cluster), b_over_a: result.clusters.bOverA.map(cluster), conjunction: result.clusters.conjunction.map(cluster) },
    timings_ms: { total: Math.round(performance.now() - started) },
  });
  out.save();
  if (!command.quiet) {
    process.stderr.write(
      `A = ${names[0]} (${mainSummaries[0].n_experiments} experiments), B = ${names[1]} (${mainSummaries[1].n_experiments}); clusters A > B: ${result.clusters.aOverB.length}, B > A: ${result.clusters.bOverA.length}, conjunction: ${result.clusters.conjunction.length}\nwrote ${out.written.length} files to ${command.out} (main effects in A/ and B/)\n`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  const command = parseCommandLine(argv);
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.kind === 'contrast') await contrastAnalysis(command, started);
  else await mainAnalysis(command, started);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`ale: ${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(err instanceof InputError ? `${err.message}\n` : `ale: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
