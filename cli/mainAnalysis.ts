/** The main analysis on the command line: ALE, its Monte Carlo, optional diagnostics, and the output files. */
import { readFileSync } from 'node:fs';
import { runAle, type AleResult } from '../workers/analysis/index.ts';
import type { Geometry } from '../workers/core/index.ts';
import { clusterContributions } from '../workers/diagnostics/index.ts';
import { CUTOFF_MODEL_FILES, CUTOFF_PREDICTION_SOURCE, failSafeN, fweCutoff, predictCutoffsFor, readCutoffModels, significantClusterIds } from '../workers/inference/index.ts';
import { formatDiagnostic, type Dataset, type Diagnostic } from '../workers/input/index.ts';
import { addMainOutputs, buildSummary, contributionsTsv, fsnTsv } from '../workers/reports/index.ts';
import { runNullEngine } from '../workers/runtime/index.ts';
import { commandEngine } from './engine.ts';
import { InputError, loadAtlas, loadDataset, loadMask, maskDescription, progressReporter } from './io.ts';
import { createNodeWorker } from './nodeWorkers.ts';
import type { Command } from './options.ts';
import { OutputFolder } from './outputs.ts';

import { SOFTWARE } from '../workers/reports/index.ts';

export { SOFTWARE };

export type MainCommand = Extract<Command, { kind: 'main' }>;
export type ContrastCommand = Extract<Command, { kind: 'contrast' }>;

export function failWith(diagnostics: Diagnostic[]): never {
  throw new InputError(diagnostics.map(formatDiagnostic).join('\n'));
}

/** Options that only a main effect reads: a probabilistic ALE or a balanced contrast refuses them, saying what it writes instead. */
export function refuseMainEffectOptions(command: MainCommand, instead: string): void {
  const given = [command.fsn && '--fsn', command.contributions && '--contributions', command.predictCutoffs && '--predict-cutoffs', command.parameters.tfce && '--tfce', command.parameters.stopWhenSettled !== undefined && '--stop-when-settled'].filter(Boolean);
  if (given.length > 0) throw new InputError(`${given.join(', ')}: for main effects; ${instead}`);
}

export function significantIds(result: AleResult, alpha: number): number[] {
  return significantClusterIds(result.observed.clusters.clusters, result.fwe, alpha);
}

export function summarise(result: AleResult, input: string, mask: string | undefined, started: number) {
  return buildSummary(result, { software: SOFTWARE, input, mask: maskDescription(mask), totalMs: performance.now() - started, atlas: loadAtlas() });
}

/** The main effect of a dataset, with what the user should know about its engine (a GPU that fell back, say). */
export async function analyse(dataset: Dataset, geometry: Geometry, command: MainCommand, label: string): Promise<AleResult & { engineNotices: string[] }> {
  const progress = progressReporter(command.quiet);
  const engine = await commandEngine(command);
  if (!command.quiet) process.stderr.write(`${label}: computing ALE and its analytic null…\n`);
  const engineNotices: string[] = [];
  const outcome = await runAle(dataset, geometry, command.parameters, {
    workers: command.workers,
    createWorker: createNodeWorker,
    engine,
    onNotice: (notice) => {
      engineNotices.push(notice);
      process.stderr.write(`warning: ${notice}\n`);
    },
    onProgress: (stage, done, total) => stage === 'monte-carlo' && progress(`${label}: Monte Carlo`, done, total),
  });
  if (!outcome.ok) failWith([...outcome.warnings, ...outcome.errors]);
  for (const w of outcome.result.input.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  return { ...outcome.result, engineNotices };
}

/** The main analysis of a file, or of the experiments a spreadsheet's analysis selected (`selected`). */
export async function mainAnalysis(command: MainCommand, started: number, selected?: Dataset): Promise<void> {
  const geometry = loadMask(command.mask);
  const dataset = selected ?? (await loadDataset(command.input, command.pool));
  const result = await analyse(dataset, geometry, command, 'ALE');
  const summary = summarise(result, command.input, command.mask, started);
  if (result.engineNotices.length > 0) Object.assign(summary.monte_carlo, { notices: result.engineNotices });
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
      runNull: async (spec) => runNullEngine(spec, { ...(await commandEngine(command)), iterations: command.parameters.iterations, workers: command.workers, createWorker: createNodeWorker, onProgress: (d, t) => progress('Fail-Safe N step: Monte Carlo', d, t) }),
      onStep: (step) => !command.quiet && process.stderr.write(`Fail-Safe N: with ${step.noiseExperiments} noise experiments, clusters still significant: ${step.surviving.join(', ') || 'none'}\n`),
    });
    out.text('fsn.tsv', fsnTsv(fsn));
    Object.assign(summary, { fail_safe_n: fsn.map((r) => ({ cluster_id: r.clusterId, fsn: r.fsn, bound: r.bound, min: r.min, max: r.max })) });
  }
  const maxTfce = result.nullMaxima?.maxTfce;
  if (summary.tfce && maxTfce && maxTfce.length > 0) {
    Object.assign(summary.tfce, { fwe_alpha: command.alpha, fwe_cutoff: fweCutoff(maxTfce, command.alpha) });
    if (!command.quiet) process.stderr.write(`TFCE: voxel-level FWE ${command.alpha} cut-off ${fweCutoff(maxTfce, command.alpha).toPrecision(6)} (largest observed TFCE ${summary.tfce.max.toPrecision(6)})\n`);
  }
  if (command.predictCutoffs) Object.assign(summary, { predicted_cutoffs: predictedCutoffs(result, command) });
  writeRun(out, result, summary, ids.length, command);
}

