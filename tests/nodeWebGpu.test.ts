/**
 * The GPU engine under Node, through Dawn (the npm package webgpu) on
 * SwiftShader's Vulkan driver, which Debian's Chromium brings: its null
 * maxima equal the CPU pool's, iteration by iteration, for every
 * connectivity; and the command line's --engine runs it, passes over a
 * software adapter under auto, and refuses with the reason where Dawn finds
 * no adapter. SwiftShader is correct, not fast, so each dataset runs a few
 * iterations (large_motor one, after the self-check's iteration 0);
 * bench/gpu-device.sh compares thousands on a real GPU.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readProbe } from '../cli/engine.ts';
import { createNodeGpuWorker, createNodeWorker } from '../cli/nodeWorkers.ts';
import type { Connectivity } from '../workers/core/index.ts';
import { runNullEngine, runNullPool } from '../workers/runtime/index.ts';
import { runCli } from './support/cli.ts';
import { hasReference, referencePath } from './support/reference.ts';
import { datasetNullSpec } from './support/nullSpec.ts';
import { SWIFTSHADER, VULKAN_LOADER } from './support/swiftShader.ts';

async function bothEngines(name: string, connectivity: Connectivity, iterations: number, first = 0, tfce = false) {
  const spec = datasetNullSpec(name, connectivity, 11, tfce);
  const cpu = await runNullPool(spec, { iterations, first, workers: 2, createWorker: createNodeWorker });
  const gpu = await runNullEngine(spec, { engine: 'gpu', createGpuWorker: createNodeGpuWorker, gpuWorkers: 1, iterations, first, workers: 2, createWorker: createNodeWorker });
  return { cpu, gpu };
}

const ale = (args: string[], icd: string) => runCli(args, { ...process.env, VK_ICD_FILENAMES: icd, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? tmpdir() });

describe.skipIf(!hasReference || !SWIFTSHADER || !VULKAN_LOADER)('the GPU engine in Node (Dawn on SwiftShader)', () => {
  beforeAll(() => {
    // Read by the Vulkan loader when a worker thread first creates Dawn's instance.
    process.env.VK_ICD_FILENAMES = SWIFTSHADER;
    // Without it the Vulkan loader prints a complaint per thread (harmless).
    process.env.XDG_RUNTIME_DIR ??= tmpdir();
  });

  it.each([6, 18, 26] as const)('gives the CPU pool’s maxima on pain, iteration by iteration, with %i-connectivity', async (connectivity) => {
    const { cpu, gpu } = await bothEngines('pain_nidm21', connectivity, 4);
    expect(gpu.engine).toMatch(/^WebGPU \(.*SwiftShader.*\): foci and exact float64 log sums on the device/);
    expect(gpu.notices).toEqual([]);
    expect(Array.from(gpu.maxAle)).toEqual(Array.from(cpu.maxAle));
    expect(Array.from(gpu.maxSize)).toEqual(Array.from(cpu.maxSize));
    expect(Array.from(gpu.maxMass)).toEqual(Array.from(cpu.maxMass));
    // Not a vacuous equality: the iterations differ from one another.
    expect(new Set(cpu.maxSize).size).toBeGreaterThan(1);
  });

  it('gives the CPU pool’s largest TFCE too, from the candidates above TFCE’s floor', async () => {
    const { cpu, gpu } = await bothEngines('pain_nidm21', 6, 3, 0, true);
    expect(cpu.maxTfce && Array.from(cpu.maxTfce).every((v) => v > 0)).toBe(true);
    expect(Array.from(gpu.maxTfce ?? [])).toEqual(Array.from(cpu.maxTfce ?? []));
    expect(Array.from(gpu.maxMass)).toEqual(Array.from(cpu.maxMass));
  });

  it('gives the CPU pool’s maxima on motor_sequence_learning', async () => {
    const { cpu, gpu } = await bothEngines('motor_sequence_learning', 6, 2);
    expect(gpu.engine).toMatch(/^WebGPU/);
    expect([Array.from(gpu.maxAle), Array.from(gpu.maxSize), Array.from(gpu.maxMass)]).toEqual([Array.from(cpu.maxAle), Array.from(cpu.maxSize), Array.from(cpu.maxMass)]);
  });

  it('gives the CPU pool’s maxima on large_motor (785 experiments, 31,000 kernels an iteration)', async () => {
    // SwiftShader needs about half a minute per large_motor iteration: the self-check compares every log sum of
    // iteration 0 with the CPU's, and the run then computes iteration 1.
    const { cpu, gpu } = await bothEngines('large_motor', 6, 1, 1);
    expect(gpu.engine).toMatch(/^WebGPU/);
    expect(cpu.maxSize[0]).toBeGreaterThan(0);
    expect([Array.from(gpu.maxAle), Array.from(gpu.maxSize), Array.from(gpu.maxMass)]).toEqual([Array.from(cpu.maxAle), Array.from(cpu.maxSize), Array.from(cpu.maxMass)]);
  });

  describe('on the command line', () => {
    const input = referencePath('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
    const tmp = () => mkdtempSync(join(tmpdir(), 'ale-gpu-'));
    const summary = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

    it('runs --engine gpu on the software adapter and names it, with the CPU’s null', async () => {
      const [onGpu, onCpu] = [tmp(), tmp()];
      const [gpu, cpu] = await Promise.all([ale([input, '--out', onGpu, '--iters', '4', '--engine', 'gpu', '--workers', '1', '--quiet'], SWIFTSHADER!), ale([input, '--out', onCpu, '--iters', '4', '--engine', 'cpu', '--quiet'], SWIFTSHADER!)]);
      expect([gpu.code, cpu.code]).toEqual([0, 0]);
      const [g, c] = [summary(onGpu), summary(onCpu)];
      expect(g.monte_carlo.engine).toMatch(/^WebGPU \(.*SwiftShader/);
      expect(c.monte_carlo.engine).not.toMatch(/WebGPU/);
      expect([g.parameters.engine, c.parameters.engine]).toEqual(['gpu', 'cpu']);
      expect(g.null).toEqual(c.null);
    });

    it('passes over a software adapter under auto, saying so, and runs the CPU workers', async () => {
      const dir = tmp();
      const r = await ale([input, '--out', dir, '--iters', '4'], SWIFTSHADER!);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/Monte Carlo on the CPU workers: the only WebGPU adapter is .*SwiftShader.*, a software one/);
      expect(summary(dir).monte_carlo.engine).not.toMatch(/WebGPU/);
    });

    it('refuses --engine gpu with the reason where Dawn finds no adapter, and auto runs on the CPU', async () => {
      const nowhere = join(tmp(), 'no_such_icd.json');
      const gpu = await ale([input, '--out', tmp(), '--iters', '4', '--engine', 'gpu'], nowhere);
      expect(gpu.code).toBe(1);
      expect(gpu.stderr).toContain('--engine gpu: the GPU engine cannot run: WebGPU (Dawn) found no adapter');
      const dir = tmp();
      const auto = await ale([input, '--out', dir, '--iters', '4'], nowhere);
      expect(auto.code).toBe(0);
      expect(auto.stderr).toContain('Monte Carlo on the CPU workers: WebGPU (Dawn) found no adapter');
      expect(summary(dir).monte_carlo.iterations_run).toBe(4);
    });

    it('refuses --engine gpu for analyses whose Monte Carlo has no GPU path', async () => {
      const sheet = referencePath('datasets/inhibition_jale_example/');
      const r = await ale([`${sheet}experiment_info.xlsx`, '--analysis-info', `${sheet}analysis_info.xlsx`, '--analysis', 'ResponseInhibition_CV', '--out', tmp(), '--iters', '4', '--engine', 'gpu'], SWIFTSHADER!);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('--engine gpu: a probabilistic ALE runs its Monte Carlo on the CPU workers only');
    });
  });
});

describe('reading the Dawn probe', () => {
  const adapter = { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200', isFallbackAdapter: false };
  it('takes the adapter line, with what the drivers said beside it', () => {
    expect(readProbe(null, `${JSON.stringify({ adapter })}\n`, 'error: XDG_RUNTIME_DIR is invalid\nWarning: lavapipe passed over\n')).toEqual({ adapter, said: 'Warning: lavapipe passed over' });
    expect(readProbe(null, '{"adapter":null}\n', '')).toEqual({ adapter: null, said: '' });
  });

  it('says the package is missing, the probe timed out, or quotes the error line of a crash', () => {
    expect(readProbe({ code: 1 }, '', "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'webgpu' imported from /x/gpuProbe.mjs\n")).toEqual({ reason: 'the optional package webgpu (Dawn) is not installed (npm install webgpu)' });
    expect(readProbe({ killed: true, signal: 'SIGTERM' }, '', '')).toEqual({ reason: 'asking Dawn for a WebGPU adapter did not answer within 60 s' });
    expect(readProbe({ code: 1 }, '', "node:internal/x\n  throw err;\nError: Cannot find module '/a/dawn.node'\n    at Module._resolveFilename\n}\n\nNode.js v20.20.2\n")).toEqual({ reason: "asking Dawn for a WebGPU adapter failed (exit 1): Error: Cannot find module '/a/dawn.node'" });
    expect(readProbe({ signal: 'SIGABRT', code: null }, '', 'terminate called after throwing an instance of std::system_error\n')).toEqual({ reason: 'asking Dawn for a WebGPU adapter failed (exit SIGABRT): terminate called after throwing an instance of std::system_error' });
  });
});
