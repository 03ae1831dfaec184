/**
 * The GPU engine's CPU half, in Node (the WGSL runs in the webgpu e2e
 * project): the bricks' workgroups hold every mask voxel once, the focus
 * lists' room is never too small; and engine selection falls back as documented (a GPU worker
 * that loses its device mid-run, one with no usable adapter), with the same
 * maxima as the CPU pool for the same seed, also under the stopping rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { BRICK, BrickLayout, EMPTY_SLOT, packVoxel } from '../workers/gpu/brickLayout.ts';
import { GROUP_SIZE } from '../workers/gpu/logSumShader.ts';
import { createNullEngine, runIterations, type NullModelSpec } from '../workers/inference/index.ts';
import { NullFoci } from '../workers/inference/monteCarlo/nullFoci.ts';
import { runNullEngine, runNullPool, type PoolWorker, type PoolWorkerApi } from '../workers/runtime/index.ts';
import { datasetNullSpec } from './support/nullSpec.ts';
import { hasReference } from './support/reference.ts';

/** A stand-in for a browser GPU worker: the CPU engine in-process, failing as a device would. */
function fakeGpuWorker(spec: NullModelSpec, failure: { atInit?: string; lostFrom?: number }): PoolWorker {
  const engine = createNullEngine(spec);
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });
  const api: Partial<PoolWorkerApi> = {
    initGpu: async () => {
      if (failure.atInit) throw named('GpuUnavailableError', failure.atInit);
      return 'WebGPU (test adapter)';
    },
    run: async (start, count) => {
      if (failure.lostFrom !== undefined && start + count > failure.lostFrom) throw named('GpuLostError', 'the device was destroyed');
      return runIterations(engine, start, count);
    },
  };
  return { api: api as unknown as PoolWorker['api'], failed: new Promise<never>(() => {}), terminate: () => {} };
}

describe.skipIf(!hasReference)('the GPU engine on the CPU side (pain data)', () => {
  let spec: NullModelSpec;
  let cpu: Awaited<ReturnType<typeof runNullPool>>;
  const iterations = 40;
  beforeAll(async () => {
    spec = datasetNullSpec('pain_nidm21', 6, 3);
    cpu = await runNullPool(spec, { iterations, workers: 2, createWorker: createNodeWorker });
  });

  it('puts every mask voxel in one slot of a group of its own brick, and bounds the focus lists from above', () => {
    const layout = new BrickLayout(spec.shape, spec.maskedToFlat);
    const [n0, n1, n2] = spec.shape;
    const [, b1, b2] = layout.bricks;
    expect(layout.slots.length).toBe(2 * GROUP_SIZE * layout.nGroups);
    const seen = new Uint8Array(spec.maskedToFlat.length);
    const wrong: string[] = [];
    for (let s = 0; s < layout.slots.length / 2; s++) {
      const t = layout.slots[2 * s + 1];
      if (t === EMPTY_SLOT) continue;
      seen[t]++;
      const v = spec.maskedToFlat[t];
      const [i, j, k] = [Math.floor(v / (n1 * n2)), Math.floor(v / n2) % n1, v % n2];
      const brick = (Math.floor(i / BRICK) * b1 + Math.floor(j / BRICK)) * b2 + Math.floor(k / BRICK);
      if (layout.slots[2 * s] !== packVoxel(i, j, k) || layout.groupBrick[Math.floor(s / GROUP_SIZE)] !== brick || layout.used[brick] !== 1) wrong.push(`slot ${s}`);
    }
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(Array.from(new Set(seen))).toEqual([1]);
    // The lists' room: no iteration has more (brick, focus) pairs than the bound.
    const foci = new NullFoci(spec);
    const bound = layout.entryBound(foci);
    for (let iteration = 0; iteration < 5; iteration++) {
      foci.draw(iteration);
      let pairs = 0;
      for (let f = 0; f < foci.count; f++) {
        const r = foci.kernels[foci.focusKernel[f]].radius;
        const span = (c: number, n: number) => Math.floor(Math.min(n - 1, c + r) / BRICK) - Math.floor(Math.max(0, c - r) / BRICK) + 1;
        pairs += span(foci.fi[f], n0) * span(foci.fj[f], n1) * span(foci.fk[f], n2);
      }
      expect(pairs).toBeLessThanOrEqual(bound);
    }
  });

  it('finishes on the CPU after a device loss, with the CPU pool’s maxima', async () => {
    const run = await runNullEngine(spec, { iterations, workers: 2, createWorker: createNodeWorker, createGpuWorker: () => fakeGpuWorker(spec, { lostFrom: 13 }), engine: 'gpu' });
    expect(run.maxSize).toEqual(cpu.maxSize);
    expect(run.maxAle).toEqual(cpu.maxAle);
    expect(run.maxMass).toEqual(cpu.maxMass);
    expect(run.notices[0]).toMatch(/^The GPU was lost after \d+ iterations \(the device was destroyed\)/);
    expect(run.engine).toMatch(/^WebGPU \(test adapter\) for iterations 0–\d+, then /);
  });

  it('stops at the same checkpoint as the CPU pool when a device loss falls before it', async () => {
    // A rule that fires at the second checkpoint, whichever engine computed the prefix.
    const options = { isCheckpoint: (n: number) => n % 10 === 0, stopAt: (p: { maxSize: Float64Array }) => p.maxSize.length >= 20 };
    const alone = await runNullPool(spec, { iterations, workers: 2, createWorker: createNodeWorker, ...options });
    const run = await runNullEngine(spec, { iterations, workers: 2, createWorker: createNodeWorker, createGpuWorker: () => fakeGpuWorker(spec, { lostFrom: 4 }), engine: 'auto', ...options });
    expect(alone.maxSize).toHaveLength(20);
    expect(run.maxSize).toEqual(alone.maxSize);
  });

  it('says why it ran on the CPU under auto, and refuses under gpu, when the GPU is unusable', async () => {
    const unusable = () => fakeGpuWorker(spec, { atInit: 'the GPU failed its self-check' });
    const auto = await runNullEngine(spec, { iterations, workers: 2, createWorker: createNodeWorker, createGpuWorker: unusable, engine: 'auto' });
    expect(auto.maxSize).toEqual(cpu.maxSize);
    expect(auto.notices).toEqual(['WebGPU was not used (the GPU failed its self-check); the CPU engine ran.']);
    await expect(runNullEngine(spec, { iterations, workers: 1, createWorker: createNodeWorker, createGpuWorker: unusable, engine: 'gpu' })).rejects.toThrow('the GPU engine cannot run: the GPU failed its self-check');
    await expect(runNullEngine(spec, { iterations, workers: 1, createWorker: createNodeWorker, engine: 'gpu' })).rejects.toThrow(/offers no WebGPU adapter/);
    const none = await runNullEngine(spec, { iterations, workers: 2, createWorker: createNodeWorker });
    expect(none.notices).toEqual([]);
    expect(none.maxSize).toEqual(cpu.maxSize);
  });
});
