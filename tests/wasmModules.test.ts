/** The committed WebAssembly modules are what `npm run wasm` builds from the AssemblyScript sources in wasm/. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernel, moduleSource, WASM_KERNELS } from '../scripts/build-wasm.ts';

describe('WebAssembly kernels', () => {
  it.each(WASM_KERNELS.map((k) => [k.source, k] as const))('%s is compiled into its committed module', async (_, kernel) => {
    const committed = readFileSync(new URL(`../${kernel.module}`, import.meta.url), 'utf8');
    expect(committed).toBe(moduleSource(kernel, await compileKernel(kernel)));
  });
});