/** JALE's predicted cut-offs for this dataset, printed beside the Monte-Carlo ones. */
function predictedCutoffs(result: AleResult, command: MainCommand) {
  const read = (file: string) => JSON.parse(readFileSync(new URL(`../public/models/cutoff/${file}`, import.meta.url), 'utf8'));
  const models = readCutoffModels({ vfwe: read(CUTOFF_MODEL_FILES.vfwe), cfwe: read(CUTOFF_MODEL_FILES.cfwe), tfce: read(CUTOFF_MODEL_FILES.tfce) });
  const predicted = predictCutoffsFor(models, result.input.experiments.map((e) => ({ sampleSize: e.sampleSize, foci: e.ijk.length / 3 })));
  if (!predicted.ok) {
    if (!command.quiet) process.stderr.write(`predicted cut-offs: none: ${predicted.reason}\n`);
    return { error: predicted.reason, source: CUTOFF_PREDICTION_SOURCE };
  }
  if (!command.quiet) {
    const monteCarlo = (values: Float64Array | undefined, float32: boolean) => (values && values.length > 0 ? `; this run's Monte Carlo: ${fweCutoff(values, command.alpha, float32)}` : '');
    process.stderr.write(`predicted cut-offs (${CUTOFF_PREDICTION_SOURCE}):\n`);
    process.stderr.write(`  voxel-level FWE: ALE ${predicted.vfwe_ale.toPrecision(5)}${monteCarlo(result.nullMaxima?.maxAle, true)}\n`);
    process.stderr.write(`  cluster-level FWE: ${predicted.cfwe_size} voxels${monteCarlo(result.nullMaxima?.maxSize, false)}\n`);
    process.stderr.write(`  TFCE: ${predicted.tfce.toPrecision(5)}${monteCarlo(result.nullMaxima?.maxTfce, false)}\n`);
    for (const w of predicted.warnings) process.stderr.write(`predicted cut-offs: warning: ${w}\n`);
  }
  return { vfwe_ale: predicted.vfwe_ale, cfwe_size: predicted.cfwe_size, tfce: predicted.tfce, warnings: predicted.warnings, source: CUTOFF_PREDICTION_SOURCE };
}

/** The maps, the cluster table and summary.json of a run, and a line saying what came out. */
export function writeRun(out: OutputFolder, result: AleResult, summary: ReturnType<typeof buildSummary>, nSignificant: number, command: { quiet: boolean; out: string; alpha: number }): void {
  addMainOutputs(out, result, summary);
  out.json('summary.json', summary);
  out.save();
  if (!command.quiet) {
    const significant = result.fwe ? `, ${nSignificant} with cluster-size FWE p < ${command.alpha}` : '';
    process.stderr.write(
      `${summary.n_experiments} experiments, ${summary.n_foci} foci (${summary.n_foci_outside_mask} outside the mask); threshold ALE > ${summary.cluster_forming_threshold}; ${summary.clusters.length} clusters${significant}\nwrote ${out.written.length} files to ${command.out}\n`,
    );
  }
}

