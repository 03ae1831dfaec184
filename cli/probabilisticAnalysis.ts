/** A probabilistic ALE (a P<N> row of JALE's analysis sheet) on the command line: the fraction map and summary.json. */
import { runProbabilistic } from '../workers/analysis/index.ts';
import type { Dataset } from '../workers/input/index.ts';
import { formatDiagnostic } from '../workers/input/index.ts';
import { loadMask, maskDescription, progressReporter } from './io.ts';
import { failWith, refuseMainEffectOptions, SOFTWARE, type MainCommand } from './mainAnalysis.ts';
import { refuseGpuEngine } from './engine.ts';
import { createNodeWorker } from './nodeWorkers.ts';
import { OutputFolder } from './outputs.ts';

export async function probabilisticAnalysis(command: MainCommand, started: number, dataset: Dataset, subsetSize: number): Promise<void> {
  refuseMainEffectOptions(command, 'a probabilistic ALE writes the fraction of subsets in which each voxel is significant');
  refuseGpuEngine(command, 'a probabilistic ALE');
  const geometry = loadMask(command.mask);
  const progress = progressReporter(command.quiet);
  const outcome = await runProbabilistic(dataset, geometry, command.parameters, subsetSize, command.alpha, {
    workers: command.workers,
    createWorker: createNodeWorker,
    onProgress: (stage, done, total) => progress(stage === 'monte-carlo' ? 'probabilistic ALE: Monte Carlo of random subsets' : 'probabilistic ALE: subsets', done, total),
  });
  if (!outcome.ok) failWith([...outcome.warnings, ...outcome.errors]);
  const r = outcome.result;
  for (const w of r.input.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  const out = new OutputFolder(command.out, geometry);
  out.map('probabilistic.nii.gz', r.fraction, `fraction of ${r.subsets} subsets of ${subsetSize} in a cluster > ${r.cutoff} voxels`);
  const covered = r.fraction.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  out.json('summary.json', {
    software: SOFTWARE,
    input: dataset.source,
    mask: maskDescription(command.mask),
    analysis: 'probabilistic ALE',
    n_experiments: r.input.experiments.length,
    subset_size: subsetSize,
    subsets_possible: Number.isFinite(r.possible) ? r.possible : null,
    subsets: r.subsets,
    parameters: r.parameters,
    alpha: r.alpha,
    cluster_size_cutoff: r.cutoff,
    monte_carlo: { iterations: r.nullMaxSize.length, max_cluster_size: Array.from(r.nullMaxSize) },
    voxels_ever_significant: covered,
    voxels_always_significant: r.fraction.reduce((n, v) => n + (v === 1 ? 1 : 0), 0),
    timings_ms: { monte_carlo: Math.round(r.timings.monteCarloMs), subsets: Math.round(r.timings.subsetsMs), total: Math.round(performance.now() - started) },
  });
  out.save();
  if (!command.quiet) process.stderr.write(`probabilistic ALE: ${r.subsets} subsets of ${subsetSize} of ${r.input.experiments.length} experiments; clusters > ${r.cutoff} voxels; ${covered} voxels significant in at least one subset; wrote ${out.written.length} files to ${command.out}\n`);
}
