/** A Cluster row of JALE's analysis sheet on the command line: clustering of experiments (scores, labels, correlation matrix, its figure, each group's ALE). */
import { runClustering } from '../workers/analysis/index.ts';
import { formatDiagnostic, type Dataset } from '../workers/input/index.ts';
import { addClusteringOutputs, bestLevel } from '../workers/reports/index.ts';
import { refuseGpuEngine } from './engine.ts';
import { loadMask, maskDescription, progressReporter } from './io.ts';
import { failWith, refuseMainEffectOptions, SOFTWARE, type MainCommand } from './mainAnalysis.ts';
import { createNodeWorker } from './nodeWorkers.ts';
import { OutputFolder } from './outputs.ts';

export async function clusteringAnalysis(command: MainCommand, started: number, dataset: Dataset): Promise<void> {
  refuseMainEffectOptions(command, 'a clustering of experiments writes its scores, labels and correlation matrix');
  refuseGpuEngine(command, 'a clustering of experiments');
  const geometry = loadMask(command.mask);
  const progress = progressReporter(command.quiet);
  const t = performance.now();
  const outcome = await runClustering(dataset, geometry, command.parameters, command.clustering, {
    workers: command.workers,
    createWorker: createNodeWorker,
    onProgress: (stage, done, total) => progress(stage === 'null' ? 'clustering: null of shuffled foci' : 'clustering: subsamples', done, total),
  });
  if (!outcome.ok) failWith([...outcome.warnings, ...outcome.errors]);
  const { input, result, names, groupMaps, settings } = outcome.run;
  for (const w of input.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  const best = bestLevel(result);
  const out = new OutputFolder(command.out, geometry);
  addClusteringOutputs(out, result, names, groupMaps);
  out.json('summary.json', {
    software: SOFTWARE,
    input: dataset.source,
    mask: maskDescription(command.mask),
    analysis: 'clustering of experiments',
    n_experiments: names.length,
    correlation: 'spearman',
    method: settings.method,
    linkage: settings.linkage,
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
  if (!command.quiet) process.stderr.write(`clustering: ${names.length} experiments, k = 2 … ${result.levels.at(-1)?.k}; silhouette furthest above its null at k = ${best.k} (z = ${best.silhouette.z.toFixed(2)}); wrote ${out.written.length} files to ${command.out}\n`);
}
