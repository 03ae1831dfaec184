/**
 * The GPU engine on a real GPU, against the CPU engine on all cores of the
 * same machine: pain_nidm21, motor_sequence_learning and large_motor, one
 * JSON line per run on stdout. Every GPU run is compared with a CPU run of
 * the same iterations, value by value, so a line says both how fast and
 * whether the null is the CPU's to the last bit. bench/gpu-device.sh runs
 * the bundled copy (scripts/pack-gpu-device.ts) on a machine without
 * network; here it runs as `npx tsx bench/gpuDevice.ts DATA_DIR [--quick]`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chooseNodeEngine } from '../cli/engine.ts';
import { loadMask } from '../cli/io.ts';
import { createNodeGpuWorker, createNodeWorker } from '../cli/nodeWorkers.ts';
import { analyseObserved, prepareInput, type Connectivity, type Geometry } from '../workers/core/index.ts';
import { nullModelSpec, type NullModelSpec } from '../workers/inference/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { runNullEngine, runNullPool, type NullRun } from '../workers/runtime/index.ts';

const [dataDir = new URL('../../shared/reference/datasets/', import.meta.url).pathname] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quick = process.argv.includes('--quick');
/** Runs not begun by then are reported as skipped, so the whole check ends inside its time on the device. */
const BUDGET_MS = Number(process.env.ALE_GPU_BENCH_BUDGET_S ?? 240) * 1000;
const CORES = availableParallelism();
const FILES: Record<string, string> = {
  pain_nidm21: 'pain_nidm21/pain_nidm21_MNI.sleuth.txt',
  motor_sequence_learning: 'motor_sequence_learning/motor_sequence_learning_MNI.sleuth.txt',
  large_motor: 'large_motor/large_motor_MNI.sleuth.txt',
};
const started = performance.now();

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...line, elapsed_s: Math.round((performance.now() - started) / 100) / 10 })}\n`);
}

function specOf(dataset: string, geometry: Geometry, connectivity: Connectivity): NullModelSpec {
  const file = join(dataDir, FILES[dataset]);
  const parsed = parseCoordinates(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors[0].message}`);
  const prepared = prepareInput(parsed.dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error(`${file}: ${prepared.errors[0].message}`);
  const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity });
  return nullModelSpec(prepared.input.experiments, observed, geometry, connectivity, 0);
}

/** Wall time, and the rate once the engine runs (from the first finished chunk). */
async function timed(run: (onProgress: (done: number) => void) => Promise<NullRun>, iterations: number) {
  const t = performance.now();
  const first = { at: 0, done: 0 };
  const result = await run((done) => {
    if (first.done === 0) Object.assign(first, { at: performance.now(), done });
  });
  const end = performance.now();
  const steady = first.done < iterations ? (end - first.at) / (iterations - first.done) : NaN;
  return { result, total_s: round((end - t) / 1000, 3), ms_per_iteration: round(steady, 3) };
}

