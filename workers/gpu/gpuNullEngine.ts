/**
 * Monte-Carlo iterations on a WebGPU device. For a batch of iterations at
 * once the GPU draws the foci from the same (seed, iteration) streams as the
 * CPU (focusDrawShader.ts), lists the foci reaching each brick and computes
 * every mask voxel's exact float64 log sum (logSumShader.ts), keeping the
 * candidates (voxels whose sum may pass the threshold) and the smallest sum.
 * The CPU reads back only those and takes exp, the threshold, the clusters
 * and the maxima exactly as the CPU engine does. So the null maxima equal the
 * CPU engine's to the last bit.
 */
import { NullFoci } from '../inference/monteCarlo/nullFoci.ts';
import type { IterationMaxima, NullMaxima, NullModelSpec } from '../inference/monteCarlo/nullModel.ts';
import { allocateNull } from '../inference/monteCarlo/nullArrays.ts';
import { SupraThresholdVoxels, supraLogLimit } from '../inference/monteCarlo/supraThreshold.ts';
import { adapterName as nameOf } from './adapter.ts';
import { BrickLayout } from './brickLayout.ts';
import { deviceTables } from './deviceTables.ts';
import { watchedError, watchErrors } from './errorScopes.ts';
import { xoshiroState } from '../inference/rng.ts';
import { FOCUS_DRAW_WGSL } from './focusDrawShader.ts';
import { FOCUS_LIST_WGSL } from './focusListShader.ts';
import { GROUP_SIZE, LOG_SUM_WGSL } from './logSumShader.ts';

/** No adapter, or one that cannot hold this analysis: the CPU engine runs instead. */
export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
}

/** The device went away mid-run (driver reset, tab in the background, destroy()). */
export class GpuLostError extends Error {
  override name = 'GpuLostError';
}

/** Largest log-sum batch kept on the device at once. */
const BATCH_BYTES = 64 * 2 ** 20;
const MAX_BATCH = 32;
/** Per iteration: candidates, and the largest |L|'s high and low words. */
const COUNTERS = 3;

export class GpuNullEngine {
  readonly strategy: string;
  private readonly foci: NullFoci;
  private readonly seed: number;
  private readonly supra: SupraThresholdVoxels;
  private readonly logLimit: number;
  private readonly tfce: boolean;
  private readonly maskedToFlat: Int32Array;
  private readonly batch: number;
  private readonly params: GPUBuffer;
  private readonly states: GPUBuffer;
  private readonly logSums: GPUBuffer;
  private readonly counters: GPUBuffer;
  private readonly candidates: GPUBuffer;
  private readonly readback: GPUBuffer;
  /** The passes of a batch, in order, each with its bind group. */
  private readonly passes: { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; workgroups: (n: number) => [number, number] }[];
  private lost: string | null = null;
  /** Two u32 words read as one float64. */
  private readonly word = (() => {
    const u32 = new Uint32Array(2);
    return { u32, f64: new Float64Array(u32.buffer) };
  })();

