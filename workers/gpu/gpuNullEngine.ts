/**
 * Monte-Carlo iterations on a WebGPU device (the browser's, or Dawn's under
 * Node). Foci are drawn on the CPU from the same (seed, iteration) streams;
 * the GPU computes every mask voxel's exact float64 log sum for a batch of
 * iterations at once (logSumShader.ts); the CPU reads the sums back and takes
 * exp, the threshold, the clusters and the maxima exactly as the CPU engine
 * does. So the null maxima equal the CPU engine's to the last bit.
 */
import { NullFoci } from '../inference/monteCarlo/nullFoci.ts';
import type { NullMaxima, NullModelSpec } from '../inference/monteCarlo/nullModel.ts';
import { SupraThresholdVoxels, supraLogLimit } from '../inference/monteCarlo/supraThreshold.ts';
import { BrickLayout, EMPTY_SLOT } from './brickLists.ts';
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

export class GpuNullEngine {
  readonly strategy: string;
  private readonly foci: NullFoci;
  private readonly supra: SupraThresholdVoxels;
  private readonly logLimit: number;
  private readonly maskedToFlat: Int32Array;
  private readonly layout: BrickLayout;
  private readonly batch: number;
  private readonly pipeline: GPUComputePipeline;
  private readonly staticBuffers: GPUBuffer[];
  private readonly params: GPUBuffer;
  private readonly positions: GPUBuffer;
  private readonly logSums: GPUBuffer;
  private readonly readback: GPUBuffer;
  private lists: GPUBuffer | null = null;
  private bindGroup: GPUBindGroup | null = null;
  private lost: string | null = null;

  private constructor(
    readonly device: GPUDevice,
    adapterName: string,
    spec: NullModelSpec,
    layout: BrickLayout,
    batch: number,
  ) {
    this.foci = new NullFoci(spec);
    this.supra = new SupraThresholdVoxels(spec.shape, spec.connectivity, spec.threshold);
    this.logLimit = supraLogLimit(this.supra.threshold32);
    this.maskedToFlat = spec.maskedToFlat;
    this.layout = layout;
    this.batch = batch;
    this.strategy = `WebGPU (${adapterName}): exact float64 log sums on the device, clusters on the CPU`;
    void device.lost.then((info) => (this.lost = info.message || `the device was lost (${info.reason})`));
    const kernelLogs = new Float64Array(this.foci.kernelLogs.reduce((n, k) => n + k.length, 0));
    const kernelInfo = new Uint32Array(2 * spec.kernels.length);
    let offset = 0;
    for (const [kf, logs] of this.foci.kernelLogs.entries()) {
      // Magnitudes: every log is ≤ 0, and −(−0) is +0.
      for (let v = 0; v < logs.length; v++) kernelLogs[offset + v] = -logs[v];
      kernelInfo[2 * kf] = offset;
      kernelInfo[2 * kf + 1] = spec.kernels[kf].radius;
      offset += logs.length;
    }
    const focusInfo = new Uint32Array(2 * this.foci.count);
    for (let f = 0; f < this.foci.count; f++) {
      focusInfo[2 * f] = this.foci.focusExperiment[f];
      focusInfo[2 * f + 1] = this.foci.focusKernel[f];
    }
    const nMask = spec.maskedToFlat.length;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    this.staticBuffers = [kernelLogs, kernelInfo, focusInfo, layout.slots, layout.groupBrick].map((data) => this.upload(data, storage));
    const limit = new Uint32Array(Float64Array.of(-this.logLimit).buffer);
    const params = [this.foci.count, layout.nBricks, nMask, layout.nGroups, batch * nMask, limit[0], limit[1], 0];
    this.params = this.upload(new Uint32Array(params), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.positions = device.createBuffer({ size: Math.max(16, 4 * batch * this.foci.count), usage: storage });
    const words = 8 * batch * (nMask + layout.nGroups);
    this.logSums = device.createBuffer({ size: words, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.readback = device.createBuffer({ size: words, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: LOG_SUM_WGSL }), entryPoint: 'main' } });
  }

