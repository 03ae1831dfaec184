/** Words the reports share: counts with the right noun, and the engine as a reader understands it. */

/** "1 focus", "2 foci", with thousands separated. */
export function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** Where the Monte Carlo ran, without the engine's internals ("slab stamping, kernel cores …"). */
export function engineInWords(engine: string): string {
  const gpu = /WebGPU/.test(engine);
  const cpu = !gpu || /;|CPU|stamping|pruning/i.test(engine.replace(/WebGPU[^;]*/g, ''));
  return gpu && cpu ? 'on the GPU (WebGPU) and the CPU' : gpu ? 'on the GPU (WebGPU)' : 'on the CPU';
}
