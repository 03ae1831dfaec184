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

for (const [width, height] of [
  [1280, 720],
  [1440, 900],
  [1920, 1080],
]) {
  test(`at ${width}×${height} the viewer stays in view while the table scrolls, and every control is reachable`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height });
    await page.goto('./');
    const rows = page.locator('[data-testid="cluster-table"] tbody tr[data-cluster]');
    await expect(rows.nth(10)).toBeVisible({ timeout: 30_000 });
    // The page itself never scrolls; its parts do.
    expect(await page.evaluate(() => [document.documentElement.scrollWidth <= innerWidth, document.documentElement.scrollHeight <= innerHeight])).toEqual([true, true]);
    const canvas = page.getByTestId('viewer-canvas');
    const before = await canvas.boundingBox();
    expect(before && before.y >= 0 && before.y + before.height <= height && before.height >= 200).toBe(true);
    await rows.nth(25).scrollIntoViewIfNeeded();
    await expect(rows.nth(25)).toBeInViewport();
    expect(await canvas.boundingBox()).toEqual(before);
    // Header, tabs and the rail's last control are on screen or scroll into it.
    for (const control of [page.getByRole('button', { name: /Run ALE|Restart ALE/ }), page.getByRole('tab', { name: 'Export & share' }), page.getByLabel('Seed'), page.getByLabel('Talairach → MNI')]) {
      await control.scrollIntoViewIfNeeded();
      await expect(control).toBeInViewport();
    }
    await page.screenshot({ path: testInfo.outputPath(`workspace-${width}x${height}.png`) });
  });
}

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

test('a click in the viewer selects the cluster under it; the methods tab flags the placeholder N', async ({ page }) => {
  await page.goto('./');
  const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
  await expect(rows.first()).toBeVisible({ timeout: 120_000 });
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
});
