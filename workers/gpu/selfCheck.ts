/**
 * Before a GPU runs a whole null it must show, on iteration 0, that it
 * computes what we proved: every mask voxel's log sum equal to the CPU's
 * float64 sum, bit for bit (which also catches a wrong summation order, whose
 * last-bit errors the maxima alone would hide), and the same maxima (TFCE's
 * too, when the run records it).
 * Anything else (a broken shader compiler, integer arithmetic off) and the
 * CPU runs instead.
 */
import { createNullEngine } from '../inference/monteCarlo/engine.ts';
import { NullFoci } from '../inference/monteCarlo/nullFoci.ts';
import type { NullModelSpec } from '../inference/monteCarlo/nullModel.ts';
import { WasmSlabStamping, wasmSimdAvailable } from '../inference/monteCarlo/wasmSlabStamping.ts';
import { GpuUnavailableError, type GpuNullEngine } from './gpuNullEngine.ts';

export async function gpuSelfCheck(engine: GpuNullEngine, spec: NullModelSpec): Promise<void> {
  const fail = (what: string) => {
    engine.destroy();
    throw new GpuUnavailableError(`the GPU failed its self-check (iteration 0: ${what})`);
  };
  const { logSums, maxima } = await engine.checkIteration(0);
  // Every browser with WebGPU has WebAssembly SIMD; without it only the maxima are compared.
  if (wasmSimdAvailable()) {
    const foci = new NullFoci(spec);
    foci.draw(0);
    const cpu = new WasmSlabStamping(foci, Math.fround(spec.threshold)).logSums(foci);
    const maskIndex = new Map<number, number>();
    spec.maskedToFlat.forEach((flat, t) => maskIndex.set(flat, t));
    let differ = 0;
    let example = '';
    for (let n = 0; n < cpu.logs.length; n++) {
      const t = maskIndex.get(cpu.flat[n]) as number;
      // The device writes −0 where no kernel reaches, the CPU +0; they are the same sum.
      if (logSums[t] !== cpu.logs[n]) {
        differ++;
        example ||= `${logSums[t]} instead of ${cpu.logs[n]} at voxel ${cpu.flat[n]}`;
      }
    }
    if (differ > 0) fail(`${differ.toLocaleString('en')} of ${cpu.logs.length.toLocaleString('en')} log sums differ from the CPU's, e.g. ${example}`);
  }
  const cpu = createNullEngine(spec).iteration(0);
  if (maxima.maxAle !== cpu.maxAle || maxima.maxSize !== cpu.maxSize || maxima.maxMass !== cpu.maxMass) {
    fail(`max ALE ${maxima.maxAle}, size ${maxima.maxSize}, mass ${maxima.maxMass}; the CPU gives ${cpu.maxAle}, ${cpu.maxSize}, ${cpu.maxMass}`);
  }
  if (maxima.maxTfce !== cpu.maxTfce) fail(`max TFCE ${maxima.maxTfce}; the CPU gives ${cpu.maxTfce}`);
}
