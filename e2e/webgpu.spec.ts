/**
 * The GPU engine in headless Chromium with SwiftShader's WebGPU adapter
 * (correct, not fast): the null maxima equal the command line's CPU engine
 * for the same seed, bit for bit, on one of NiMARE's Sleuth test files, and
 * on the pain data when a device lost mid-run hands the rest to the CPU. The
 * same engine's equality on pain (every connectivity, TFCE), the 65
 * motor-sequence experiments and large_motor is tested in Node, through Dawn
 * (tests/nodeWebGpu.test.ts): here it is the app's path to the device.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADD64_WGSL } from '../workers/gpu/logSumShader.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = join(ROOT, '../shared/reference/datasets');
const PAIN = join(DATA, 'pain_nidm21/pain_nidm21_MNI.sleuth.txt');
const NIMARE_SLEUTH = join(DATA, 'nimare_repo/sleuth/test_sleuth_file.txt');

interface NullArrays {
  max_ale: number[];
  max_cluster_size: number[];
  max_cluster_mass: number[];
}

function cliNull(file: string, iterations: number, seed: number): NullArrays {
  const out = mkdtempSync(join(tmpdir(), 'ale-webgpu-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'cli/ale.ts', file, '--out', out, '--iters', String(iterations), '--seed', String(seed), '--quiet'], { cwd: ROOT, stdio: 'ignore' });
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).null;
}

async function runOnGpu(page: Page, file: string, iterations: number, seed: number) {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('dataset-summary')).toContainText('experiments');
  await page.getByLabel('Engine').selectOption('gpu');
  await page.getByLabel('Iterations').fill(String(iterations));
  await page.getByLabel('Seed').fill(String(seed));
  await page.getByRole('button', { name: /Run ALE|Restart ALE/ }).click();
}

async function appNull(page: Page): Promise<NullArrays & { engine: string }> {
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 170_000 });
  await page.getByRole('tab', { name: 'Export & share' }).click();
  const button = page.getByTestId('downloads').getByRole('button').filter({ hasText: 'summary.json' }).first();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const summary = JSON.parse(readFileSync(await download.path(), 'utf8'));
  return { ...summary.null, engine: summary.monte_carlo.engine };
}

function expectSameNull(app: NullArrays, cli: NullArrays, iterations: number) {
  expect(app.max_cluster_size).toHaveLength(iterations);
  expect(app.max_ale).toEqual(cli.max_ale);
  expect(app.max_cluster_size).toEqual(cli.max_cluster_size);
  expect(app.max_cluster_mass).toEqual(cli.max_cluster_mass);
}

test.describe('the GPU engine', () => {
  test.skip(!existsSync(PAIN), 'reference data ../shared not present');

  test('has a WebGPU adapter in this browser (the tests below run on it, not skipped)', async ({ page }) => {
    await page.goto('./');
    const adapter = await page.evaluate(async () => (await navigator.gpu?.requestAdapter())?.info.vendor ?? null);
    expect(adapter).toBe('google');
  });

  test("adds doubles as IEEE-754 does: ties to even, sticky bits, carries, subnormals", async ({ page }) => {
    const pairs = additionCases();
    await page.goto('./');
    const sums = await page.evaluate(async ({ wgsl, words }) => {
      const adapter = await navigator.gpu.requestAdapter();
      const device = await adapter!.requestDevice();
      const code = `@group(0) @binding(0) var<storage, read> pairs: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> sums: array<vec2<u32>>;
${wgsl}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= arrayLength(&sums)) { return; }
  let p = pairs[id.x];
  sums[id.x] = add64(p.xy, p.zw);
}`;
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
      const input = device.createBuffer({ size: words.length * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(input, 0, new Uint32Array(words));
      const bytes = (words.length / 2) * 4;
      const output = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      const read = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: input } }, { binding: 1, resource: { buffer: output } }] }));
      pass.dispatchWorkgroups(Math.ceil(words.length / 4 / 64));
      pass.end();
      encoder.copyBufferToBuffer(output, 0, read, 0, bytes);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      return Array.from(new Uint32Array(read.getMappedRange()));
    }, { wgsl: ADD64_WGSL, words: Array.from(new Uint32Array(pairs.buffer)) });
    const got = new Float64Array(new Uint32Array(sums).buffer);
    const wrong: string[] = [];
    for (let n = 0; n < got.length; n++) {
      const want = pairs[2 * n] + pairs[2 * n + 1];
      if (!Object.is(got[n], want)) wrong.push(`${pairs[2 * n]} + ${pairs[2 * n + 1]}: ${got[n]}, not ${want}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  test("gives the CPU engine's null maxima, bit for bit, on NiMARE's Sleuth test file", async ({ page }) => {
    const iterations = 12;
    const cli = cliNull(NIMARE_SLEUTH, iterations, 7);
    await runOnGpu(page, NIMARE_SLEUTH, iterations, 7);
    const app = await appNull(page);
    expect(app.engine).toMatch(/^WebGPU \(google/);
    await expect(page.getByTestId('run-engine')).toHaveText('on the GPU');
    expectSameNull(app, cli, iterations);
  });

  test('finishes on the CPU with the same result when the device is lost mid-run', async ({ page }) => {
    const iterations = 40;
    const cli = cliNull(PAIN, iterations, 5);
    await runOnGpu(page, PAIN, iterations, 5);
    const progress = page.getByTestId('progress');
    await expect.poll(async () => Number((await progress.getAttribute('value')) ?? 0), { timeout: 120_000 }).toBeGreaterThanOrEqual(6);
    let destroyed = false;
    for (const worker of page.workers()) {
      destroyed ||= await worker.evaluate(() => {
        const device = (globalThis as { aleMonteCarloDevice?: GPUDevice }).aleMonteCarloDevice;
        device?.destroy();
        return device !== undefined;
      });
    }
    expect(destroyed).toBe(true);
    const app = await appNull(page);
    await expect(page.getByTestId('run-diagnostics')).toContainText('The GPU was lost after');
    expect(app.engine).toMatch(/^WebGPU \(google.* for iterations 0–\d+, then /);
    expectSameNull(app, cli, iterations);
  });

  test('says at once which adapter the GPU engine would use, and that SwiftShader is a software one', async ({ page }) => {
    await page.goto('./');
    await page.getByLabel('Engine').selectOption('gpu');
    await expect(page.getByTestId('engine-note')).toContainText(/^WebGPU on .*a software adapter: correct but slower than the CPU workers$/);
    await page.getByLabel('Engine').selectOption('cpu');
    await expect(page.getByTestId('engine-note')).toHaveCount(0);
  });

  for (const choice of ['cpu', 'auto'] as const) {
    test(`runs the CPU workers with the engine set to ${choice}${choice === 'auto' ? ' (a software adapter is slower than the CPU)' : ''}`, async ({ page }) => {
      await page.goto('./');
      await page.getByTestId('file-input').setInputFiles(PAIN);
      await page.getByLabel('Engine').selectOption(choice);
      await page.getByLabel('Iterations').fill('20');
      await page.getByRole('button', { name: /Run ALE|Restart ALE/ }).click();
      await expect(page.getByTestId('run-engine')).toHaveText('on the CPU', { timeout: 60_000 });
    });
  }
});

/**
 * Pairs of non-negative doubles (a, b, a, b, …) that probe every branch of
 * add64: exact ties (which round to even), halves plus a sticky bit, carries
 * into the next power of two, exponent gaps past the significand, zeros and
 * subnormals, and random magnitudes like those of the kernels' logs.
 */
function additionCases(): Float64Array {
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const out: number[] = [];
  const ulp = (a: number) => 2 ** (Math.floor(Math.log2(a)) - 52);
  for (let n = 0; n < 400; n++) {
    const a = (1 + random()) * 2 ** Math.floor(random() * 40 - 30);
    for (const k of [1, 3, 5, 7]) out.push(a, (k / 2) * ulp(a));
    out.push(a, ulp(a) / 2 + ulp(a) * 2 ** -30);
    out.push(a, a * 2 ** -Math.floor(random() * 70) * (1 + random()));
    out.push(a * random(), a);
  }
  out.push(2 - 2 ** -52, 2 ** -53, 2 - 2 ** -52, 2 ** -52, 0, 0, 0, 1, 1, 0, 5e-324, 5e-324, 2 ** -1022 - 5e-324, 5e-324, 2 ** -1022, 5e-324, 1, 5e-324);
  return Float64Array.from(out);
}
