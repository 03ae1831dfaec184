/**
 * Before a GPU runs a whole null, it computes iteration 0 and the CPU engine
 * does the same; any difference in the three maxima means the device or its
 * driver does not compute what we proved (a broken shader compiler, integer
 * arithmetic off), and the CPU runs instead.
 */
import { createNullEngine } from '../inference/monteCarlo/engine.ts';
import type { NullModelSpec } from '../inference/monteCarlo/nullModel.ts';
import { GpuUnavailableError, type GpuNullEngine } from './gpuNullEngine.ts';

export async function gpuSelfCheck(engine: GpuNullEngine, spec: NullModelSpec): Promise<void> {
  const gpu = await engine.run(0, 1);
  const cpu = createNullEngine(spec).iteration(0);
  const same = gpu.maxAle[0] === cpu.maxAle && gpu.maxSize[0] === cpu.maxSize && gpu.maxMass[0] === cpu.maxMass;
  if (!same) {
    engine.destroy();
    const got = `max ALE ${gpu.maxAle[0]}, size ${gpu.maxSize[0]}, mass ${gpu.maxMass[0]}`;
    const want = `${cpu.maxAle}, ${cpu.maxSize}, ${cpu.maxMass}`;
    throw new GpuUnavailableError(`the GPU failed its self-check (iteration 0: ${got}; the CPU gives ${want})`);
  }
}
