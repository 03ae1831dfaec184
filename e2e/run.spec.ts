/**
 * The built app in headless Chromium: a coordinate file through the file
 * input, ALE and its Monte-Carlo null in Web Workers, and the same clusters
 * as the command line reports for the same input and seed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = new URL('..', import.meta.url).pathname;
const PAIN = join(ROOT, '../shared/reference/datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');

test('shows a malformed file’s error with its line', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles({
    name: 'broken.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('// Reference=MNI\n// Study: contrast\n// Subjects=12\n10 20 30\n10 20\n'),
  });
  await expect(page.getByTestId('diagnostics')).toContainText('broken.txt:5: error: expected 3 coordinates (x y z) but found 2');
  await expect(page.getByRole('button', { name: 'Run ALE' })).toBeDisabled();
});

test('runs ALE in the browser and reports the command line’s clusters', async ({ page }) => {
  test.skip(!existsSync(PAIN), 'reference data ../shared not present');
  const out = mkdtempSync(join(tmpdir(), 'ale-e2e-'));
  execFileSync('npx', ['tsx', 'cli/ale.ts', PAIN, '--out', out, '--iters', '200', '--seed', '3', '--quiet'], { cwd: ROOT });
  const cli = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));

  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(PAIN);
  await expect(page.getByTestId('dataset-summary')).toContainText('21 experiments, 267 foci');
  await page.getByLabel('Iterations').fill('200');
  await page.getByLabel('Seed').fill('3');
  await page.getByRole('button', { name: 'Run ALE' }).click();
  const rows = page.getByTestId('cluster-table').locator('tbody tr');
  await expect(rows).toHaveCount(cli.clusters.length);
  for (const [n, c] of cli.clusters.slice(0, 5).entries()) {
    const cells = await rows.nth(n).locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual([String(c.id), ...c.peak_xyz.map(String), String(c.size_voxels)]);
    expect(cells[6]).toBe(c.p_fwe_size.toFixed(3));
  }
});
