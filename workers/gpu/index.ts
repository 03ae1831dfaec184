/** The Monte Carlo on a WebGPU device: exact float64 log sums on the GPU, the rest as on the CPU. */
export { GpuNullEngine, GpuUnavailableError } from './gpuNullEngine.ts';
export { gpuSelfCheck } from './selfCheck.ts';
export { adapterName, isSoftwareAdapter } from './adapter.ts';
