/**
 * Distribution of the ALE union when each experiment's MA value is drawn
 * independently from its histogram: repeated convolution in experiment order
 * (NiMARE's _update_ale_histogram). Each output bin receives its terms in
 * NiMARE's order (experiment bins outer, accumulated bins inner, both
 * ascending), so the result is the same bin by bin. The accumulator is one
 * dense array reused, and the loop runs over its non-empty range: empty bins
 * add exact zeros, which change nothing. The step runs in WebAssembly
 * (wasm/nullConvolution.ts) with the same float64 operations; the TypeScript
 * step is its twin, used where WebAssembly is missing and in the tests.
 */
import { NULL_CONVOLUTION_WASM } from './nullConvolutionWasm.ts';
import { binCentre, INV_BIN_STEP, type SparseHistogram } from './nullHistogram.ts';
import { maxOf } from './extent.ts';

interface ConvolutionKernel {
  memory: WebAssembly.Memory;
  convolve(notJ: number, w: number, nJ: number, notA: number, acc: number, out: number, lo: number, hi: number, last: number, invStep: number): number;
  lowestBin(): number;
}

/** One experiment: out (zeroed) receives acc ⊛ the experiment's histogram; returns the range of bins written. */
export function convolveStepTs(bins: Int32Array, mass: Float64Array, notCentre: Float64Array, acc: Float64Array, out: Float64Array, lo: number, hi: number): [number, number] {
  const last = out.length - 1;
  let outLo = last;
  let outHi = 0;
  for (let x = 0; x < bins.length; x++) {
    const om = notCentre[bins[x]];
    const w = mass[x];
    // s grows with the accumulated bin, so target bins come in order: sum each in a register.
    let t = Math.min(Math.trunc((1 - om * notCentre[lo]) * INV_BIN_STEP), last);
    let sum = out[t];
    if (t < outLo) outLo = t;
    for (let a = lo; a <= hi; a++) {
      let target = Math.trunc((1 - om * notCentre[a]) * INV_BIN_STEP);
      if (target > last) target = last;
      if (target !== t) {
        out[t] = sum;
        t = target;
        sum = out[t];
      }
      sum += w * acc[a];
    }
    out[t] = sum;
    if (t > outHi) outHi = t;
  }
  return [outLo, outHi];
}

let module: WebAssembly.Module | null | undefined;

function convolutionModule(): WebAssembly.Module | null {
  if (module === undefined) {
    try {
      module = new WebAssembly.Module(Uint8Array.from(atob(NULL_CONVOLUTION_WASM), (c) => c.charCodeAt(0)));
    } catch {
      module = null;
    }
  }
  return module;
}

export function convolveHistograms(histograms: readonly SparseHistogram[], nBins: number, engine: 'wasm' | 'typescript' = 'wasm'): Float64Array {
  const wasm = engine === 'wasm' ? convolutionModule() : null;
  const widest = maxOf(histograms.map((h) => h.bins.length));
  // Arrays live in the module's memory (or plain typed arrays for the TypeScript step).
  let memory: WebAssembly.Memory | null = null;
  let kernel: ConvolutionKernel | null = null;
  const at = { notA: 65536, acc: 0, out: 0, notJ: 0, w: 0 };
  at.acc = at.notA + 8 * nBins;
  at.out = at.acc + 8 * nBins;
  at.notJ = at.out + 8 * nBins;
  at.w = at.notJ + 8 * widest;
  if (wasm) {
    kernel = new WebAssembly.Instance(wasm, {}).exports as unknown as ConvolutionKernel;
    memory = kernel.memory;
    memory.grow(Math.ceil((at.w + 8 * widest - memory.buffer.byteLength) / 65536));
  }
  const array = (offset: number, length: number) => (memory ? new Float64Array(memory.buffer, offset, length) : new Float64Array(length));
  const notCentre = array(at.notA, nBins);
  for (let k = 0; k < nBins; k++) notCentre[k] = 1 - binCentre(k);
  let acc = array(at.acc, nBins);
  let out = array(at.out, nBins);
  const notJ = array(at.notJ, widest);
  const w = array(at.w, widest);
  const first = histograms[0];
  first.bins.forEach((b, n) => (acc[b] = first.mass[n]));
  let lo = first.bins[0];
  let hi = first.bins[first.bins.length - 1];
  let accAt = at.acc;
  let outAt = at.out;
  for (let e = 1; e < histograms.length; e++) {
    const { bins, mass } = histograms[e];
    out.fill(0);
    if (kernel) {
      for (let x = 0; x < bins.length; x++) {
        notJ[x] = notCentre[bins[x]];
        w[x] = mass[x];
      }
      hi = kernel.convolve(at.notJ, at.w, bins.length, at.notA, accAt, outAt, lo, hi, nBins - 1, INV_BIN_STEP);
      lo = kernel.lowestBin();
      [accAt, outAt] = [outAt, accAt];
    } else {
      [lo, hi] = convolveStepTs(bins, mass, notCentre, acc, out, lo, hi);
    }
    [acc, out] = [out, acc];
    // Bins that underflowed to exactly 0 are empty, as NiMARE's non-zero test treats them.
    while (lo < hi && acc[lo] === 0) lo++;
    while (hi > lo && acc[hi] === 0) hi--;
  }
  return Float64Array.from(acc);
}
