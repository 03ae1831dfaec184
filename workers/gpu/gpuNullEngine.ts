/**
 * Monte-Carlo iterations on a WebGPU device. For a batch of iterations at
 * once the GPU draws the foci from the same (seed, iteration) streams as the
 * CPU (focusDrawShader.ts), lists the foci reaching each brick and computes
 * every mask voxel's exact float64 log sum (logSumShader.ts); the CPU reads
 * the sums back and takes exp, the threshold, the clusters and the maxima
 * exactly as the CPU engine does. So the null maxima equal the CPU engine's
 * to the last bit.
 */
import { NullFoci } from '../inference/monteCarlo/nullFoci.ts';
import type { IterationMaxima, NullMaxima, NullModelSpec } from '../inference/monteCarlo/nullModel.ts';
import { allocateNull } from '../inference/monteCarlo/nullArrays.ts';
import { SupraThresholdVoxels, supraLogLimit } from '../inference/monteCarlo/supraThreshold.ts';
import { adapterName as nameOf } from './adapter.ts';
import { BrickLayout, EMPTY_SLOT, packVoxel } from './brickLayout.ts';
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

export class GpuNullEngine {
  readonly strategy: string;
  private readonly foci: NullFoci;
  private readonly seed: number;
  private readonly supra: SupraThresholdVoxels;
  private readonly logLimit: number;
  private readonly tfce: boolean;
  private readonly maskedToFlat: Int32Array;
  private readonly layout: BrickLayout;
  private readonly batch: number;
  private readonly params: GPUBuffer;
  private readonly states: GPUBuffer;
  private readonly logSums: GPUBuffer;
  private readonly readback: GPUBuffer;
  /** The four passes of a batch, in order, each with its bind group. */
  private readonly passes: { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; workgroups: (n: number) => [number, number] }[];
  private lost: string | null = null;

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
    const limit = new Uint32Array(Float64Array.of(-this.logLimit).buffer);
    const params = [this.foci.count, layout.nBricks, nMask, layout.nGroups, batch * nMask, limit[0], limit[1], stride, layout.bricks[1], layout.bricks[2], batch, 0];
    const [n1, n2] = [spec.shape[1], spec.shape[2]];
    const maskVoxels = Uint32Array.from(spec.maskedToFlat, (v) => packVoxel(Math.floor(v / (n1 * n2)), Math.floor(v / n2) % n1, v % n2));
    this.states = device.createBuffer({ size: 16 * batch, usage: storage });
    const words = 8 * batch * (nMask + layout.nGroups);
    this.logSums = device.createBuffer({ size: words, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.readback = device.createBuffer({ size: words, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.params = this.upload(new Uint32Array(params), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const buffers: Record<number, GPUBuffer> = {
      0: this.params,
      1: this.upload(kernelLogs, storage),
      2: this.upload(kernelInfo, storage),
      3: this.upload(focusInfo, storage),
      4: this.upload(layout.slots, storage),
      5: this.upload(layout.groupBrick, storage),
      6: device.createBuffer({ size: Math.max(16, 4 * batch * this.foci.count), usage: GPUBufferUsage.STORAGE }),
      7: device.createBuffer({ size: 4 * batch * stride, usage: GPUBufferUsage.STORAGE }),
      8: this.logSums,
      9: this.upload(layout.used, storage),
      10: this.states,
      11: this.upload(maskVoxels, storage),
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
      pass(lists, 'countReaches', [0, 2, 3, 6, 7, 9], perBrick),
      pass(lists, 'countsToOffsets', [0, 7], (n) => [n, 1]),
      pass(lists, 'fillLists', [0, 2, 3, 6, 7, 9], perBrick),
      pass(sums, 'main', [0, 1, 2, 3, 4, 5, 6, 7, 8], (n) => [layout.nGroups, n]),
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
    const batch = Math.min(MAX_BATCH, Math.floor(room / (8 * (nMask + layout.nGroups))), Math.floor(room / (4 * stride)));
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
      const iterations = Array.from({ length: n }, (_, t) => start + done + t);
      const sums = await this.logSumsOf(iterations);
      for (let t = 0; t < n; t++) {
        const m = this.maximaOf(sums, t);
        out.maxAle[done + t] = m.maxAle;
        out.maxSize[done + t] = m.maxSize;
        out.maxMass[done + t] = m.maxMass;
        if (out.maxTfce) out.maxTfce[done + t] = m.maxTfce ?? NaN;
      }
      this.readback.unmap();
      done += n;
    }
    return out;
  }

  /** One iteration's log sums in mask order as the device computed them, and its maxima (for the self-check). */
  async checkIteration(iteration: number): Promise<{ logSums: Float64Array; maxima: IterationMaxima }> {
    const batch = await this.logSumsOf([iteration]);
    const logSums = batch.sums.slice(0, this.maskedToFlat.length);
    const maxima = this.maximaOf(batch, 0);
    this.readback.unmap();
    return { logSums, maxima };
  }

  /** Hands the device back; the engine cannot run afterwards. */
  destroy(): void {
    this.device.destroy();
  }

  private async logSumsOf(iterations: number[]): Promise<BatchSums> {
    if (this.lost) throw new GpuLostError(this.lost);
    const states = new Uint32Array(4 * iterations.length);
    for (const [n, iteration] of iterations.entries()) states.set(xoshiroState(this.seed, iteration), 4 * n);
    // A refused buffer or dispatch must not leave last batch's sums to be read as this one's.
    watchErrors(this.device);
    this.device.queue.writeBuffer(this.states, 0, states);
    this.device.queue.writeBuffer(this.params, 40, Uint32Array.of(iterations.length));
    const nMask = this.maskedToFlat.length;
    const bytes = 8 * iterations.length * nMask;
    const summaryAt = 8 * this.batch * nMask;
    const summaryBytes = 8 * iterations.length * this.layout.nGroups;
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    // Dispatches in one pass run in order, each seeing what the one before wrote.
    for (const { pipeline, bindGroup, workgroups } of this.passes) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(...workgroups(iterations.length));
    }
    pass.end();
    encoder.copyBufferToBuffer(this.logSums, 0, this.readback, 0, bytes);
    encoder.copyBufferToBuffer(this.logSums, summaryAt, this.readback, summaryAt, summaryBytes);
    this.device.queue.submit([encoder.finish()]);
    try {
      const refused = await watchedError(this.device);
      if (refused) throw new Error(`it refused the batch's buffers or dispatch (${refused.message})`);
      await this.readback.mapAsync(GPUMapMode.READ, 0, summaryAt + summaryBytes);
    } catch (error) {
      throw new GpuLostError(this.lost ?? `the GPU failed a batch: ${(error as Error).message}`);
    }
    if (this.lost) throw new GpuLostError(this.lost);
    const mapped = this.readback.getMappedRange(0, summaryAt + summaryBytes);
    return { sums: new Float64Array(mapped, 0, bytes / 8), summaries: new Uint32Array(mapped, summaryAt, summaryBytes / 4) };
  }

  /**
   * The CPU engine's last step on exact log sums: exp, the threshold, clusters,
   * maxima. Only groups that may hold a supra-threshold voxel, or the largest
   * |L| (its high word is the largest of all), are read.
   */
  private maximaOf({ sums, summaries }: BatchSums, t: number): IterationMaxima {
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

/** Catches the validation and out-of-memory errors of what follows, until watchedError. */
function watchErrors(device: GPUDevice): void {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
}

/** The first error since watchErrors, or null. */
async function watchedError(device: GPUDevice): Promise<GPUError | null> {
  const invalid = await device.popErrorScope();
  const memory = await device.popErrorScope();
  return invalid ?? memory;
}

interface BatchSums {
  sums: Float64Array;
  /** Per iteration and workgroup: (may pass the threshold, largest high word of |L|). */
  summaries: Uint32Array;
}
