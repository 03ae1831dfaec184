/**
 * Slab stamping in WebAssembly SIMD (wasm/slabStamping.ts), two voxels per
 * instruction, in one of two modes:
 * - whole kernels: the same float64 operations per voxel as full stamping
 *   (and as the TypeScript twin in slabStamping.ts), so every value is exact;
 * - kernel cores (two-tier): only kernel values ≥ τ are stamped. Every value
 *   left out is < τ, so each experiment's log term can be off by at most
 *   log1p(−τ), and the exact log sum lies in [L_core + E·log1p(−τ), L_core].
 *   Only voxels whose interval reaches the threshold (or the maximum) are
 *   then computed exactly with whole kernels, so results stay bit-identical.
 */
import type { NullFoci } from './nullFoci.ts';
import { SlabLayout } from './slabLayout.ts';
import { SLAB_STAMPING_WASM } from './slabStampingWasm.ts';
import type { SupraThresholdVoxels } from './supraThreshold.ts';
import { maxOf } from '../../core/extent.ts';

interface SlabKernel {
  memory: WebAssembly.Memory;
  configureKernels(cubes: number, offsets: number, radii: number, halves: number, halfOffsets: number): void;
  configureFoci(fi: number, fj: number, fk: number, fKernel: number, fExperiment: number, minima: number): void;
  configureLists(starts: number, cursor: number, foci: number, cells: number, cellCursors: number, cellList: number, masks: number, locals: number, out: number): void;
  configureGrid(s: number, l: number, slabs: number, planes: number, pad: number, lo0: number, lo1: number, lo2: number, hi0: number, hi1: number, hi2: number, n0: number, n1: number, n2: number): void;
  bucketFoci(nFoci: number): number;
  indexFoci(nFoci: number): void;
  stampSlab(slab: number): void;
  scanSlab(slab: number, limit: number): number;
  resetMinLog(): void;
  smallestLog(): number;
  exactLog(i: number, j: number, k: number, reach: number, nExperiments: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is not available. */
function slabModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Uint8Array.from(atob(SLAB_STAMPING_WASM), (c) => c.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export function wasmSimdAvailable(): boolean {
  return slabModule() !== null;
}

/** Byte regions in the module's memory, 16-byte aligned, after the first page (the module's own statics). */
class Arena {
  private end = 65536;
  take(bytes: number): number {
    const at = this.end;
    this.end += Math.ceil(bytes / 16) * 16;
    return at;
  }
  get size(): number {
    return this.end;
  }
}

/** Per (di, dj) row of a kernel cube, the half-width of its values ≥ τ around the row's centre (−1: none). */
export function coreHalfWidths(values: Float32Array, radius: number, tau: number): Int32Array {
  const side = 2 * radius + 1;
  const out = new Int32Array(side * side).fill(-1);
  for (let row = 0; row < side * side; row++) {
    // Rows of a separable Gaussian fall off monotonically from their centre, so the core is one interval.
    for (let c = radius; c >= 0; c--) {
      if (values[row * side + radius + c] >= tau) {
        out[row] = c;
        break;
      }
    }
  }
  return out;
}

export class WasmSlabStamping {
  private readonly layout: SlabLayout;
  private readonly kernel: SlabKernel;
  private readonly fi: Int32Array;
  private readonly fj: Int32Array;
  private readonly fk: Int32Array;
  private readonly L: Float64Array;
  private readonly candidates: Int32Array;
  /** Σ_e log1p(−τ): how much more negative than L_core the exact log sum can be (0 with whole kernels). */
  private readonly tail: number;
  private readonly reach: number;
  private readonly shape: readonly [number, number, number];
  private pending = { flat: new Int32Array(1024), log: new Float64Array(1024), n: 0 };

  /** `tau` = 0 stamps whole kernels. */
  constructor(foci: NullFoci, threshold32: number, readonly tau = 0) {
    const module = slabModule();
    if (!module) throw new Error('WebAssembly SIMD is not available in this environment');
    this.kernel = new WebAssembly.Instance(module, {}).exports as unknown as SlabKernel;
    this.reach = maxOf(foci.kernels.map((k) => k.radius));
    const layout = (this.layout = new SlabLayout(foci, threshold32, this.reach));
    this.shape = foci.shape;
    this.tail = tau > 0 ? foci.nExperiments * Math.log1p(-tau) : 0;
    const nFoci = foci.count;
    const lengths = foci.kernels.map((k) => coreLengths(k.values, k.radius, tau));
    let cubeValues = 0;
    const cubeOffsets = foci.kernelLogs.map((a) => ((cubeValues += a.length), cubeValues - a.length));
    let lengthValues = 0;
    const lengthOffsets = lengths.map((a) => ((lengthValues += a.length), lengthValues - a.length));
    const [n0, n1, n2] = foci.shape;
    const nCells = (((n0 - 1) >> 3) + 1) * (((n1 - 1) >> 3) + 1) * (((n2 - 1) >> 3) + 1);
    const maxSlabsPerFocus = maxOf(foci.kernels.map((k) => Math.ceil((2 * k.radius + 1) / layout.planes) + 1));
    const mostPerSlab = maxSlabMask(layout);
    const arena = new Arena();
    const region = {
      cubes: arena.take(8 * cubeValues),
      offsets: arena.take(4 * cubeOffsets.length),
      radii: arena.take(4 * cubeOffsets.length),
      halves: arena.take(4 * lengthValues),
      halfOffsets: arena.take(4 * lengthOffsets.length),
      fi: arena.take(4 * nFoci),
      fj: arena.take(4 * nFoci),
      fk: arena.take(4 * nFoci),
      fKernel: arena.take(4 * nFoci),
      fExperiment: arena.take(4 * nFoci),
      minima: arena.take(8 * foci.nExperiments),
      starts: arena.take(4 * (layout.nSlabs + 1)),
      cursor: arena.take(4 * layout.nSlabs),
      foci: arena.take(4 * nFoci * maxSlabsPerFocus),
      cells: arena.take(4 * (nCells + 1)),
      cellCursors: arena.take(4 * nCells),
      cellList: arena.take(4 * nFoci),
      masks: arena.take(4 * layout.maskStart.length),
      locals: arena.take(4 * layout.maskLocal.length),
      out: arena.take(4 * mostPerSlab),
      s: arena.take(8 * layout.slabVoxels),
      l: arena.take(8 * layout.slabVoxels),
    };
    const memory = this.kernel.memory;
    memory.grow(Math.ceil((arena.size - memory.buffer.byteLength) / 65536));
    const buffer = memory.buffer;
    foci.kernelLogs.forEach((logs, n) => new Float64Array(buffer, region.cubes + 8 * cubeOffsets[n], logs.length).set(logs));
    new Int32Array(buffer, region.offsets, cubeOffsets.length).set(cubeOffsets.map((o) => 8 * o));
    lengths.forEach((a, n) => new Int32Array(buffer, region.halves + 4 * lengthOffsets[n], a.length).set(a));
    new Int32Array(buffer, region.halfOffsets, lengthOffsets.length).set(lengthOffsets.map((o) => 4 * o));
    new Int32Array(buffer, region.radii, cubeOffsets.length).set(foci.kernels.map((k) => k.radius));
    new Int32Array(buffer, region.fKernel, nFoci).set(foci.focusKernel);
    new Int32Array(buffer, region.fExperiment, nFoci).set(foci.focusExperiment);
    new Int32Array(buffer, region.masks, layout.maskStart.length).set(layout.maskStart);
    new Int32Array(buffer, region.locals, layout.maskLocal.length).set(layout.maskLocal);
    this.fi = new Int32Array(buffer, region.fi, nFoci);
    this.fj = new Int32Array(buffer, region.fj, nFoci);
    this.fk = new Int32Array(buffer, region.fk, nFoci);
    this.L = new Float64Array(buffer, region.l, layout.slabVoxels);
    this.candidates = new Int32Array(buffer, region.out, mostPerSlab);
    const r = region;
    this.kernel.configureKernels(r.cubes, r.offsets, r.radii, r.halves, r.halfOffsets);
    this.kernel.configureFoci(r.fi, r.fj, r.fk, r.fKernel, r.fExperiment, r.minima);
    this.kernel.configureLists(r.starts, r.cursor, r.foci, r.cells, r.cellCursors, r.cellList, r.masks, r.locals, r.out);
    const { lo, hi } = layout.box;
    this.kernel.configureGrid(r.s, r.l, layout.nSlabs, layout.planes, layout.pad, lo[0], lo[1], lo[2], hi[0], hi[1], hi[2], n0, n1, n2);
  }

  evaluate(foci: NullFoci, supra: SupraThresholdVoxels): void {
    const { kernel, layout, L, candidates, tail } = this;
    this.fi.set(foci.fi);
    this.fj.set(foci.fj);
    this.fk.set(foci.fk);
    kernel.bucketFoci(foci.count);
    kernel.resetMinLog();
    this.pending.n = 0;
    for (let s = 0; s < layout.nSlabs; s++) {
      kernel.stampSlab(s);
      // Whole kernels: L is exact. Cores: a voxel may pass if even its lowest possible sum does.
      const found = kernel.scanSlab(s, layout.logLimit - tail);
      for (let c = 0; c < found; c++) {
        const t = candidates[c];
        const log = L[layout.maskLocal[t]];
        if (tail === 0) supra.offer(layout.maskFlat[t], Math.fround(1 - Math.exp(log)));
        else this.hold(layout.maskFlat[t], log);
      }
    }
    const smallest = kernel.smallestLog();
    if (tail === 0) {
      // 1 − exp is monotone: the smallest log sum is the largest ALE.
      supra.offerMaximum(Math.fround(1 - Math.exp(smallest)));
      return;
    }
    kernel.indexFoci(foci.count);
    const [, n1, n2] = this.shape;
    const pending = this.pending;
    for (let c = 0; c < pending.n; c++) {
      const v = pending.flat[c];
      const k = v % n2;
      const j = ((v - k) / n2) % n1;
      const i = (v - k - j * n2) / (n1 * n2);
      supra.offer(v, Math.fround(1 - Math.exp(kernel.exactLog(i, j, k, this.reach, foci.nExperiments))));
    }
    if (supra.count === 0) this.exactMaximum(foci, supra, smallest);
  }

  /** Whole kernels only: the exact log sum at every mask voxel (in the layout's mask order), for calibration. */
  logSums(foci: NullFoci): { logs: Float64Array; flat: Int32Array } {
    if (this.tail !== 0) throw new Error('log sums are exact only with whole kernels');
    const { kernel, layout, L } = this;
    this.fi.set(foci.fi);
    this.fj.set(foci.fj);
    this.fk.set(foci.fk);
    kernel.bucketFoci(foci.count);
    const logs = new Float64Array(layout.maskLocal.length);
    for (let s = 0; s < layout.nSlabs; s++) {
      kernel.stampSlab(s);
      for (let t = layout.maskStart[s]; t < layout.maskStart[s + 1]; t++) logs[t] = L[layout.maskLocal[t]];
    }
    return { logs, flat: layout.maskFlat };
  }

  private hold(flat: number, log: number): void {
    const p = this.pending;
    if (p.n === p.flat.length) {
      const flatGrown = new Int32Array(p.n * 2);
      flatGrown.set(p.flat);
      const logGrown = new Float64Array(p.n * 2);
      logGrown.set(p.log);
      this.pending = { flat: flatGrown, log: logGrown, n: p.n };
    }
    this.pending.flat[this.pending.n] = flat;
    this.pending.log[this.pending.n++] = log;
  }

  /**
   * No voxel passes: the largest ALE is at a voxel whose lowest possible log
   * sum is below the smallest core sum (an upper bound of the smallest exact
   * sum). Rare in the dense regime this mode is for, so it rescans.
   */
  private exactMaximum(foci: NullFoci, supra: SupraThresholdVoxels, smallestCore: number): void {
    const { kernel, layout, candidates } = this;
    const [, n1, n2] = this.shape;
    kernel.resetMinLog();
    for (let s = 0; s < layout.nSlabs; s++) {
      kernel.stampSlab(s);
      const found = kernel.scanSlab(s, smallestCore - this.tail);
      for (let c = 0; c < found; c++) {
        const v = layout.maskFlat[candidates[c]];
        const k = v % n2;
        const j = ((v - k) / n2) % n1;
        const i = (v - k - j * n2) / (n1 * n2);
        supra.offerMaximum(Math.fround(1 - Math.exp(kernel.exactLog(i, j, k, this.reach, foci.nExperiments))));
      }
    }
  }
}

/**
 * How many values of each (di, dj) row of a kernel cube to stamp, around the
 * row's centre (the kernel reads [r − ⌊n/2⌋, r − ⌊n/2⌋ + n)): the values ≥ τ,
 * widened by one to an even count when that stays in the row, so the SIMD
 * loop needs no scalar tail. Extra values only tighten the bound.
 */
export function coreLengths(values: Float32Array, radius: number, tau: number): Int32Array {
  const side = 2 * radius + 1;
  const half = tau > 0 ? coreHalfWidths(values, radius, tau) : new Int32Array(side * side).fill(radius);
  return half.map((c) => (c < 0 ? 0 : c === radius ? side : 2 * c + 2));
}

function maxSlabMask(layout: SlabLayout): number {
  let most = 0;
  for (let s = 0; s < layout.nSlabs; s++) most = Math.max(most, layout.maskStart[s + 1] - layout.maskStart[s]);
  return most;
}
