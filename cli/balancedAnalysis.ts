/** A balanced contrast (a B[<N>] row of JALE's analysis sheet) on the command line: its maps and summary.json. */
import { runBalanced } from '../workers/analysis/index.ts';
import { significantZ } from '../workers/inference/index.ts';
import { formatDiagnostic, type Dataset } from '../workers/input/index.ts';
import { loadMask, maskDescription, progressReporter } from './io.ts';
import { failWith, refuseMainEffectOptions, SOFTWARE, type MainCommand } from './mainAnalysis.ts';
import { refuseGpuEngine } from './engine.ts';
import { createNodeWorker } from './nodeWorkers.ts';
import { OutputFolder } from './outputs.ts';

export async function balancedAnalysis(command: MainCommand, started: number, chosen: { a: Dataset; b: Dataset; names: [string, string]; subsetSize: number | null }): Promise<void> {
  refuseMainEffectOptions(command, 'a balanced contrast writes its difference and z maps');
  refuseGpuEngine(command, 'a balanced contrast');
  const geometry = loadMask(command.mask);
  const progress = progressReporter(command.quiet);
  const outcome = await runBalanced([chosen.a, chosen.b], chosen.names, geometry, command.parameters, chosen.subsetSize, command.alpha, {
    workers: command.workers,
    createWorker: createNodeWorker,
    onProgress: (done, total) => progress('balanced contrast: Monte Carlo', done, total),
  });
  if (!outcome.ok) failWith([...outcome.warnings, ...outcome.errors]);
  const r = outcome.result;
  for (const w of r.inputs.flatMap((i) => i.warnings)) process.stderr.write(`${formatDiagnostic(w)}\n`);
  const [nameA, nameB] = r.names;
  const { z, significant } = r.inference;
  const out = new OutputFolder(command.out, geometry);
  out.map('balanced_diff.nii.gz', r.difference, `E[ALE of ${r.subsetSize} of ${nameA}] - E[ALE of ${r.subsetSize} of ${nameB}]`);
  out.map('balanced_z.nii.gz', z, `balanced contrast z, ${nameA} > ${nameB} positive`);
  out.map('balanced_z_significant.nii.gz', significantZ(r.inference), `balanced contrast z where two-sided p < ${command.alpha}`);
  const count = (side: number) => significant.reduce((n, s) => n + (s === side ? 1 : 0), 0);
  out.json('summary.json', {
    software: SOFTWARE,
    input: chosen.a.source.replace(/: [^:]*$/, ''),
    mask: maskDescription(command.mask),
    analysis: 'balanced contrast',
    groups: r.names,
    n_experiments: r.inputs.map((i) => i.experiments.length),
    subset_size: r.subsetSize,
    parameters: r.parameters,
    alpha: r.alpha,
    monte_carlo: { iterations: r.nullMax.length, min_difference: Array.from(r.nullMin), max_difference: Array.from(r.nullMax) },
    significant_voxels: { [`${nameA} > ${nameB}`]: count(1), [`${nameB} > ${nameA}`]: count(-1) },
    timings_ms: { monte_carlo: Math.round(r.timings.monteCarloMs), total: Math.round(performance.now() - started) },
  });
  out.save();
  if (!command.quiet) process.stderr.write(`balanced contrast ${nameA} vs ${nameB} at N = ${r.subsetSize}: ${count(1)} voxels ${nameA} > ${nameB}, ${count(-1)} voxels ${nameB} > ${nameA} (two-sided p < ${command.alpha}); wrote ${out.written.length} files to ${command.out}\n`);
}
