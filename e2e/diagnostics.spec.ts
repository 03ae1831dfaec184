/** Diagnostics in the app: the contributions chart, Fail-Safe N with cancel, and a contrast. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { loadMask } from '../cli/io.ts';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { DEFAULT_PARAMETERS, directionClusters, runBalanced, runProbabilistic } from '../workers/analysis/index.ts';
import { prepareInput } from '../workers/core/index.ts';
import { clusterExperiments } from '../workers/inference/clustering/experimentClustering.ts';
import { significantZ } from '../workers/inference/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';

const DATA = join(new URL('..', import.meta.url).pathname, '../shared/reference/datasets/inhibition_jale_example');

test.skip(!existsSync(DATA), 'reference data ../shared not present');

/** The inhibition example's high condition loaded and run with these settings, its final table shown. */
async function finishedHighRun(page: Page, settings: { iterations: number; seed: number; alpha?: string }): Promise<void> {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(join(DATA, 'inhibition_high_MNI.sleuth.txt'));
  await expect(page.getByTestId('dataset-summary')).toContainText('25 experiments');
  await page.getByLabel('Iterations').fill(String(settings.iterations));
  await page.getByLabel('Seed').fill(String(settings.seed));
  if (settings.alpha) await page.getByLabel('FWE α').fill(settings.alpha);
  await page.getByRole('button', { name: 'Run ALE' }).click();
  await expect(page.locator('[data-testid="cluster-table"][data-final="true"]')).toBeVisible({ timeout: 120_000 });
}

test('opens the contributions chart of a cluster, starts and cancels Fail-Safe N, and runs a contrast', async ({ page }, testInfo) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(join(DATA, 'inhibition_high_MNI.sleuth.txt'));
  await expect(page.getByTestId('dataset-summary')).toContainText('25 experiments');
  await page.getByLabel('Iterations').fill('100');
  await page.getByRole('button', { name: 'Run ALE' }).click();
  const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
  await expect(rows.first()).toBeVisible({ timeout: 120_000 });
  // The inhibition network, as the command line finds it with the same settings: eight clusters, among them the
  // pre-SMA/cingulate peak at (6, 26, 34) and the right anterior insula at (34, 20, -2).
  await expect(rows).toHaveCount(8);
  const peaks = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent).join(' ')));
  expect(peaks).toEqual(expect.arrayContaining(['6 26 34', '34 20 -2']));

  await rows.first().click();
  await page.getByRole('tab', { name: 'Diagnostics' }).click();
  const chart = page.getByTestId('contributions-chart');
  await expect(chart).toBeVisible();
  // A bar per listed experiment, named by its study, with its foci in the cluster.
  expect(await chart.locator('svg rect').count()).toBeGreaterThan(2);
  await expect(chart).toContainText('foci');

  await page.getByRole('button', { name: 'for cluster 1' }).click();
  await expect(page.getByTestId('fsn-progress')).toBeVisible();
  await expect(page.getByTestId('fsn-controls')).toContainText(/step 1 of ~10/);
  await page.getByTestId('fsn-controls').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('fsn-controls')).toContainText('cancelled.');

  await page.getByRole('tab', { name: 'Contrast' }).click();
  await page.getByTestId('contrast-b-input').setInputFiles(join(DATA, 'inhibition_low_MNI.sleuth.txt'));
  await expect(page.getByRole('region', { name: 'Contrast' })).toContainText('inhibition_low_MNI.sleuth.txt (32 experiments)');
  // One-voxel clusters (8 mm³) left out.
  await page.getByLabel('Smallest contrast cluster (mm³)').fill('16');
  await page.getByRole('button', { name: 'Run contrast' }).click();
  const table = page.getByTestId('contrast-table');
  await expect(table).toBeVisible({ timeout: 170_000 });
  await expect(page.getByTestId('contrast-kind')).toContainText('Clusters under 16 mm³ left out.');
  const voxels = await table.locator('tbody tr:has(td)').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelectorAll('td')[4]?.textContent)).filter((v) => Number.isFinite(v)));
  expect(voxels.length).toBeGreaterThan(0);
  expect(Math.min(...voxels)).toBeGreaterThanOrEqual(2);
  // Both directions and the conjunction have clusters; the conjunction holds the right insula of both groups.
  await expect(table).toContainText(/A > B: [1-9]\d* cluster/);
  await expect(table).toContainText(/B > A: [1-9]\d* cluster/);
  await expect(table).toContainText(/Conjunction \(min z\): [1-9]\d* cluster/);
  const contrastPeaks = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent).join(' ')));
  expect(contrastPeaks).toContain('36 20 -2');
  // Each row names its peak's region and p: the conjunction's right insula, and the permutation floor of 100 iterations.
  await expect(table).toContainText('Insula_R');
  await expect(table).toContainText('≤ 0.010');
  await expect(page.getByRole('button', { name: 'B > A' })).toHaveAttribute('aria-pressed', 'true');
  // Each sign of the contrast has its own labelled scale, from the smallest z the gate kept; the conjunction is a layer of its own.
  const legend = page.getByTestId('viewer-legend');
  await expect(legend).toContainText(/A > B \(z\) [1-9]\.\d\d – /);
  await expect(legend).toContainText(/B > A \(z\) [1-9]\.\d\d – /);
  await expect(page.getByTestId('crosshair-readout')).toContainText(/ · A and B z /);
  await page.getByRole('button', { name: 'A and B' }).click();
  await expect(legend).toContainText(/A and B \(min z\) [1-9]\.\d\d – /);
  await page.screenshot({ path: testInfo.outputPath('contrast.png') });
});

