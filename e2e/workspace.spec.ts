/**
 * The workspace as a new user meets it: it opens on the published studies and
 * shows their maps within seconds; the viewer stays in view while results
 * scroll; the tabs answer the keyboard; and at a projector's 1280×720 every
 * control is reachable. Screenshots of the main state at three sizes go to
 * the test's output folder.
 */
import { expect, test } from '@playwright/test';
import { crosshairAt, viewerPixels } from './support/pixels.ts';

// How soon the first results appear is measured by `npm run bench -- --browser` (first results); here, that they do.
test('opens on the published demo and shows a coloured overlay and clusters in putamen, cerebellum and SMA', async ({ page }, testInfo) => {
  await page.goto('./');
  await expect(page.getByTestId('demo-banner')).toContainText('placeholder N = 20');
  const rows = page.locator('[data-testid="cluster-table"] tbody tr[data-cluster]');
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  const regions = (await rows.locator('td:nth-child(9)').allTextContents()).join(' ');
  expect(regions).toMatch(/Putamen/);
  expect(regions).toMatch(/Cerebelum/);
  expect(regions).toMatch(/Supp_Motor_Area|Precentral/);
  await expect
    .poll(async () => (await viewerPixels(page, await page.getByTestId('viewer-canvas').screenshot())).warm, { timeout: 60_000, intervals: [250] })
    .toBeGreaterThan(500);
  await page.screenshot({ path: testInfo.outputPath('opening.png') });
});

// One page, resized: the layout must answer a window that changes size as well as one that opens at it.
test('at 1280×720, 1440×900 and 1920×1080 the viewer stays in view while the table scrolls, and every control is reachable', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  const rows = page.locator('[data-testid="cluster-table"] tbody tr[data-cluster]');
  await expect(rows.nth(25)).toBeVisible({ timeout: 30_000 });
  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    await rows.first().scrollIntoViewIfNeeded();
    const size = `${width}×${height}`;
    // The page itself never scrolls; its parts do.
    expect(await page.evaluate(() => [document.documentElement.scrollWidth <= innerWidth, document.documentElement.scrollHeight <= innerHeight]), size).toEqual([true, true]);
    const canvas = page.getByTestId('viewer-canvas');
    const before = await canvas.boundingBox();
    expect(before && before.y >= 0 && before.y + before.height <= height && before.height >= 200, size).toBe(true);
    await rows.nth(25).scrollIntoViewIfNeeded();
    await expect(rows.nth(25)).toBeInViewport();
    expect(await canvas.boundingBox(), size).toEqual(before);
    // Header, tabs and the rail's last control are on screen or scroll into it.
    for (const control of [page.getByRole('button', { name: /Run ALE|Restart ALE/ }), page.getByRole('tab', { name: 'Export & share' }), page.getByLabel('Seed'), page.getByLabel('Talairach → MNI')]) {
      await control.scrollIntoViewIfNeeded();
      await expect(control, size).toBeInViewport();
    }
    await page.screenshot({ path: testInfo.outputPath(`workspace-${width}x${height}.png`) });
  }
});

test('the results tabs follow the arrow keys, and the rail folds away to widen the viewer', async ({ page }) => {
  await page.goto('./');
  const clusters = page.getByRole('tab', { name: 'Clusters' });
  await clusters.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Diagnostics' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Playground' })).toHaveAttribute('aria-selected', 'true');
  const wide = (await page.getByTestId('viewer-canvas').boundingBox())?.width ?? 0;
  await page.getByRole('button', { name: 'Hide data and parameters' }).click();
  await expect(page.getByRole('complementary', { name: 'Data and parameters' })).toHaveCount(0);
  await expect.poll(async () => (await page.getByTestId('viewer-canvas').boundingBox())?.width ?? 0).toBeGreaterThan(wide + 200);
});

test('a click in the viewer selects the cluster under it; the methods tab flags the placeholder N; the null plot numbers clusters apart', async ({ page }) => {
  await page.goto('./');
  // The published studies again, with 500 iterations: enough for several significant clusters, a sixth of the default's wait.
  await expect(page.getByTestId('dataset-summary')).toContainText('65 experiments');
  await page.getByLabel('Iterations').fill('500');
  await page.getByRole('button', { name: /Published studies/ }).click();
  const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
  await expect(rows.first()).toBeVisible({ timeout: 120_000 });
  const significant = await rows.count();
  expect(significant).toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Axial', exact: true }).click();
  // A row moves the crosshair to its peak; note where that is on screen, go elsewhere, then click there.
  await rows.nth(1).click();
  await expect(rows.nth(1)).toHaveClass(/selected/);
  const id = await rows.nth(1).getAttribute('data-cluster');
  const canvas = page.getByTestId('viewer-canvas');
  // The crosshair has settled when two screenshots in a row put it in the same place.
  let previous = '';
  await expect
    .poll(async () => {
      const at = JSON.stringify(await crosshairAt(page, await canvas.screenshot()));
      const same = at === previous;
      previous = at;
      return same;
    }, { timeout: 30_000 })
    .toBe(true);
  const peak = JSON.parse(previous) as { x: number; y: number };
  await rows.nth(0).click();
  await expect(rows.nth(1)).not.toHaveClass(/selected/);
  await canvas.click({ position: peak });
  await expect(page.locator(`[data-testid="cluster-table"] tr.selected[data-cluster="${id}"]`)).toHaveCount(1);
  await expect(page.getByTestId('crosshair-readout')).toContainText(`cluster ${id}`);
  // The row of the cluster clicked in the viewer is scrolled into view.
  await expect(page.locator(`[data-testid="cluster-table"] tr.selected[data-cluster="${id}"]`)).toBeInViewport();

  await page.getByRole('tab', { name: 'Methods' }).click();
  const checklist = page.getByTestId('checklist');
  await expect(checklist.locator('[data-check="sample-size"]')).toHaveAttribute('data-status', 'flag');
  await expect(checklist.locator('[data-check="sample-size"]')).toContainText('placeholder N = 20');
  await expect(checklist.locator('[data-check="experiments"]')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('methods-report')).toContainText('Yarkoni');
  await expect(page.getByTestId('methods-report')).toContainText('Dockès');
  await expect(page.getByTestId('methods-report')).toContainText('the largest cluster in 500 Monte-Carlo datasets');

  // The null plot numbers every significant cluster without two numbers overlapping.
  await page.getByRole('tab', { name: 'Null distribution' }).click();
  const numbers = page.getByTestId('null-distribution').locator('svg g[aria-label="text"] text').filter({ hasText: /^\d+$/ });
  await expect(numbers).toHaveCount(significant);
  const boxes = await numbers.evaluateAll((texts) => texts.map((t) => t.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
  const overlaps = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]).map(() => i));
  expect(overlaps).toEqual([]);
});
