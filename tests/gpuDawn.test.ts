/**
 * The GPU engine in this test's own process, on Dawn (the npm package webgpu) over SwiftShader's Vulkan driver:
 * nodeWebGpu.test.ts runs it on worker threads, as the command line does, where a mutant of the engine's
 * code is never active. Here the engine's every line runs in this process, against the CPU engine's maxima, its
 * self-check and a device that refuses the engine's limits.
 */
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { GpuNullEngine, GpuUnavailableError } from '../workers/gpu/gpuNullEngine.ts';
import { gpuSelfCheck } from '../workers/gpu/selfCheck.ts';
import { createNullEngine, runIterations } from '../workers/inference/monteCarlo/engine.ts';
import { loadNodeWebGpu } from '../workers/runtime/nodeWebGpu.ts';
import { hasReference } from './support/reference.ts';
import { datasetNullSpec } from './support/nullSpec.ts';
import { SWIFTSHADER, VULKAN_LOADER } from './support/swiftShader.ts';

describe.skipIf(!hasReference || !SWIFTSHADER || !VULKAN_LOADER)('the GPU engine in this process (Dawn on SwiftShader)', () => {
  let gpu: GPU;
  beforeAll(async () => {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER;
    process.env.XDG_RUNTIME_DIR ??= tmpdir();
    gpu = await loadNodeWebGpu();
  });

  // Buffers of 30 bytes per mask voxel hold two iterations' 12 bytes each (five iterations run in batches of 2, 2 and 1),
  // of 13 bytes one (five batches of 1).
  it.each([
    [6, 30],
    [26, 13],
  ] as const)('passes its self-check and gives the CPU engine’s maxima, iteration by iteration, in batches (%i-connectivity, %i bytes a voxel)', async (connectivity, bytes) => {
    const spec = datasetNullSpec('pain_nidm21', connectivity, 5);
    const engine = await GpuNullEngine.create(withLargestBuffer(gpu, bytes * spec.maskedToFlat.length), spec);
    try {
      expect(engine.strategy).toMatch(/^WebGPU \(.*SwiftShader.*\): foci and exact float64 log sums on the device/);
      await gpuSelfCheck(engine, spec);
      const cpu = runIterations(createNullEngine(spec), 3, 5);
      const got = await engine.run(3, 5);
      expect(got.start).toBe(3);
      expect(got.maxTfce).toBeUndefined();
      expect([Array.from(got.maxAle), Array.from(got.maxSize), Array.from(got.maxMass)]).toEqual([Array.from(cpu.maxAle), Array.from(cpu.maxSize), Array.from(cpu.maxMass)]);
      expect(new Set(cpu.maxSize).size).toBeGreaterThan(1);
    } finally {
      engine.destroy();
    }
  });

  it('gives the CPU engine’s largest TFCE', async () => {
    const spec = datasetNullSpec('pain_nidm21', 6, 5, true);
    const engine = await GpuNullEngine.create(gpu, spec);
    try {
      const cpu = runIterations(createNullEngine(spec), 0, 2);
      const got = await engine.run(0, 2);
      expect(Array.from(got.maxTfce ?? [])).toEqual(Array.from(cpu.maxTfce ?? []));
      expect(Array.from(got.maxMass)).toEqual(Array.from(cpu.maxMass));
    } finally {
      engine.destroy();
    }
  });

  it('says why when there is no WebGPU, no adapter, or an adapter too small for one iteration', async () => {
    const spec = datasetNullSpec('pain_nidm21', 6, 5);
    await expect(GpuNullEngine.create(undefined, spec)).rejects.toThrow(new GpuUnavailableError('this browser or runtime has no WebGPU'));
    const none = { requestAdapter: async () => null } as unknown as GPU;
    await expect(GpuNullEngine.create(none, spec)).rejects.toThrow('WebGPU is present but offers no adapter (no usable GPU or driver)');
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('no adapter');
    const tiny = { requestAdapter: async () => ({ info: adapter.info, limits: { ...limitsOf(adapter.limits), maxBufferSize: 1024 } }) } as unknown as GPU;
    await expect(GpuNullEngine.create(tiny, spec)).rejects.toThrow(/cannot hold one iteration's log sums and focus lists \(\d{3},\d{3} mask voxels, \d+ foci; largest buffer 1,024 bytes\)/);
    const fewBindings = { requestAdapter: async () => ({ info: adapter.info, limits: { ...limitsOf(adapter.limits), maxStorageBuffersPerShaderStage: 7 } }) } as unknown as GPU;
    await expect(GpuNullEngine.create(fewBindings, spec)).rejects.toThrow(/binds fewer than 8 storage buffers per shader$/);
  });
});

/** The real adapter, offering buffers of at most `bytes`. */
function withLargestBuffer(gpu: GPU, bytes: number): GPU {
  return {
    requestAdapter: async () => {
      const adapter = await gpu.requestAdapter();
      if (!adapter) return null;
      return { info: adapter.info, limits: { ...limitsOf(adapter.limits), maxBufferSize: bytes, maxStorageBufferBindingSize: bytes }, requestDevice: (d: GPUDeviceDescriptor) => adapter.requestDevice(d) };
    },
  } as unknown as GPU;
}

/** A plain copy of an adapter's limits (Dawn's are getters on a prototype, which a spread does not copy). */
function limitsOf(limits: GPUSupportedLimits): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBuffersPerShaderStage'] as const) out[key] = limits[key];
  return out;
}