test('clusters the experiments of a finished run, as the engine does in Node, with the figure and the files', async ({ page }) => {
  const settings = { method: 'hierarchical' as const, maxClusters: 3, linkage: 'average' as const, nullIterations: 6 };
  // The same clustering in this process (the null in this thread: the same scores as on the worker pool).
  const geometry = loadMask(undefined);
  const parsed = parseCoordinates(readFileSync(join(DATA, 'inhibition_high_MNI.sleuth.txt')), 'inhibition_high_MNI.sleuth.txt');
  if (!parsed.ok) throw new Error('parse failed');
  const prepared = prepareInput(parsed.dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error('prepare failed');
  const expected = await clusterExperiments(prepared.input.experiments, geometry, { ...settings, subsamples: 500, fraction: 0.9, seed: 5 });

  await finishedHighRun(page, { iterations: 0, seed: 5 });
  await page.getByRole('tab', { name: 'JALE' }).click();
  const panel = page.getByTestId('clustering');
  await panel.getByLabel('Largest number of groups').fill('3');
  await panel.getByLabel('Linkage').selectOption('average');
  await panel.getByLabel('Null iterations').fill('6');
  await panel.getByRole('button', { name: 'Cluster the experiments' }).click();
  const scores = page.getByTestId('clustering-scores');
  await expect(scores).toBeVisible({ timeout: 120_000 });
  for (const level of expected.levels) {
    const cells = await scores.locator(`tr[data-k="${level.k}"] td`).allTextContents();
    expect(cells.slice(0, 3)).toEqual([String(level.k), `${level.silhouette.mean.toFixed(3)} ± ${level.silhouette.sd.toFixed(3)}`, level.silhouette.z.toFixed(2)]);
  }
  // The figure is an image the browser decodes; every experiment is in one group.
  await expect.poll(() => page.getByTestId('clustering-figure').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(300);
  await expect.poll(() => page.getByTestId('clustering-dendrogram').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(300);
  const listed = await page.getByTestId('clustering-groups').locator('[data-experiment]').evaluateAll((spans) => spans.map((s) => s.getAttribute('data-experiment')));
  expect(listed.sort()).toEqual(prepared.input.experiments.map((e) => e.id).sort());
  await expect(page.getByTestId('clustering-groups').locator('li')).toHaveCount(expected.levels.reduce((best, l) => (l.silhouette.z > best.silhouette.z ? l : best)).k);
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'clustering_labels.tsv' }).click();
  expect((await download).suggestedFilename()).toBe('clustering_labels.tsv');
});

test('runs a probabilistic ALE of a finished run as the engine does in Node, and shows its fraction map', async ({ page }) => {
  const geometry = loadMask(undefined);
  const parsed = parseCoordinates(readFileSync(join(DATA, 'inhibition_high_MNI.sleuth.txt')), 'inhibition_high_MNI.sleuth.txt');
  if (!parsed.ok) throw new Error('parse failed');
  const parameters = { ...DEFAULT_PARAMETERS, iterations: 20, seed: 6 };
  const outcome = await runProbabilistic(parsed.dataset, geometry, parameters, 24, 0.05, { workers: 2, createWorker: createNodeWorker });
  if (!outcome.ok) throw new Error('probabilistic ALE failed');
  const r = outcome.result;
  const ever = r.fraction.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  const always = r.fraction.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);
  expect(ever).toBeGreaterThan(always);

  await finishedHighRun(page, { iterations: 20, seed: 6 });
  await page.getByRole('tab', { name: 'JALE' }).click();
  const panel = page.getByTestId('probabilistic');
  await panel.getByLabel('Subset size N').fill('24');
  await panel.getByRole('button', { name: 'Run probabilistic ALE' }).click();
  await expect(page.getByTestId('probabilistic-summary')).toHaveText(
    `25 subsets of 24 of the 25 experiments; clusters had to exceed ${r.cutoff} voxels (20 Monte-Carlo iterations); ${ever.toLocaleString('en')} voxels significant in at least one subset, ${always.toLocaleString('en')} in all.`,
    { timeout: 120_000 },
  );
  await panel.getByRole('button', { name: 'show the fraction map in the viewer' }).click();
  await expect(page.getByTestId('viewer-legend')).toContainText('probabilistic ALE (fraction of 25 subsets)');
});

