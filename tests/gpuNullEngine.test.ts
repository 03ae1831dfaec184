/**
 * GpuNullEngine's CPU half, driven in Node by a fake WebGPU device: the fake
 * computes what the log-sum shader would (each voxel's exact log sum, and per
 * workgroup whether it may pass the threshold and its largest |L|), so the
 * engine's reading of candidate groups, its threshold and its maxima are
 * checked against plain full stamping, iteration by iteration.
 */
import { describe, expect, it } from 'vitest';
import { aleKernel, fwhmFromSampleSize } from '../workers/core/kernel.ts';
import { adapterName, isSoftwareAdapter } from '../workers/gpu/adapter.ts';
import { BrickLayout, EMPTY_SLOT } from '../workers/gpu/brickLayout.ts';
import { watchedError, watchErrors } from '../workers/gpu/errorScopes.ts';
import { GpuLostError, GpuNullEngine, GpuUnavailableError } from '../workers/gpu/gpuNullEngine.ts';
import { GROUP_SIZE } from '../workers/gpu/logSumShader.ts';
import { gpuSelfCheck } from '../workers/gpu/selfCheck.ts';
import type { IterationMaxima, NullModelSpec } from '../workers/inference/monteCarlo/nullModel.ts';
import { fullStampIteration } from './support/fullStampNull.ts';

Object.assign(globalThis, {
  GPUBufferUsage: { MAP_READ: 1, MAP_WRITE: 2, COPY_SRC: 4, COPY_DST: 8, INDEX: 16, VERTEX: 32, UNIFORM: 64, STORAGE: 128, INDIRECT: 256, QUERY_RESOLVE: 512 },
  GPUMapMode: { READ: 1, WRITE: 2 },
});

interface FakeBuffer {
  size: number;
  data: ArrayBuffer;
  mapAsync(): Promise<void>;
  getMappedRange(offset: number, size: number): ArrayBuffer;
  unmap(): void;
}

/** What the log-sum shader computes for iterations [0, n) of the batch whose foci are in the positions buffer. */
function logSumPass(bound: Map<number, FakeBuffer>, n: number, corrupt = false): void {
  const params = new Uint32Array(bound.get(0)!.data);
  const [nFoci, , nMask, nGroups, maxBatch] = params;
  const focusAt = params[11];
  const limit = new Float64Array(params.buffer.slice(20, 28))[0];
  const logs = new Float64Array(bound.get(1)!.data);
  const tables = new Uint32Array(bound.get(2)!.data);
  const slots = new Uint32Array(bound.get(4)!.data);
  const positions = new Uint32Array(bound.get(6)!.data);
  const sums = new Float64Array(bound.get(8)!.data);
  const counters = new Uint32Array(bound.get(12)!.data);
  const candidates = new Uint32Array(bound.get(13)!.data);
  const where = new Map<number, number>();
  for (let s = 0; s < nGroups * GROUP_SIZE; s++) if (slots[2 * s + 1] !== EMPTY_SLOT) where.set(slots[2 * s], slots[2 * s + 1]);
  for (let t = 0; t < n; t++) {
    const magnitude = new Float64Array(nMask);
    let experiment = -1;
    let largest = new Float64Array(nMask);
    const flush = () => magnitude.forEach((_, v) => (magnitude[v] += largest[v]));
    for (let f = 0; f < nFoci; f++) {
      const [e, kernel] = [tables[2 * (focusAt + f)], tables[2 * (focusAt + f) + 1]];
      if (e !== experiment) {
        flush();
        largest = new Float64Array(nMask);
        experiment = e;
      }
      const p = positions[t * nFoci + f];
      const [ci, cj, ck] = [p & 1023, (p >>> 10) & 1023, p >>> 20];
      const [offset, r] = [tables[2 * kernel], tables[2 * kernel + 1]];
      const side = 2 * r + 1;
      for (let a = -r; a <= r; a++) for (let b = -r; b <= r; b++) for (let c = -r; c <= r; c++) {
        if (ci + a < 0 || cj + b < 0 || ck + c < 0) continue;
        const v = where.get((ci + a) | ((cj + b) << 10) | ((ck + c) << 20));
        if (v === undefined) continue;
        const m = logs[offset + ((a + r) * side + (b + r)) * side + (c + r)];
        if (m > largest[v]) largest[v] = m;
      }
    }
    flush();
    for (let v = 0; v < nMask; v++) sums[t * nMask + v] = -magnitude[v];
    // A device whose arithmetic is off in the last bit somewhere (what the self-check exists for).
    if (corrupt) {
      const v = magnitude.findIndex((m) => m > 0);
      sums[t * nMask + v] = -magnitude[v] * (1 + 2 ** -52);
    }
    // Candidates in reverse mask order: the device promises no order.
    const words = new Uint32Array(sums.buffer, 8 * t * nMask, 2 * nMask);
    for (let v = nMask - 1; v >= 0; v--) {
      const high = words[2 * v + 1] & 0x7fffffff;
      counters[maxBatch + t] = Math.max(counters[maxBatch + t], high);
      if (magnitude[v] <= limit) continue;
      candidates.set([v, words[2 * v], words[2 * v + 1]], 3 * (t * nMask + counters[t]++));
    }
  }
}