  private constructor(
    readonly device: GPUDevice,
    adapterName: string,
    spec: NullModelSpec,
    foci: NullFoci,
    layout: BrickLayout,
    batch: number,
    stride: number,
  ) {
    this.foci = foci;
    this.seed = spec.seed;
    this.supra = new SupraThresholdVoxels(spec);
    this.tfce = spec.tfce !== null;
    this.logLimit = supraLogLimit(this.supra.reach32);
    this.maskedToFlat = spec.maskedToFlat;
    this.batch = batch;
    this.strategy = `WebGPU (${adapterName}): foci and exact float64 log sums on the device, clusters on the CPU`;
    void device.lost.then((info) => (this.lost = info.message || `the device was lost (${info.reason})`));
    const { kernelLogs, tables, slots, maskVoxels } = deviceTables(spec, foci, layout);
    const nMask = spec.maskedToFlat.length;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const limit = new Uint32Array(Float64Array.of(-this.logLimit).buffer);
    const params = [this.foci.count, layout.nBricks, nMask, layout.nGroups, batch, limit[0], limit[1], stride, layout.bricks[1], layout.bricks[2], batch, spec.kernels.length];
    this.states = device.createBuffer({ size: 16 * batch, usage: storage });
    this.logSums = device.createBuffer({ size: 8 * batch * nMask, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.counters = device.createBuffer({ size: 4 * COUNTERS * batch, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    this.candidates = device.createBuffer({ size: 12 * batch * nMask, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.readback = device.createBuffer({ size: 4 * COUNTERS * batch + 12 * batch * nMask, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.params = this.upload(new Uint32Array(params), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const buffers: Record<number, GPUBuffer> = {
      0: this.params,
      1: this.upload(kernelLogs, storage),
      2: this.upload(tables, storage),
      4: this.upload(slots, storage),
      6: device.createBuffer({ size: Math.max(16, 4 * batch * this.foci.count), usage: GPUBufferUsage.STORAGE }),
      7: device.createBuffer({ size: 4 * batch * stride, usage: GPUBufferUsage.STORAGE }),
      8: this.logSums,
      9: this.upload(layout.used, storage),
      10: this.states,
      11: this.upload(maskVoxels, storage),
      12: this.counters,
      13: this.candidates,
    };
    const draws = device.createShaderModule({ code: FOCUS_DRAW_WGSL });
    const lists = device.createShaderModule({ code: FOCUS_LIST_WGSL });
    const sums = device.createShaderModule({ code: LOG_SUM_WGSL });
    const perBrick = (n: number): [number, number] => [Math.ceil(layout.nBricks / GROUP_SIZE), n];
    const pass = (module: GPUShaderModule, entryPoint: string, bindings: number[], workgroups: (n: number) => [number, number]) => {
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint } });
      const entries = bindings.map((binding) => ({ binding, resource: { buffer: buffers[binding] } }));
      return { pipeline, bindGroup: device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }), workgroups };
    };
    this.passes = [
      pass(draws, 'drawFoci', [0, 6, 10], (n) => [Math.ceil(n / GROUP_SIZE), 1]),
      pass(draws, 'packFoci', [0, 6, 11], (n) => [Math.ceil(this.foci.count / GROUP_SIZE), n]),
      pass(lists, 'countReaches', [0, 2, 6, 7, 9], perBrick),
      pass(lists, 'countsToOffsets', [0, 7], (n) => [n, 1]),
      pass(lists, 'fillLists', [0, 2, 6, 7, 9], perBrick),
      pass(sums, 'main', [0, 1, 2, 4, 6, 7, 8, 12, 13], (n) => [layout.nGroups, n]),
      pass(sums, 'largestLowWord', [0, 4, 8, 12], (n) => [layout.nGroups, n]),
    ];
  }

  /** A device for this analysis, or GpuUnavailableError saying why there is none. */
  static async create(gpu: GPU | null | undefined, spec: NullModelSpec): Promise<GpuNullEngine> {
    if (!gpu) throw new GpuUnavailableError('this browser or runtime has no WebGPU');
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new GpuUnavailableError('WebGPU is present but offers no adapter (no usable GPU or driver)');
    const adapterName = nameOf(adapter.info);
    let layout: BrickLayout;
    try {
      layout = new BrickLayout(spec.shape, spec.maskedToFlat);
    } catch (error) {
      throw new GpuUnavailableError(`the GPU engine cannot take this grid: ${(error as Error).message}`);
    }
    const nMask = spec.maskedToFlat.length;
    const { limits } = adapter;
    const largest = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    const foci = new NullFoci(spec);
    const stride = layout.nBricks + 1 + layout.entryBound(foci);
    const room = Math.min(BATCH_BYTES, largest);
    const batch = Math.min(MAX_BATCH, Math.floor(room / (12 * nMask + 4 * COUNTERS)), Math.floor(room / (4 * stride)));
    if (batch < 1) throw new GpuUnavailableError(`${adapterName} cannot hold one iteration's log sums and focus lists (${nMask.toLocaleString('en')} mask voxels, ${foci.count.toLocaleString('en')} foci; largest buffer ${largest.toLocaleString('en')} bytes)`);
    if (layout.nGroups > limits.maxComputeWorkgroupsPerDimension) throw new GpuUnavailableError(`the mask needs ${layout.nGroups.toLocaleString('en')} workgroups, more than ${adapterName} dispatches`);
    if (limits.maxStorageBuffersPerShaderStage < 8) throw new GpuUnavailableError(`${adapterName} binds fewer than 8 storage buffers per shader`);
    const device = await adapter.requestDevice({
      requiredLimits: { maxStorageBufferBindingSize: largest, maxBufferSize: largest, maxStorageBuffersPerShaderStage: 8 },
    });
    watchErrors(device);
    const engine = new GpuNullEngine(device, adapterName, spec, foci, layout, batch, stride);
    const problem = await watchedError(device);
    if (problem) {
      device.destroy();
      throw new GpuUnavailableError(`${adapterName} refused the Monte-Carlo buffers or shader: ${problem.message}`);
    }
    return engine;
  }

  private upload(data: Float64Array | Uint32Array, usage: number): GPUBuffer {
    const buffer = this.device.createBuffer({ size: Math.max(16, Math.ceil(data.byteLength / 16) * 16), usage });
    this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
  }

  /** The maxima of iterations [start, start + count), in batches. */
  async run(start: number, count: number): Promise<NullMaxima> {
    const out: NullMaxima = { start, ...allocateNull(count, this.tfce) };
    for (let done = 0; done < count; ) {
      const n = Math.min(this.batch, count - done);
      const batch = await this.batchOf(Array.from({ length: n }, (_, t) => start + done + t));
      for (let t = 0; t < n; t++) {
        const m = this.maximaOf(batch, t);
        out.maxAle[done + t] = m.maxAle;
        out.maxSize[done + t] = m.maxSize;
        out.maxMass[done + t] = m.maxMass;
        if (out.maxTfce) out.maxTfce[done + t] = m.maxTfce ?? NaN;
      }
      done += n;
    }
    return out;
  }

  /** One iteration's log sums in mask order as the device computed them, and its maxima (for the self-check). */
  async checkIteration(iteration: number): Promise<{ logSums: Float64Array; maxima: IterationMaxima }> {
    const batch = await this.batchOf([iteration], true);
    return { logSums: batch.sums as Float64Array, maxima: this.maximaOf(batch, 0) };
  }

  /** Hands the device back; the engine cannot run afterwards. */
  destroy(): void {
    this.device.destroy();
  }

  /**
   * Runs a batch and reads back, per iteration, its candidates and its
   * largest |L| (and with `withSums` the first iteration's every log sum):
   * first the counters, then exactly as many candidates as they say.
   */
  private async batchOf(iterations: number[], withSums = false): Promise<BatchResult> {
    if (this.lost) throw new GpuLostError(this.lost);
    const n = iterations.length;
    const states = new Uint32Array(4 * n);
    for (const [t, iteration] of iterations.entries()) states.set(xoshiroState(this.seed, iteration), 4 * t);
    // A refused buffer or dispatch must not leave last batch's results to be read as this one's.
    watchErrors(this.device);
    this.device.queue.writeBuffer(this.states, 0, states);
    this.device.queue.writeBuffer(this.params, 40, Uint32Array.of(n));
    const encoder = this.device.createCommandEncoder();
    encoder.clearBuffer(this.counters);
    const pass = encoder.beginComputePass();
    // Dispatches in one pass run in order, each seeing what the one before wrote.
    for (const { pipeline, bindGroup, workgroups } of this.passes) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(...workgroups(n));
    }
    pass.end();
    const countersBytes = 4 * COUNTERS * this.batch;
    encoder.copyBufferToBuffer(this.counters, 0, this.readback, 0, countersBytes);
    const nMask = this.maskedToFlat.length;
    if (withSums) encoder.copyBufferToBuffer(this.logSums, 0, this.readback, countersBytes, 8 * nMask);
    this.device.queue.submit([encoder.finish()]);
    const mapped = await this.mapped(countersBytes + (withSums ? 8 * nMask : 0));
    const counters = new Uint32Array(mapped.slice(0, countersBytes));
    const sums = withSums ? new Float64Array(mapped.slice(countersBytes, countersBytes + 8 * nMask)) : null;
    this.readback.unmap();
    // Each iteration's candidates, one after another.
    const offsets = new Uint32Array(n + 1);
    for (let t = 0; t < n; t++) offsets[t + 1] = offsets[t] + counters[t];
    let candidates = new Uint32Array(0);
    if (offsets[n] > 0) {
      watchErrors(this.device);
      const copy = this.device.createCommandEncoder();
      for (let t = 0; t < n; t++) if (counters[t] > 0) copy.copyBufferToBuffer(this.candidates, 12 * t * nMask, this.readback, 12 * offsets[t], 12 * counters[t]);
      this.device.queue.submit([copy.finish()]);
      candidates = new Uint32Array((await this.mapped(12 * offsets[n])).slice(0));
      this.readback.unmap();
    }
    return { counters, offsets, candidates, sums };
  }

  /** The readback buffer's first `bytes`, once the device wrote them; a device lost or refusing is GpuLostError. */
  private async mapped(bytes: number): Promise<ArrayBuffer> {
    try {
      const refused = await watchedError(this.device);
      if (refused) throw new Error(`it refused the batch's buffers or dispatch (${refused.message})`);
      await this.readback.mapAsync(GPUMapMode.READ, 0, bytes);
    } catch (error) {
      throw new GpuLostError(this.lost ?? `the GPU failed a batch: ${(error as Error).message}`);
    }
    if (this.lost) throw new GpuLostError(this.lost);
    return this.readback.getMappedRange(0, bytes);
  }

  /**
   * The CPU engine's last step on exact log sums: exp, the threshold, clusters,
   * maxima, on the candidates the device kept; the largest ALE from the
   * smallest L, which the device found among all mask voxels.
   */
  private maximaOf({ counters, offsets, candidates }: BatchResult, t: number): IterationMaxima {
    const { supra, maskedToFlat, logLimit, word } = this;
    supra.reset();
    for (let c = offsets[t]; c < offsets[t + 1]; c++) {
      word.u32[0] = candidates[3 * c + 1];
      word.u32[1] = candidates[3 * c + 2];
      const l = word.f64[0];
      if (l < logLimit) supra.offer(maskedToFlat[candidates[3 * c]], Math.fround(1 - Math.exp(l)));
    }
    // The smallest L: −|L| from the top high word and the largest low word under it (−0 when no kernel reaches).
    word.u32[0] = counters[2 * this.batch + t];
    word.u32[1] = counters[this.batch + t] | 0x80000000;
    supra.offerMaximum(Math.fround(1 - Math.exp(word.f64[0])));
    return supra.maxima();
  }
}

interface BatchResult {
  /** Per iteration (stride: the engine's batch): candidates; largest |L|'s high word; its low word. */
  counters: Uint32Array;
  /** Iteration t's candidates are entries offsets[t] … offsets[t + 1] − 1 of candidates. */
  offsets: Uint32Array;
  /** Per candidate: mask index, L's low and high words. */
  candidates: Uint32Array;
  /** With withSums: the first iteration's log sums in mask order. */
  sums: Float64Array | null;
}
