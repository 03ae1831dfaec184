/** Diagnostics in the app: the contributions chart, Fail-Safe N with cancel, and a contrast. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const DATA = join(new URL('..', import.meta.url).pathname, '../shared/reference/datasets/inhibition_jale_example');

test.skip(!existsSync(DATA), 'reference data ../shared not present');

test('opens the contributions chart of a cluster, starts and cancels Fail-Safe N, and runs a contrast', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(join(DATA, 'inhibition_high_MNI.sleuth.txt'));
  await expect(page.getByTestId('dataset-summary')).toContainText('25 experiments');
  await page.getByLabel('Iterations').fill('100');
  await page.getByRole('button', { name: 'Run ALE' }).click();
  const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
  await expect(rows.first()).toBeVisible({ timeout: 120_000 });

  await rows.first().click();
  const chart = page.getByTestId('contributions-chart');
  await expect(chart).toBeVisible();
  expect(await chart.locator('rect').count()).toBeGreaterThan(2);
  await expect(chart).toContainText('foci');

  await page.getByRole('button', { name: 'for cluster 1' }).click();
  await expect(page.getByTestId('fsn-progress')).toBeVisible();
  await page.getByTestId('fsn-controls').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('fsn-controls')).toContainText('cancelled.');

  await page.getByTestId('contrast-b-input').setInputFiles(join(DATA, 'inhibition_low_MNI.sleuth.txt'));
  await expect(page.getByLabel('Contrast')).toContainText('inhibition_low_MNI.sleuth.txt (32 experiments)');
  await page.getByRole('button', { name: 'Run contrast' }).click();
  const table = page.getByTestId('contrast-table');
  await expect(table).toBeVisible({ timeout: 170_000 });
  await expect(table).toContainText(/A > B: \d+ cluster/);
  await expect(table).toContainText(/B > A: \d+ cluster/);
  await expect(table).toContainText(/Conjunction \(min z\): \d+ cluster/);
  await expect(page.getByText('B > A').first()).toBeVisible();
});
