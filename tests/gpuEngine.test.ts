/**
 * The GPU engine's CPU half, in Node (the WGSL runs in the webgpu e2e
 * project): the brick lists hold exactly the foci that reach each brick, in
 * focus order; and engine selection falls back as documented (a GPU worker
 * that loses its device mid-run, one with no usable adapter), with the same
 * maxima as the CPU pool for the same seed, also under the stopping rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { analyseObserved, prepareInput } from '../workers/core/index.ts';
import { BrickLayout, EMPTY_SLOT, packVoxel } from '../workers/gpu/brickLists.ts';
import { GROUP_SIZE } from '../workers/gpu/logSumShader.ts';
import { createNullEngine, nullModelSpec, runIterations, type NullModelSpec } from '../workers/inference/index.ts';
import { NullFoci } from '../workers/inference/monteCarlo/nullFoci.ts';
import { runNullEngine, runNullPool, type PoolWorker, type PoolWorkerApi } from '../workers/runtime/index.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

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
    const geometry = painGeometry();
    const prepared = prepareInput(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('the pain data did not prepare');
    const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
    spec = nullModelSpec(prepared.input.experiments, observed, geometry, 6, 3);
    cpu = await runNullPool(spec, { iterations, workers: 2, createWorker: createNodeWorker });
  });

  it('lists, for every brick, exactly the foci whose kernel reaches it, in focus order', () => {
    const layout = new BrickLayout(spec.shape, spec.maskedToFlat);
    const foci = new NullFoci(spec);
    const positions = new Uint32Array(2 * foci.count);
    const lists = layout.batchLists(foci, [0, 1], positions);
    foci.draw(1);
    const base = lists[1];
    const nb = layout.nBricks;
    // Every mask voxel sits in one slot of a group of its brick.
    const slotted = new Set<number>();
    for (let s = 0; s < layout.slots.length / 2; s++) if (layout.slots[2 * s + 1] !== EMPTY_SLOT) slotted.add(layout.slots[2 * s + 1]);
    expect(slotted.size).toBe(spec.maskedToFlat.length);
    expect(layout.slots.length).toBe(2 * GROUP_SIZE * layout.nGroups);
    // Brute force for one iteration: which bricks does each focus's kernel cube touch?
    const [b0, b1, b2] = layout.bricks;
    for (let f = 0; f < foci.count; f++) expect(positions[foci.count + f]).toBe(packVoxel(foci.fi[f], foci.fj[f], foci.fk[f]));
    let checked = 0;
    for (let g = 0; g < layout.nGroups; g += 7) {
      const b = layout.groupBrick[g];
      const bi = Math.floor(b / (b1 * b2)), bj = Math.floor(b / b2) % b1, bk = b % b2;
      const want: number[] = [];
      for (let f = 0; f < foci.count; f++) {
        const r = foci.kernels[foci.focusKernel[f]].radius;
        const near = (c: number, lo: number) => c + r >= lo && c - r <= lo + 7;
        if (near(foci.fi[f], 8 * bi) && near(foci.fj[f], 8 * bj) && near(foci.fk[f], 8 * bk)) want.push(f);
      }
      const got = Array.from(lists.subarray(base + nb + 1 + lists[base + b], base + nb + 1 + lists[base + b + 1]));
      expect(got).toEqual(want);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(b0 * b1 * b2).toBe(nb);
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
