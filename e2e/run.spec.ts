/**
 * The built app in headless Chromium (WebGL2 through SwiftShader): loading,
 * running ALE in Web Workers with the same clusters as the command line,
 * the viewer, cancelling, and responsiveness during a long run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatFweP } from '../workers/reports/index.ts';
import { viewerPixels } from './support/pixels.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PAIN = join(ROOT, '../shared/reference/datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');

interface CliCluster { id: number; peak_xyz: number[]; size_voxels: number; size_mm3: number; p_fwe_size: number; p_fwe_tfce?: number; peak_ale: number }

function cliSummary(iterations: number, seed: number, extra: string[] = []): { clusters: CliCluster[]; tfce?: { fwe_cutoff: number } } {
  const out = mkdtempSync(join(tmpdir(), 'ale-e2e-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'cli/ale.ts', PAIN, '--out', out, '--iters', String(iterations), '--seed', String(seed), '--quiet', ...extra], { cwd: ROOT, stdio: 'ignore' });
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}

async function loadPain(page: Page) {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(PAIN);
  await expect(page.getByTestId('dataset-summary')).toContainText('21 experiments, 267 foci, 334 subjects');
  await expect(page.getByTestId('run-hint')).toHaveText('Loaded: press Run ALE for the maps and clusters.');
}

async function runWith(page: Page, iterations: number, seed: number) {
  await page.getByLabel('Iterations').fill(String(iterations));
  await page.getByLabel('Seed').fill(String(seed));
  await page.getByRole('button', { name: /Run ALE|Restart ALE/ }).click();
}

test('shows a malformed file’s error with its line, and keeps what was loaded', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-summary')).toContainText('65 experiments');
  await page.getByTestId('file-input').setInputFiles({
    name: 'broken.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('// Reference=MNI\n// Study: contrast\n// Subjects=12\n10 20 30\n10 20\n'),
  });
  await expect(page.getByTestId('diagnostics')).toContainText('broken.txt:5: error: expected 3 coordinates (x y z) but found 2');
  await expect(page.getByTestId('diagnostics')).toContainText('not loaded; motor_sequence_learning_MNI.sleuth.txt and its results stay as they were');
  await expect(page.getByTestId('dataset-summary')).toContainText('65 experiments');
});

test.describe('with the pain data', () => {
  test.skip(!existsSync(PAIN), 'reference data ../shared not present');

  test('runs ALE in the browser, shows the command line’s clusters and moves the crosshair to a clicked peak', async ({ page }, testInfo) => {
    const cli = cliSummary(500, 11);
    const significant = cli.clusters.filter((c) => c.p_fwe_size < 0.05);
    expect(significant.length).toBeGreaterThan(2);

    await loadPain(page);
    const hasWebGl2 = await page.getByTestId('viewer-canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).getContext('webgl2') !== null);
    expect(hasWebGl2).toBe(true);
    await runWith(page, 500, 11);

    const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
    await expect(rows).toHaveCount(significant.length);
    for (const [n, c] of significant.entries()) {
      const cells = await rows.nth(n).locator('td').allTextContents();
      expect(cells.slice(0, 5)).toEqual([String(c.id), ...c.peak_xyz.map(String), c.size_mm3.toLocaleString('en')]);
      expect(cells[7]).toBe(formatFweP(c.p_fwe_size, 500));
    }

    const target = significant[1];
    await rows.nth(1).click();
    await expect(page.getByTestId('crosshair-readout')).toContainText(`MNI (${target.peak_xyz.join(', ')})`);
    await expect(page.getByTestId('crosshair-readout')).toContainText(`ALE ${target.peak_ale.toFixed(5)}`);
    await expect(page.getByTestId('crosshair-readout')).toContainText(`cluster ${target.id}`);

    // The viewer draws the brain and the clusters: many distinct, non-black pixels.
    const canvas = page.getByTestId('viewer-canvas');
    await expect.poll(async () => (await viewerPixels(page, await canvas.screenshot())).warm, { timeout: 30_000 }).toBeGreaterThan(100);
    const shot = await canvas.screenshot({ path: testInfo.outputPath('viewer-clusters.png') });
    await testInfo.attach('viewer-clusters', { body: shot, contentType: 'image/png' });
    expect((await viewerPixels(page, shot)).lit).toBeGreaterThan(0.1);
  });

  test('runs TFCE as JALE does, with the command line’s p-values, and decides by it when asked', async ({ page }) => {
    // At α = 0.15 the two inferences disagree on the pain data (seed 3, 40 iterations): TFCE adds a cluster.
    const cli = cliSummary(40, 3, ['--tfce', '--alpha', '0.15']);
    expect(cli.tfce?.fwe_cutoff).toBeGreaterThan(0);
    await loadPain(page);
    await page.getByLabel('TFCE (JALE)').check();
    await page.getByLabel('FWE α').fill('0.15');
    await runWith(page, 40, 3);
    const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
    const bySize = cli.clusters.filter((c) => c.p_fwe_size < 0.15);
    await expect(rows).toHaveCount(bySize.length, { timeout: 120_000 });
    for (const [n, c] of bySize.entries()) await expect(rows.nth(n).getByTestId('p-fwe-tfce')).toHaveText(formatFweP(c.p_fwe_tfce ?? null, 40));
    await expect(page.getByTestId('tfce-cutoff')).toContainText(`TFCE ≥ ${cli.tfce?.fwe_cutoff.toPrecision(4)}`);
    await expect(page.getByRole('button', { name: 'TFCE FWE' })).toHaveAttribute('aria-pressed', 'true');

    await page.getByLabel('Inference').selectOption('tfce');
    const byTfce = cli.clusters.filter((c) => (c.p_fwe_tfce ?? 1) < 0.15);
    expect(byTfce.map((c) => c.id)).not.toEqual(bySize.map((c) => c.id));
    await expect(rows).toHaveCount(byTfce.length);
    await expect(page.getByRole('region', { name: 'Clusters' })).toContainText(`${byTfce.length} significant at TFCE FWE p (of the cluster’s largest TFCE) < 0.15`);

    // JALE's predicted cut-offs, on request, beside this run's Monte-Carlo ones.
    const jale = JSON.parse(readFileSync(join(ROOT, '../shared/reference/jale/predictions.json'), 'utf8')).pain_nidm21;
    await page.getByRole('tab', { name: 'Null distribution' }).click();
    await page.getByRole('button', { name: 'Compare with JALE’s predicted cut-offs' }).click();
    const table = page.getByTestId('predicted-cutoffs');
    await expect(table.getByRole('row', { name: /cluster-level FWE/ })).toContainText(`${jale.cFWE}`);
    await expect(table.getByRole('row', { name: /TFCE/ })).toContainText(`${Math.fround(jale.tfce).toPrecision(4)}${cli.tfce?.fwe_cutoff.toPrecision(4)}`);
    await expect(table).toContainText('trained on JALE');

    // A setting changed after the run marks the results as from earlier settings.
    await expect(page.getByTestId('stale')).toHaveCount(0);
    await page.getByLabel('Seed').fill('4');
    await expect(page.getByTestId('stale')).toContainText('results from earlier settings (seed): Run ALE to update');
  });

  test('runs with JALE’s conventions and Monte Carlo as the command line’s --preset jale --mc-threshold per-iteration does, and says so in the methods', async ({ page }) => {
    const cli = cliSummary(40, 3, ['--preset', 'jale', '--mc-threshold', 'per-iteration']) as ReturnType<typeof cliSummary> & { cluster_forming_threshold: number; n_foci_outside_mask: number };
    await loadPain(page);
    await page.getByLabel('Conventions').selectOption('jale');
    await expect(page.getByLabel('mm → voxel')).toHaveValue('ceil');
    await expect(page.getByLabel('Talairach → MNI')).toHaveValue('jale');
    await expect(page.getByLabel('Kernel')).toHaveValue('jale');
    await expect(page.getByLabel('Analytic null')).toHaveValue('jale');
    await page.getByLabel('per-iteration threshold (JALE)').check();
    await runWith(page, 40, 3);
    const clusters = page.getByRole('region', { name: 'Clusters' });
    await expect(clusters).toContainText(`(${cli.n_foci_outside_mask} outside the mask); ${cli.clusters.length} clusters of ALE > ${cli.cluster_forming_threshold};`, { timeout: 60_000 });
    const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
    const significant = cli.clusters.filter((c) => c.p_fwe_size < 0.05);
    await expect(rows).toHaveCount(significant.length);
    for (const [n, c] of significant.entries()) expect((await rows.nth(n).locator('td').allTextContents()).slice(0, 4)).toEqual([String(c.id), ...c.peak_xyz.map(String)]);
    await page.getByRole('tab', { name: 'Methods' }).click();
    await expect(page.getByTestId('methods-report')).toContainText('Foci were assigned to the voxel obtained by rounding the voxel coordinates up (as JALE does).');
    await expect(page.getByTestId('methods-report')).toContainText('computed as in JALE: modelled activation values binned to the nearest 10⁻⁴');
    await expect(page.getByTestId('methods-report')).toContainText('each dataset’s clusters formed at p < 0.001 on its own analytic null, as JALE does.');
    // One setting back to NiMARE's makes the conventions mixed; another null than JALE's takes JALE's Monte Carlo with it.
    await page.getByLabel('Kernel').selectOption('nimare');
    await expect(page.getByLabel('Conventions')).toHaveValue('mixed');
    await page.getByLabel('Analytic null').selectOption('exact');
    await expect(page.getByLabel('per-iteration threshold (JALE)')).not.toBeChecked();
    await expect(page.getByLabel('per-iteration threshold (JALE)')).toBeDisabled();
  });

  test('cancels a run midway and starts another', async ({ page }) => {
    await loadPain(page);
    await runWith(page, 20000, 1);
    await expect(page.getByTestId('progress')).toBeVisible();
    await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('value'))).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText('Run cancelled.');
    // The maps and the uncorrected clusters stay, with the p of the iterations that finished.
    await expect(page.locator('[data-testid="cluster-table"][data-final="false"] tbody tr[data-cluster]')).toHaveCount(21);
    await expect(page.getByRole('region', { name: 'Clusters' })).toContainText('the Monte Carlo was cancelled after');
    await runWith(page, 200, 2);
    await expect(page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]').first()).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('without WebGPU, says so at once when the GPU engine is chosen, and Auto runs on the CPU', async ({ page }) => {
    await loadPain(page);
    await page.getByLabel('Engine').selectOption('gpu');
    // Said as soon as the GPU is chosen, before any run.
    await expect(page.getByTestId('engine-note')).toContainText('the GPU engine cannot run here; Auto and CPU run on the CPU workers');
    await runWith(page, 100, 1);
    await expect(page.getByRole('alert')).toContainText('the GPU engine needs WebGPU, and this browser offers no WebGPU adapter');
    // The refusal is shown whole in the header, not cut off.
    expect(await page.getByRole('alert').evaluate((e) => [e.scrollWidth <= e.clientWidth, e.scrollHeight <= e.clientHeight])).toEqual([true, true]);
    await expect(page.getByTestId('run-diagnostics')).toContainText('Engine: error: the GPU engine needs WebGPU');
    await page.getByLabel('Engine').selectOption('auto');
    await runWith(page, 100, 1);
    await expect(page.getByTestId('run-engine')).toHaveText('on the CPU', { timeout: 60_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('shows the maps and clusters before the Monte Carlo ends, with live FWE p-values and their intervals, and answers the keyboard meanwhile', async ({ page }) => {
    await loadPain(page);
    await runWith(page, 20000, 3);
    const preview = page.locator('[data-testid="cluster-table"][data-final="false"] tbody tr[data-cluster]');
    await expect(preview.nth(5)).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('progress')).toBeVisible();
    // The page answers the keyboard while the Monte Carlo runs (the null is in workers); how fast is not timed here.
    await page.getByRole('tab', { name: 'Clusters' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Diagnostics' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('tab', { name: 'Clusters' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('progress')).toBeVisible();
    // The largest cluster is significant long before 20,000 iterations; its interval shrinks below α and says so.
    await expect(preview.first().getByTestId('p-fwe')).toHaveText(/\[.+–.+\]/, { timeout: 60_000 });
    await expect(preview.first().getByTestId('p-fwe')).toContainText('✓ settled', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