function firstDifference(a: NullRun, b: NullRun): string | null {
  for (const key of ['maxAle', 'maxSize', 'maxMass'] as const) {
    for (let t = 0; t < a[key].length; t++) if (!Object.is(a[key][t], b[key][t])) return `${key}[${t}]: GPU ${a[key][t]}, CPU ${b[key][t]}`;
  }
  return a.maxAle.length === b.maxAle.length ? null : `GPU ran ${a.maxAle.length} iterations, CPU ${b.maxAle.length}`;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

async function compare(dataset: string, geometry: Geometry, connectivity: Connectivity, iterations: number, gpuWorkers: number): Promise<boolean> {
  if (performance.now() - started > BUDGET_MS) {
    emit({ dataset, connectivity, iterations, gpu_workers: gpuWorkers, skipped: `past the ${BUDGET_MS / 1000} s budget` });
    return true;
  }
  const spec = specOf(dataset, geometry, connectivity);
  try {
    const gpu = await timed((onProgress) => runNullEngine(spec, { engine: 'gpu', createGpuWorker: createNodeGpuWorker, gpuWorkers, iterations, workers: CORES, createWorker: createNodeWorker, onProgress }), iterations);
    const cpu = await timed((onProgress) => runNullPool(spec, { iterations, workers: CORES, createWorker: createNodeWorker, onProgress }), iterations);
    const difference = firstDifference(gpu.result, cpu.result);
    emit({
      dataset,
      connectivity,
      iterations,
      gpu_workers: gpuWorkers,
      gpu: { total_s: gpu.total_s, ms_per_iteration: gpu.ms_per_iteration, engine: gpu.result.engine },
      cpu: { workers: CORES, total_s: cpu.total_s, ms_per_iteration: cpu.ms_per_iteration, engine: cpu.result.engine },
      speedup: round(cpu.ms_per_iteration / gpu.ms_per_iteration, 2),
      identical_to_cpu: difference === null,
      ...(difference ? { first_difference: difference } : {}),
    });
    return difference === null;
  } catch (error) {
    emit({ dataset, connectivity, iterations, gpu_workers: gpuWorkers, error: (error as Error).message });
    return false;
  }
}

/** The command line end to end, as a user runs it: 5,000 iterations of large_motor on the GPU. */
async function endToEnd(dataset: string, iterations: number): Promise<void> {
  if (performance.now() - started > BUDGET_MS) return emit({ command_line: dataset, skipped: `past the ${BUDGET_MS / 1000} s budget` });
  const out = join(process.env.TMPDIR ?? '/tmp', `ale-gpu-e2e-${process.pid}`);
  // Bundled, this file sits beside ale.mjs; from the source tree the command line runs under tsx.
  const bundled = import.meta.url.endsWith('.mjs');
  const cli = fileURLToPath(new URL(bundled ? './ale.mjs' : '../cli/ale.ts', import.meta.url));
  const [command, args] = bundled ? [process.execPath, [cli]] : ['npx', ['tsx', cli]];
  const t = performance.now();
  try {
    await promisify(execFile)(command, [...args, join(dataDir, FILES[dataset]), '--out', out, '--iters', String(iterations), '--engine', 'gpu', '--mask', 'colin27', '--quiet'], { maxBuffer: 1 << 26 });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    emit({ command_line: dataset, iterations, total_s: round((performance.now() - t) / 1000, 2), monte_carlo_s: round(summary.timings_ms.monte_carlo / 1000, 2), engine: summary.monte_carlo.engine, clusters: summary.clusters.length });
  } catch (error) {
    emit({ command_line: dataset, iterations, error: ((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n').slice(-3).join(' | ') });
  }
}

async function main(): Promise<void> {
  const engine = await chooseNodeEngine('gpu', CORES).catch((error: Error) => ({ refused: error.message }));
  emit({ node: process.version, cores: CORES, vulkan_icd: process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES ?? 'system', ...('refused' in engine ? { gpu: engine.refused } : { gpu: 'adapter found' }) });
  if ('refused' in engine) process.exit(1);
  const geometry = loadMask('colin27');
  const scale = quick ? 0.1 : 1;
  const n = (iterations: number) => Math.max(2, Math.round(iterations * scale));
  // The self-check (every mask voxel's log sum and the maxima of iteration 0 equal to the CPU's) runs as each GPU worker starts.
  let identical = await compare('pain_nidm21', geometry, 6, n(1000), 4);
  emit({ check: 'self-check and pain_nidm21 null', passed: identical });
  for (const [dataset, iterations] of [['motor_sequence_learning', 1000], ['large_motor', 200]] as const) identical = (await compare(dataset, geometry, 6, n(iterations), 4)) && identical;
  // How the CPU's share (drawing foci, labelling clusters) scales with GPU workers.
  for (const workers of [2, 8]) identical = (await compare('large_motor', geometry, 6, n(200), Math.min(workers, CORES))) && identical;
  for (const connectivity of [18, 26] as const) {
    for (const [dataset, iterations] of [['pain_nidm21', 200], ['motor_sequence_learning', 200], ['large_motor', 40]] as const) identical = (await compare(dataset, geometry, connectivity, n(iterations), 4)) && identical;
  }
  await endToEnd('large_motor', quick ? 20 : 5000);
  emit({ done: true, every_null_identical_to_cpu: identical });
  process.exit(identical ? 0 : 1);
}

await main();