  /** A device for this analysis, or GpuUnavailableError saying why there is none. */
  static async create(gpu: GPU | null | undefined, spec: NullModelSpec): Promise<GpuNullEngine> {
    if (!gpu) throw new GpuUnavailableError('this browser or runtime has no WebGPU');
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new GpuUnavailableError('WebGPU is present but offers no adapter (no usable GPU or driver)');
    const info = adapter.info;
    const adapterName = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
    let layout: BrickLayout;
    try {
      layout = new BrickLayout(spec.shape, spec.maskedToFlat);
    } catch (error) {
      throw new GpuUnavailableError(`the GPU engine cannot take this grid: ${(error as Error).message}`);
    }
    const nMask = spec.maskedToFlat.length;
    const { limits } = adapter;
    const largest = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    const batch = Math.min(MAX_BATCH, Math.floor(Math.min(BATCH_BYTES, largest) / (8 * (nMask + layout.nGroups))));
    if (batch < 1) throw new GpuUnavailableError(`${adapterName} cannot hold the log sums of ${nMask.toLocaleString('en')} mask voxels (largest buffer ${largest.toLocaleString('en')} bytes)`);
    if (layout.nGroups > limits.maxComputeWorkgroupsPerDimension) throw new GpuUnavailableError(`the mask needs ${layout.nGroups.toLocaleString('en')} workgroups, more than ${adapterName} dispatches`);
    if (limits.maxStorageBuffersPerShaderStage < 8) throw new GpuUnavailableError(`${adapterName} binds fewer than 8 storage buffers per shader`);
    const device = await adapter.requestDevice({
      requiredLimits: { maxStorageBufferBindingSize: largest, maxBufferSize: largest, maxStorageBuffersPerShaderStage: 8 },
    });
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const engine = new GpuNullEngine(device, adapterName, spec, layout, batch);
    const invalid = await device.popErrorScope();
    const memory = await device.popErrorScope();
    const problem = invalid ?? memory;
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
    const out: NullMaxima = { start, maxAle: new Float64Array(count), maxSize: new Float64Array(count), maxMass: new Float64Array(count) };
    for (let done = 0; done < count; ) {
      const n = Math.min(this.batch, count - done);
      const iterations = Array.from({ length: n }, (_, t) => start + done + t);
      const sums = await this.logSumsOf(iterations);
      for (let t = 0; t < n; t++) {
        const m = this.maximaOf(sums, t);
        out.maxAle[done + t] = m.maxAle;
        out.maxSize[done + t] = m.maxSize;
        out.maxMass[done + t] = m.maxMass;
      }
      this.readback.unmap();
      done += n;
    }
    return out;
  }

  /** Hands the device back; the engine cannot run afterwards. */
  destroy(): void {
    this.device.destroy();
  }

  private async logSumsOf(iterations: number[]): Promise<BatchSums> {
    if (this.lost) throw new GpuLostError(this.lost);
    const positions = new Uint32Array(iterations.length * this.foci.count);
    const lists = this.layout.batchLists(this.foci, iterations, positions);
    // A refused buffer or dispatch must not leave last batch's sums to be read as this one's.
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    this.device.queue.writeBuffer(this.positions, 0, positions);
    this.listsBuffer(lists.byteLength);
    this.device.queue.writeBuffer(this.lists!, 0, lists);
    const nMask = this.maskedToFlat.length;
    const bytes = 8 * iterations.length * nMask;
    const summaryAt = 8 * this.batch * nMask;
    const summaryBytes = 8 * iterations.length * this.layout.nGroups;
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(this.layout.nGroups, iterations.length);
    pass.end();
    encoder.copyBufferToBuffer(this.logSums, 0, this.readback, 0, bytes);
    encoder.copyBufferToBuffer(this.logSums, summaryAt, this.readback, summaryAt, summaryBytes);
    this.device.queue.submit([encoder.finish()]);
    try {
      const invalid = await this.device.popErrorScope();
      const memory = await this.device.popErrorScope();
      const refused = invalid ?? memory;
      if (refused) throw new Error(`it refused the batch's buffers or dispatch (${refused.message})`);
      await this.readback.mapAsync(GPUMapMode.READ, 0, summaryAt + summaryBytes);
    } catch (error) {
      throw new GpuLostError(this.lost ?? `the GPU failed a batch: ${(error as Error).message}`);
    }
    if (this.lost) throw new GpuLostError(this.lost);
    const mapped = this.readback.getMappedRange(0, summaryAt + summaryBytes);
    return { sums: new Float64Array(mapped, 0, bytes / 8), summaries: new Uint32Array(mapped, summaryAt, summaryBytes / 4) };
  }

  /** Grows the focus-list buffer (and rebinds) when a batch needs more room. */
  private listsBuffer(bytes: number): void {
    if (this.lists && this.lists.size >= bytes) return;
    this.lists?.destroy();
    this.lists = this.device.createBuffer({ size: Math.ceil((bytes * 1.25) / 16) * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    const buffers = [this.params, ...this.staticBuffers, this.positions, this.lists, this.logSums];
    this.bindGroup = this.device.createBindGroup({
      layout: this.pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  /**
   * The CPU engine's last step on exact log sums: exp, the threshold, clusters,
   * maxima. Only groups that may hold a supra-threshold voxel, or the largest
   * |L| (its high word is the largest of all), are read.
   */
  private maximaOf({ sums, summaries }: BatchSums, t: number) {
    const { supra, maskedToFlat, logLimit } = this;
    const { nGroups, slots } = this.layout;
    const nMask = maskedToFlat.length;
    const summary = summaries.subarray(2 * t * nGroups, 2 * (t + 1) * nGroups);
    let top = 0;
    for (let g = 0; g < nGroups; g++) top = Math.max(top, summary[2 * g + 1]);
    supra.reset();
    let minL = 0;
    for (let g = 0; g < nGroups; g++) {
      if (summary[2 * g] === 0 && summary[2 * g + 1] !== top) continue;
      for (let s = g * GROUP_SIZE, end = s + GROUP_SIZE; s < end; s++) {
        const v = slots[2 * s + 1];
        if (v === EMPTY_SLOT) break;
        const l = sums[t * nMask + v];
        if (l < minL) minL = l;
        if (l < logLimit) supra.offer(maskedToFlat[v], Math.fround(1 - Math.exp(l)));
      }
    }
    supra.offerMaximum(Math.fround(1 - Math.exp(minL)));
    return supra.maxima();
  }
}

interface BatchSums {
  sums: Float64Array;
  /** Per iteration and workgroup: (may pass the threshold, largest high word of |L|). */
  summaries: Uint32Array;
}
