/** The contrast on the command line: two groups' main effects, the subtraction, the gated contrast and the conjunction. */
import { join } from 'node:path';
import { runContrast } from '../workers/analysis/index.ts';
import { splitDataset, type Dataset } from '../workers/input/index.ts';
import { loadDataset, loadMask, progressReporter } from './io.ts';
import { failWith, SOFTWARE, summarise, type ContrastCommand } from './mainAnalysis.ts';
import { commandEngine } from './engine.ts';
import { createNodeWorker } from './nodeWorkers.ts';
import { addContrastOutputs, OutputFolder } from './outputs.ts';
import { addMainOutputs } from '../workers/reports/index.ts';

/** The contrast of two files, of a split of one, or of two groups a spreadsheet's analysis selected (`chosen`). */
export async function contrastAnalysis(command: ContrastCommand, started: number, chosen?: { a: Dataset; b: Dataset; names: [string, string] }): Promise<void> {
  const geometry = loadMask(command.mask);
  let a: Dataset;
  let b: Dataset;
  let names: [string, string];
  if (chosen) {
    ({ a, b, names } = chosen);
  } else if (command.split) {
    const split = splitDataset(await loadDataset(command.inputs[0]), command.split);
    if (!split.ok) failWith([split.error]);
    ({ a, b, names } = split);
  } else {
    a = await loadDataset(command.inputs[0]);
    b = await loadDataset(command.inputs[1]);
    names = [command.inputs[0], command.inputs[1]];
  }
  const progress = progressReporter(command.quiet);
  const outcome = await runContrast(a, b, names, geometry, { ...command.parameters, alpha: command.alpha, minVolumeMm3: command.minVolumeMm3 }, {
    workers: command.workers,
    createWorker: createNodeWorker,
    engine: await commandEngine(command),
    onNotice: (notice) => process.stderr.write(`warning: ${notice}\n`),
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
  const clusters = (key: keyof typeof result.clusters) =>
    result.clusters[key].map((c, n) => ({ id: c.id, size_voxels: c.sizeVoxels, size_mm3: c.sizeMm3, peak_xyz: c.peak.xyz, peak_z: c.peak.z, peak_p: result.peakP[key][n], center_xyz: c.center }));
  out.json('summary.json', {
    software: SOFTWARE,
    groups: { A: { name: names[0], n_experiments: mainSummaries[0].n_experiments, n_foci: mainSummaries[0].n_foci }, B: { name: names[1], n_experiments: mainSummaries[1].n_experiments, n_foci: mainSummaries[1].n_foci } },
    parameters: { ...command.parameters, alpha: command.alpha, permutations: command.parameters.iterations, min_volume_mm3: command.minVolumeMm3 },
    clusters: { a_over_b: clusters('aOverB'), b_over_a: clusters('bOverA'), conjunction: clusters('conjunction') },
    timings_ms: { total: Math.round(performance.now() - started) },
  });
  out.save();
  if (!command.quiet) {
    process.stderr.write(
      `A = ${names[0]} (${mainSummaries[0].n_experiments} experiments), B = ${names[1]} (${mainSummaries[1].n_experiments}); clusters A > B: ${result.clusters.aOverB.length}, B > A: ${result.clusters.bOverA.length}, conjunction: ${result.clusters.conjunction.length}\nwrote ${out.written.length} files to ${command.out} (main effects in A/ and B/)\n`,
    );
  }
}

