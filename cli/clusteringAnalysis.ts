/** A Cluster row of JALE's analysis sheet on the command line: clustering of experiments (scores, labels, correlation matrix and its figure). */
import { prepareInput } from '../workers/core/index.ts';
import { clusterExperiments, groupAleMaps } from '../workers/inference/index.ts';
import { runClusteringNullPool } from '../workers/runtime/index.ts';
import { createNodeWorker } from './nodeWorkers.ts';
import { formatDiagnostic, type Dataset } from '../workers/input/index.ts';
import { bestLevel, clusteringLabelsTsv, clusteringMetricsTsv, correlationMatrixSvg, correlationTsv } from '../workers/reports/index.ts';
import { refuseGpuEngine } from './engine.ts';
import { loadMask, maskDescription, progressReporter } from './io.ts';
import { failWith, refuseMainEffectOptions, SOFTWARE, type MainCommand } from './mainAnalysis.ts';
import { OutputFolder } from './outputs.ts';

/** JALE's number of subsamples of the real data. */
const SUBSAMPLES = 500;

export async function clusteringAnalysis(command: MainCommand, started: number, dataset: Dataset): Promise<void> {
  refuseMainEffectOptions(command, 'a clustering of experiments writes its scores, labels and correlation matrix');
  refuseGpuEngine(command, 'a clustering of experiments');
  const geometry = loadMask(command.mask);
  const prepared = prepareInput(dataset, geometry, command.parameters);
  if (!prepared.ok) failWith([...prepared.warnings, ...prepared.errors]);
  const { experiments, warnings } = prepared.input;
  for (const w of warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  const { maxClusters, linkage, nullIterations } = command.clustering;
  if (nullIterations < 2) failWith([{ severity: 'error', source: dataset.source, message: 'a clustering of experiments needs at least 2 null iterations (--iters) for the spread of its null' }]);
  const progress = progressReporter(command.quiet);
  const t = performance.now();
  let result;
  try {
    result = await clusterExperiments(experiments, geometry, {
      linkage,
      maxClusters,
      subsamples: SUBSAMPLES,
      nullIterations,
      fraction: 0.9,
      seed: command.parameters.seed,
      ...(command.parameters.kernel ? { kernel: command.parameters.kernel } : {}),
      onProgress: (_, done, total) => progress('clustering: subsamples', done, total),
    }, (model) => runClusteringNullPool(model, { workers: command.workers, createWorker: createNodeWorker, onProgress: (done, total) => progress('clustering: null of shuffled foci', done, total) }));
  } catch (err) {
    failWith([{ severity: 'error', source: dataset.source, message: (err as Error).message }]);
  }
  const names = experiments.map((e) => e.id);
  const out = new OutputFolder(command.out, geometry);
  out.text('clustering_metrics.tsv', clusteringMetricsTsv(result));
  out.text('clustering_labels.tsv', clusteringLabelsTsv(result, names));
  out.text('correlation.tsv', correlationTsv(result, names));
  out.text('correlation_matrix.svg', correlationMatrixSvg(result, names));
  const best = bestLevel(result);
  const groupMaps = groupAleMaps(experiments, geometry, best.labels, command.parameters.kernel);
  groupMaps.forEach((ale, g) => out.map(`ale_k-${best.k}_group-${g + 1}.nii.gz`, ale, `ALE of group ${g + 1} of ${best.k}`));
  out.json('summary.json', {
    software: SOFTWARE,
    input: dataset.source,
    mask: maskDescription(command.mask),
    analysis: 'clustering of experiments',
    n_experiments: experiments.length,
    correlation: 'spearman',
    linkage,
    subsample_size: result.subsampleSize,
    subsamples: result.subsamples,
    null_iterations: result.nullIterations,
    parameters: command.parameters,
    levels: result.levels.map((l) => ({ k: l.k, silhouette: l.silhouette, calinski_harabasz: l.calinskiHarabasz, separation_density: l.separationDensity })),
    best_k_by_silhouette_z: best.k,
    groups_at_best_k: groupMaps.map((_, g) => ({ group: g + 1, experiments: names.filter((__, e) => best.labels[e] === g + 1) })),
    timings_ms: { clustering: Math.round(performance.now() - t), total: Math.round(performance.now() - started) },
  });
  out.save();
  if (!command.quiet) process.stderr.write(`clustering: ${experiments.length} experiments, k = 2 … ${result.levels.at(-1)?.k}; silhouette furthest above its null at k = ${best.k} (z = ${best.silhouette.z.toFixed(2)}); wrote ${out.written.length} files to ${command.out}\n`);
}