/** What largestLowWord computes: the largest low word of |L| among the voxels holding the iteration's top high word. */
function lowWordPass(bound: Map<number, FakeBuffer>, n: number): void {
  const [, , nMask, , maxBatch] = new Uint32Array(bound.get(0)!.data);
  const words = new Uint32Array(bound.get(8)!.data);
  const counters = new Uint32Array(bound.get(12)!.data);
  for (let t = 0; t < n; t++) {
    for (let v = 0; v < nMask; v++) {
      const at = 2 * (t * nMask + v);
      if ((words[at + 1] & 0x7fffffff) === counters[maxBatch + t]) counters[2 * maxBatch + t] = Math.max(counters[2 * maxBatch + t], words[at]);
    }
  }
}

/** What the foci passes compute: xoshiro128** from each iteration's state words, written here from its definition, then mask indices packed as voxels. */
function focusPass(entryPoint: 'drawFoci' | 'packFoci', bound: Map<number, FakeBuffer>): void {
  const params = new Uint32Array(bound.get(0)!.data);
  const [nFoci, , nMask] = params;
  const positions = new Uint32Array(bound.get(6)!.data);
  if (entryPoint === 'packFoci') {
    const voxels = new Uint32Array(bound.get(11)!.data);
    for (let at = 0; at < params[10] * nFoci; at++) positions[at] = voxels[positions[at]];
    return;
  }
  const states = new Uint32Array(bound.get(10)!.data);
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  const mask = nMask <= 1 ? 0 : 2 ** Math.ceil(Math.log2(nMask)) - 1;
  for (let t = 0; t < params[10]; t++) {
    const s = Array.from(states.subarray(4 * t, 4 * t + 4));
    for (let f = 0; f < nFoci; ) {
      const x = (Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0) & mask;
      const shifted = (s[1] << 9) >>> 0;
      s[2] ^= s[0];
      s[3] ^= s[1];
      s[1] ^= s[2];
      s[0] ^= s[3];
      s[2] ^= shifted;
      s[3] = rotl(s[3] >>> 0, 11);
      if (x < nMask) positions[t * nFoci + f++] = x;
    }
  }
}

interface FakeOptions {
  loseAfterSubmits?: number;
  /** What the device says when it is lost (its message may be empty). */
  lostWith?: { message: string; reason: string };
  corrupt?: boolean;
  limits?: Partial<Record<'maxComputeWorkgroupsPerDimension' | 'maxStorageBuffersPerShaderStage', number>>;
  /** An error scope that reports a refusal: around the engine's set-up, or around its first batch. */
  refuse?: 'create' | 'batch';
  /** Filled in: what the engine asked the adapter for, and how often it destroyed the device. */
  seen?: { descriptor?: unknown; destroyed: number };
}

