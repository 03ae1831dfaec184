/**
 * The command line as plain JavaScript that Node runs without tsx or
 * node_modules: cli/ale.mjs, its worker thread and the GPU bench bundled into
 * one file each (esbuild), the Dawn probe beside them where the command line
 * looks for it, the webgpu package's loader (its dawn.node is added where the
 * bundle runs), and public/assets. For machines with no network
 * (scripts/pack-gpu-device.ts); tests/bundle.test.ts runs the result.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;

export async function bundleCommandLine(app: string): Promise<void> {
  mkdirSync(join(app, 'cli'), { recursive: true });
  // The worker and the probe sit beside the command line, where it looks for them (import.meta.url).
  await build({
    entryPoints: { ale: join(ROOT, 'cli/ale.ts'), 'poolWorker.node': join(ROOT, 'workers/runtime/poolWorker.node.ts'), gpuBench: join(ROOT, 'bench/gpuDevice.ts') },
    outdir: join(app, 'cli'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['webgpu'],
    // CommonJS dependencies inside an ES module bundle still call require.
    banner: { js: "import { createRequire as aleCreateRequire } from 'node:module'; const require = aleCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  cpSync(join(ROOT, 'cli/gpuProbe.mjs'), join(app, 'cli/gpuProbe.mjs'));
  const dawn = join(ROOT, 'node_modules/webgpu');
  mkdirSync(join(app, 'node_modules/webgpu/dist/linux-x64'), { recursive: true });
  for (const file of ['index.js', 'package.json', 'LICENSE.md']) cpSync(join(dawn, file), join(app, 'node_modules/webgpu', file));
  cpSync(join(ROOT, 'public/assets'), join(app, 'public/assets'), { recursive: true });
}
