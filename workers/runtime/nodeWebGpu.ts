/**
 * WebGPU under Node through Dawn, the implementation Chrome ships, from the
 * npm package `webgpu` (an optional dependency): the shaders the app runs
 * run here unchanged. Loaded only when asked for, so a command line without
 * the package, or without a Vulkan driver, still runs on the CPU.
 */
import { GpuUnavailableError } from '../gpu/gpuNullEngine.ts';

export async function loadNodeWebGpu(): Promise<GPU> {
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (error) {
    throw new GpuUnavailableError(`the optional package webgpu (Dawn) could not be loaded (${(error as Error).message}); install it with npm install webgpu`);
  }
  // The engine names GPUBufferUsage and GPUMapMode as a browser's globals.
  Object.assign(globalThis, dawn.globals);
  return dawn.create([]);
}