/** A WebGPU stand-in: buffers, error scopes and a queue that runs the log-sum pass in JavaScript. */
function fakeGpu(options: FakeOptions = {}) {
  let submits = 0;
  let pops = 0;
  let lose: (info: { message: string; reason: string }) => void = () => {};
  const device = {
    lost: new Promise((resolve) => (lose = resolve)),
    createBuffer: ({ size }: { size: number }): FakeBuffer => {
      const data = new ArrayBuffer(size);
      return { size, data, mapAsync: async () => {}, getMappedRange: (offset: number, length: number) => data.slice(offset, offset + length), unmap: () => {} };
    },
    queue: {
      writeBuffer: (buffer: FakeBuffer, at: number, source: ArrayBufferLike | ArrayBufferView, offset = 0, size?: number) => {
        const bytes = ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source, offset, size);
        new Uint8Array(buffer.data).set(bytes, at);
      },
      submit: (commands: (() => void)[][]) => {
        submits++;
        if (options.loseAfterSubmits !== undefined && submits > options.loseAfterSubmits) lose(options.lostWith ?? { message: 'the device was destroyed', reason: 'destroyed' });
        for (const list of commands) for (const command of list) command();
      },
    },
    createShaderModule: () => ({}),
    createComputePipeline: ({ compute }: { compute: { entryPoint: string } }) => ({ entryPoint: compute.entryPoint, getBindGroupLayout: () => ({}) }),
    createBindGroup: ({ entries }: { entries: { binding: number; resource: { buffer: FakeBuffer } }[] }) => new Map(entries.map((e) => [e.binding, e.resource.buffer])),
    createCommandEncoder: () => {
      const commands: (() => void)[] = [];
      let pipeline: { entryPoint: string } | null = null;
      let bound = new Map<number, FakeBuffer>();
      return {
        beginComputePass: () => ({
          setPipeline: (p: { entryPoint: string }) => (pipeline = p),
          setBindGroup: (_: number, group: Map<number, FakeBuffer>) => (bound = group),
          dispatchWorkgroups: (_x: number, n: number) => {
            const [entryPoint, group] = [pipeline?.entryPoint, bound];
            if (entryPoint === 'main') commands.push(() => logSumPass(group, n, options.corrupt));
            if (entryPoint === 'largestLowWord') commands.push(() => lowWordPass(group, n));
            if (entryPoint === 'drawFoci' || entryPoint === 'packFoci') commands.push(() => focusPass(entryPoint, group));
          },
          end: () => {},
        }),
        clearBuffer: (buffer: FakeBuffer) => commands.push(() => new Uint8Array(buffer.data).fill(0)),
        copyBufferToBuffer: (src: FakeBuffer, from: number, dst: FakeBuffer, to: number, size: number) => commands.push(() => new Uint8Array(dst.data).set(new Uint8Array(src.data, from, size), to)),
        finish: () => commands,
      };
    },
    pushErrorScope: () => {},
    // The set-up pops two scopes (pops 1 and 2), each batch two more.
    popErrorScope: async () => {
      pops++;
      if (options.refuse === 'create' && pops === 1) return { message: 'Buffer size exceeds the limit' };
      if (options.refuse === 'batch' && pops === 3) return { message: 'Dispatch size exceeds the limit' };
      return null;
    },
    destroy: () => {
      if (options.seen) options.seen.destroyed++;
    },
  };
  const limits = { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28, maxComputeWorkgroupsPerDimension: 65535, maxStorageBuffersPerShaderStage: 10, ...options.limits };
  const requestDevice = async (descriptor: unknown) => {
    if (options.seen) options.seen.descriptor = descriptor;
    return device;
  };
  const adapter = { info: { vendor: 'test', architecture: 'fake', description: '' }, limits, requestDevice };
  return { requestAdapter: async () => adapter } as unknown as GPU;
}

/** A 24³ grid with a 16³ brain in it; five experiments of one to three foci. */
function spec(threshold: number): NullModelSpec {
  const shape: [number, number, number] = [24, 24, 24];
  const maskedToFlat: number[] = [];
  for (let i = 4; i < 20; i++) for (let j = 4; j < 20; j++) for (let k = 4; k < 20; k++) maskedToFlat.push((i * 24 + j) * 24 + k);
  const kernels = [10, 40].map((n) => aleKernel(fwhmFromSampleSize(n))).map((k) => ({ radius: k.radius, values: k.values }));
  return { shape, maskedToFlat: Int32Array.from(maskedToFlat), kernels, experimentKernel: Int32Array.from([0, 1, 0, 1, 1]), experimentFoci: Int32Array.from([3, 1, 2, 3, 2]), threshold, connectivity: 6, seed: 5, tfce: null };
}