test('runs JALE’s balanced contrast of the two groups as the engine does in Node, shown as the contrast', async ({ page }) => {
  const geometry = loadMask(undefined);
  const read = (name: string) => {
    const parsed = parseCoordinates(readFileSync(join(DATA, name)), name);
    if (!parsed.ok) throw new Error('parse failed');
    return parsed.dataset;
  };
  // At α = 0.1 a voxel can be significant once p ≤ 1/21 < α/2: 20 iterations suffice.
  const parameters = { ...DEFAULT_PARAMETERS, iterations: 20, seed: 2 };
  const outcome = await runBalanced([read('inhibition_high_MNI.sleuth.txt'), read('inhibition_low_MNI.sleuth.txt')], ['high', 'low'], geometry, parameters, null, 0.1, { workers: 2, createWorker: createNodeWorker });
  if (!outcome.ok) throw new Error('balanced contrast failed');
  const r = outcome.result;
  const expected = directionClusters(significantZ(r.inference), geometry, 6);

  await finishedHighRun(page, { iterations: 20, seed: 2, alpha: '0.1' });
  await page.getByRole('tab', { name: 'Contrast' }).click();
  await page.getByTestId('contrast-b-input').setInputFiles(join(DATA, 'inhibition_low_MNI.sleuth.txt'));
  await page.getByRole('button', { name: 'Run balanced contrast' }).click();
  await expect(page.getByTestId('contrast-kind')).toContainText(`Balanced contrast (JALE) at N = ${r.subsetSize}`, { timeout: 120_000 });
  const table = page.getByTestId('contrast-table');
  await expect(table).toContainText(`A > B: ${expected.aOverB.clusters.length} cluster(s)`);
  await expect(table).toContainText(`B > A: ${expected.bOverA.clusters.length} cluster(s)`);
  expect(expected.aOverB.clusters.length + expected.bOverA.clusters.length).toBeGreaterThan(0);
  const first = [...expected.aOverB.clusters, ...expected.bOverA.clusters][0];
  await expect(table.locator('tr', { hasText: first.peak.xyz.join('') }).first()).toBeVisible();
});
