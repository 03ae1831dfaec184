/**
 * What the browser's WebGPU offers, said as soon as the GPU engine is chosen
 * (not only when a run refuses): the adapter, whether it is a software one,
 * or that there is none.
 */
import { adapterName, isSoftwareAdapter } from '../../workers/gpu/index.ts';

export async function describeGpu(): Promise<{ usable: boolean; text: string }> {
  if (!('gpu' in navigator)) return { usable: false, text: 'this browser offers no WebGPU: the GPU engine cannot run here; Auto and CPU run on the CPU workers' };
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { usable: false, text: 'this browser offers no WebGPU adapter: the GPU engine cannot run here; Auto and CPU run on the CPU workers' };
    const name = adapterName(adapter.info);
    const software = isSoftwareAdapter(adapter.info);
    return { usable: true, text: software ? `WebGPU on ${name}, a software adapter: correct but slower than the CPU workers` : `WebGPU on ${name}: the run checks it against the CPU first` };
  } catch (err) {
    return { usable: false, text: `WebGPU failed to answer (${(err as Error).message}); Auto and CPU run on the CPU workers` };
  }
}