describe('the GPU engine’s CPU half, on a fake device', () => {
  it.each([
    ['clusters in most iterations', 0.008],
    ['no voxel above the threshold, so only the group with the largest |L| is read', 0.9],
  ])('gives the maxima of full stamping, iteration by iteration: %s', async (_, threshold) => {
    const s = spec(threshold);
    const engine = await GpuNullEngine.create(fakeGpu(), s);
    expect(engine.strategy).toBe('WebGPU (test fake): foci and exact float64 log sums on the device, clusters on the CPU');
    const got = await engine.run(3, 12);
    expect(got.start).toBe(3);
    expect(got.maxTfce).toBeUndefined();
    for (let t = 0; t < 12; t++) {
      const expected = fullStampIteration(s, 3 + t);
      expect([got.maxAle[t], got.maxSize[t], got.maxMass[t]], `iteration ${3 + t}`).toEqual([expected.maxAle, expected.maxSize, expected.maxMass]);
    }
    expect(got.maxAle.every((a) => a > 0)).toBe(true);
    if (threshold > 0.5) expect(got.maxSize.every((n) => n === 0)).toBe(true);
    else expect(got.maxSize.filter((n) => n > 0).length).toBeGreaterThan(6);
  });

  it('hands back one iteration’s log sums for the self-check', async () => {
    const s = spec(0.008);
    const { logSums, maxima } = await (await GpuNullEngine.create(fakeGpu(), s)).checkIteration(7);
    expect(logSums.length).toBe(s.maskedToFlat.length);
    expect(logSums.some((l) => l < 0)).toBe(true);
    const expected = fullStampIteration(s, 7);
    expect(maxima).toEqual({ maxAle: expected.maxAle, maxSize: expected.maxSize, maxMass: expected.maxMass });
  });

  it('passes its self-check on a device that computes what the CPU does, and fails it on one off by a bit', async () => {
    const s = spec(0.008);
    await expect(gpuSelfCheck(await GpuNullEngine.create(fakeGpu(), s), s)).resolves.toBeUndefined();
    await expect(gpuSelfCheck(await GpuNullEngine.create(fakeGpu({ corrupt: true }), s), s)).rejects.toThrow(/^the GPU failed its self-check \(iteration 0: 1 of [\d,]+ log sums differ from the CPU's, e\.g\. -\d\.\d+(e-\d+)? instead of -\d\.\d+(e-\d+)? at voxel \d+\)$/);
  });

  it('fails its self-check when the log sums agree but a maximum does not, naming both, and hands the device back', async () => {
    const s = spec(0.008);
    const { logSums, maxima } = await (await GpuNullEngine.create(fakeGpu(), s)).checkIteration(0);
    let destroyed = 0;
    const reporting = (change: Partial<IterationMaxima>) => ({ checkIteration: async () => ({ logSums, maxima: { ...maxima, ...change } }), destroy: () => destroyed++ }) as unknown as GpuNullEngine;
    const { maxAle, maxSize, maxMass } = maxima;
    const cpu = `the CPU gives ${maxAle}, ${maxSize}, ${maxMass})`;
    await expect(gpuSelfCheck(reporting({ maxAle: maxAle / 2 }), s)).rejects.toThrow(`the GPU failed its self-check (iteration 0: max ALE ${maxAle / 2}, size ${maxSize}, mass ${maxMass}; ${cpu}`);
    await expect(gpuSelfCheck(reporting({ maxSize: maxSize + 1 }), s)).rejects.toThrow(`(iteration 0: max ALE ${maxAle}, size ${maxSize + 1}, mass ${maxMass}; ${cpu}`);
    await expect(gpuSelfCheck(reporting({ maxMass: maxMass + 1e-9 }), s)).rejects.toThrow(`(iteration 0: max ALE ${maxAle}, size ${maxSize}, mass ${maxMass + 1e-9}; ${cpu}`);
    await expect(gpuSelfCheck(reporting({ maxTfce: 2 }), s)).rejects.toThrow('(iteration 0: max TFCE 2; the CPU gives undefined)');
    expect(destroyed).toBe(4);
    await expect(gpuSelfCheck(reporting({}), s)).resolves.toBeUndefined();
    expect(destroyed).toBe(4);
  });

  it('takes grids up to 1,024 voxels an axis, the most its packed coordinates hold', () => {
    expect(new BrickLayout([1024, 1, 9], Int32Array.from([0, 9 * 1023 + 8])).bricks).toEqual([128, 1, 2]);
    expect(() => new BrickLayout([8, 1025, 8], Int32Array.from([0]))).toThrow(new RangeError('the grid (8 × 1025 × 8) has an axis over 1024 voxels'));
  });

  it('refuses without WebGPU or an adapter, and reports a device lost mid-run', async () => {
    await expect(GpuNullEngine.create(undefined, spec(0.02))).rejects.toThrow(new GpuUnavailableError('this browser or runtime has no WebGPU'));
    await expect(GpuNullEngine.create({ requestAdapter: async () => null } as unknown as GPU, spec(0.02))).rejects.toThrow('WebGPU is present but offers no adapter');
    const engine = await GpuNullEngine.create(fakeGpu({ loseAfterSubmits: 0 }), spec(0.02));
    await expect(engine.run(0, 40)).rejects.toBeInstanceOf(GpuLostError);
  });
});

describe('the GPU engine’s set-up and failures, on a fake device', () => {
  it('names its errors, so that a pool on another thread can tell them apart', () => {
    expect(new GpuLostError('x').name).toBe('GpuLostError');
    expect(new GpuUnavailableError('x').name).toBe('GpuUnavailableError');
  });

  it('names an adapter by its vendor, architecture and description, and tells the software ones', () => {
    expect(adapterName({ vendor: 'nvidia', architecture: 'hopper', description: '' })).toBe('nvidia hopper');
    expect(adapterName({ vendor: '', architecture: '', description: 'SwiftShader Device (Subzero)' })).toBe('SwiftShader Device (Subzero)');
    expect(adapterName({ vendor: '', architecture: '', description: '' })).toBe('an unnamed adapter');
    expect(adapterName(undefined)).toBe('an unnamed adapter');
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader', description: '' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', description: '', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' })).toBe(false);
    expect(isSoftwareAdapter(undefined)).toBe(false);
  });

  it('reports the validation error of a watched call before an out-of-memory one', async () => {
    const scopes = (...errors: ({ message: string } | null)[]) => {
      const stack: string[] = [];
      return { pushErrorScope: (filter: string) => stack.push(filter), popErrorScope: async () => (stack.pop(), errors.shift() ?? null), stack } as unknown as GPUDevice & { stack: string[] };
    };
    const both = scopes({ message: 'invalid' }, { message: 'out of memory' });
    watchErrors(both);
    expect(both.stack).toEqual(['out-of-memory', 'validation']);
    expect(await watchedError(both)).toEqual({ message: 'invalid' });
    expect(both.stack).toEqual([]);
    const memory = scopes(null, { message: 'out of memory' });
    watchErrors(memory);
    expect(await watchedError(memory)).toEqual({ message: 'out of memory' });
    const none = scopes(null, null);
    watchErrors(none);
    expect(await watchedError(none)).toBeNull();
  });

  it('asks the adapter for its largest buffers and 8 storage buffers, and takes limits up to their edge', async () => {
    const s = spec(0.02);
    const groups = new BrickLayout(s.shape, s.maskedToFlat).nGroups;
    const seen = { destroyed: 0, descriptor: undefined as unknown };
    await GpuNullEngine.create(fakeGpu({ seen, limits: { maxComputeWorkgroupsPerDimension: groups, maxStorageBuffersPerShaderStage: 8 } }), s);
    expect(seen.descriptor).toEqual({ requiredLimits: { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 27, maxStorageBuffersPerShaderStage: 8 } });
    await expect(GpuNullEngine.create(fakeGpu({ limits: { maxComputeWorkgroupsPerDimension: groups - 1 } }), s)).rejects.toThrow(new GpuUnavailableError(`the mask needs ${groups.toLocaleString('en')} workgroups, more than test fake dispatches`));
  });

  it('hands the device back and says so when it refuses the set-up, or a batch', async () => {
    const seen = { destroyed: 0 };
    await expect(GpuNullEngine.create(fakeGpu({ refuse: 'create', seen }), spec(0.02))).rejects.toThrow(new GpuUnavailableError('test fake refused the Monte-Carlo buffers or shader: Buffer size exceeds the limit'));
    expect(seen.destroyed).toBe(1);
    const engine = await GpuNullEngine.create(fakeGpu({ refuse: 'batch' }), spec(0.02));
    await expect(engine.run(0, 2)).rejects.toThrow(new GpuLostError("the GPU failed a batch: it refused the batch's buffers or dispatch (Dispatch size exceeds the limit)"));
  });

  it('says how the device was lost when it gives no message, and refuses every later batch', async () => {
    const engine = await GpuNullEngine.create(fakeGpu({ loseAfterSubmits: 0, lostWith: { message: '', reason: 'unknown' } }), spec(0.02));
    await expect(engine.run(0, 2)).rejects.toThrow(new GpuLostError('the device was lost (unknown)'));
    await expect(engine.run(2, 2)).rejects.toThrow(new GpuLostError('the device was lost (unknown)'));
  });

  it('destroys its device when handed back', async () => {
    const seen = { destroyed: 0 };
    (await GpuNullEngine.create(fakeGpu({ seen }), spec(0.02))).destroy();
    expect(seen.destroyed).toBe(1);
  });
});
