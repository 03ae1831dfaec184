/**
 * npm run bench [-- --quick] [--only=NAME,…] [--tfce] [--node | --browser | --webgpu]
 * (NAME: a dataset's prefix, gate or playground)
 * Times ALE + analytic null and the Monte-Carlo null for the pain (21
 * experiments), motor_sequence_learning (65) and large_motor (785) datasets,
 * with 1 and 2 workers, in Node and in headless Chromium, and (in Node, or
 * --only=gate) the input gate on hostile input. Prints medians of repeats. --webgpu times the GPU engine instead, in Chromium on whatever
 * WebGPU adapter it offers (here SwiftShader: a functional check, not a GPU's speed). --tfce times each dataset again with TFCE in every iteration.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { createGeometry } from '../workers/core/index.ts';
import { readNifti } from '../workers/input/index.ts';
import { benchGate } from './gate.ts';
import { benchPlayground } from './playground.ts';
import { measure, type BenchRequest, type BenchResult } from './measure.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = new URL('../../shared/reference/datasets/', import.meta.url).pathname;
const quick = process.argv.includes('--quick');
const withTfce = process.argv.includes('--tfce');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const webgpu = process.argv.includes('--webgpu');
const where = { node: !webgpu && !process.argv.includes('--browser'), browser: !webgpu && !process.argv.includes('--node') };
/** Iterations per GPU repeat: SwiftShader runs a large_motor iteration in tens of seconds. */
const GPU_ITERATIONS: Record<string, number> = { pain_nidm21: 20, motor_sequence_learning: 4, large_motor: 2 };
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

const DATASETS = [
  { name: 'pain_nidm21', file: `${DATA}pain_nidm21/pain_nidm21_MNI.sleuth.txt`, iterations: quick ? 200 : 1000, repeats: quick ? 1 : 5, observedRepeats: quick ? 2 : 5 },
  { name: 'motor_sequence_learning', file: `${DATA}motor_sequence_learning/motor_sequence_learning_MNI.sleuth.txt`, iterations: quick ? 40 : 200, repeats: quick ? 1 : 3, observedRepeats: quick ? 1 : 3 },
  // Each large_motor iteration stamps 31k kernels; a few dozen iterations give a stable per-iteration time.
  { name: 'large_motor', file: `${DATA}large_motor/large_motor_MNI.sleuth.txt`, iterations: quick ? 8 : 40, repeats: quick ? 1 : 3, observedRepeats: 1 },
];

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function report(where: string, r: BenchResult, iterations: number): void {
  const observed = median(r.observedMs);
  const lines = [`${where} ${r.name}${r.tfce ? ' with TFCE' : ''} (${r.experiments} experiments, ${r.foci} foci): ALE + analytic null ${(observed / 1000).toFixed(3)} s (median of ${r.observedMs.length})`];
  const single = median(r.steadyMsPerIteration['1']);
  for (const [workers, times] of Object.entries(r.msPerIteration)) {
    const m = median(times);
    const steady = median(r.steadyMsPerIteration[workers]);
    lines.push(`  ${workers} worker(s): ${steady.toFixed(2)} ms/iteration once running (speed-up ×${(single / steady).toFixed(2)}), ${m.toFixed(2)} ms/iteration with worker start; ` +
      `5,000 iterations ≈ ${((steady * 5000) / 1000).toFixed(1)} s, 1,000 ≈ ${((steady * 1000) / 1000).toFixed(1)} s (median of ${times.length} × ${iterations} iterations)`);
  }
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) throw new Error(`reference datasets not found at ${DATA}`);
  const maskVolume = readNifti(readFileSync(`${ROOT}public/assets/colin27_mask_2mm.nii.gz`), 'colin27_mask_2mm.nii.gz');
  const geometry = createGeometry(maskVolume.shape, maskVolume.affine, maskVolume.data);
  const requests: BenchRequest[] = DATASETS.filter((d) => !only || only.some((o) => d.name.startsWith(o))).flatMap((d) => {
    const request = { name: d.name, text: readFileSync(d.file, 'utf8'), iterations: d.iterations, workerCounts: [1, 2], repeats: d.repeats, observedRepeats: d.observedRepeats };
    // With --tfce each dataset runs twice in a row, without and with TFCE, so their ratio is measured under the same load.
    return withTfce ? [request, { ...request, tfce: true }] : [request];
  });

  if (where.node && (!only || only.includes('gate'))) benchGate();
  if (where.node && (!only || only.includes('playground'))) benchPlayground();
  console.log(`mask: shipped Colin27 mask, ${geometry.nMasked} voxels; snap nearest; cluster-forming p 0.001\n`);
  if (where.node) for (const request of requests) report('Node', await measure(request, geometry, createNodeWorker), request.iterations);
  if (!where.browser && !webgpu) return;

  const server = await createServer({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', ...(webgpu ? WEBGPU_ARGS : [])] });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(`${url}bench/browser.html`);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
    for (const request of webgpu ? requests : []) {
      const gpuRequest = { ...request, iterations: GPU_ITERATIONS[request.name], repeats: quick ? 1 : 3 };
      const r = await page.evaluate((q) => (window as unknown as { gpuBench: (x: typeof q) => Promise<{ engine: string; msPerIteration: number[] }> }).gpuBench(q), gpuRequest);
      const software = /swiftshader/i.test(r.engine) ? ' — SwiftShader, a software adapter: a functional check, not a GPU speed' : '';
      console.log(`Chromium WebGPU ${request.name}: ${median(r.msPerIteration).toFixed(1)} ms/iteration (median of ${r.msPerIteration.length} × ${gpuRequest.iterations} iterations) on ${r.engine}${software}`);
    }
    for (const request of where.browser ? requests : []) {
      const first = await page.evaluate((r) => (window as unknown as { firstResults: (q: typeof r) => Promise<number[]> }).firstResults(r), request);
      console.log(`Chromium ${request.name}: first results (maps and uncorrected clusters from a fresh analysis worker) ${(median(first) / 1000).toFixed(2)} s (median of ${first.length})`);
      const result = await page.evaluate((r) => (window as unknown as { runBench: (q: typeof r) => Promise<BenchResult> }).runBench(r), request);
      report('Chromium', result, request.iterations);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
