/**
 * What the viewer draws, read from its pixels at a projector's 1280×720:
 * significant clusters outlined in the table's swatch colours, the AAL
 * outlines drawn when asked for, and the legend of the scales shown.
 */
import { expect, test } from '@playwright/test';
import { changedPixels, crosshairLines, pixelsOfColour } from './support/pixels.ts';

test.use({ viewport: { width: 1280, height: 720 } });

test('cluster outlines are drawn in the table\'s swatch colours, and AAL outlines appear when switched on', async ({ page }, testInfo) => {
  // The simulated demo's clusters are significant after 200 iterations: the outlines need no full-length run.
  await page.goto('./');
  await expect(page.getByTestId('dataset-summary')).toContainText('65 experiments');
  await page.getByLabel('Iterations').fill('200');
  await page.getByRole('button', { name: /Simulated ground truth/ }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('24 experiments');
  const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
  await expect(rows.first()).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Axial', exact: true }).click();
  // The Z map off, so only the outlines colour the slice; the crosshair to cluster 1's peak.
  // The Z map's scale is labelled beside the slices, from the threshold up.
  await expect(page.getByTestId('viewer-legend')).toContainText(/Z 3\.09 – \d\.\d\d/);
  await page.getByRole('button', { name: 'Z', exact: true }).click();
  await expect(page.getByTestId('viewer-legend')).toHaveText('');
  await rows.first().click();
  const swatch = await rows.first().locator('.swatch').evaluate((e) => getComputedStyle(e).backgroundColor);
  const rgb = swatch.match(/\d+/g)!.slice(0, 3).map(Number) as [number, number, number];
  const canvas = page.getByTestId('viewer-canvas');
  await expect.poll(async () => pixelsOfColour(page, await canvas.screenshot(), rgb), { timeout: 60_000 }).toBeGreaterThan(150);
  await page.screenshot({ path: testInfo.outputPath('cluster-outlines.png') });

  await page.getByRole('button', { name: 'cluster outlines' }).click();
  await expect.poll(async () => pixelsOfColour(page, await canvas.screenshot(), rgb), { timeout: 60_000 }).toBeLessThan(20);

  // AAL's first regions, in the viewer's golden-angle hues, outline the slice.
  const before = await canvas.screenshot();
  await page.getByRole('button', { name: 'AAL outlines' }).click();
  await expect.poll(async () => changedPixels(page, before, await canvas.screenshot()), { timeout: 60_000 }).toBeGreaterThan(3000);
  await page.screenshot({ path: testInfo.outputPath('aal-outlines.png') });
});

test('keeps both crosshair lines on screen after clicks in one small slice (0.5 mm is under a pixel there)', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('[data-testid="cluster-table"] tbody tr[data-cluster]').first()).toBeVisible({ timeout: 120_000 });
  const canvas = page.getByTestId('viewer-canvas');
  for (const layout of ['Axial', 'Sagittal']) {
    await page.getByRole('button', { name: layout, exact: true }).click();
    const box = (await canvas.boundingBox())!;
    // Points across the slice at 1280×720, where the vertical line used to vanish.
    for (let n = 0; n < 4; n++) {
      const readout = await page.getByTestId('crosshair-readout').textContent();
      await page.mouse.click(box.x + box.width * (0.4 + 0.03 * n), box.y + box.height * (0.35 + 0.04 * n));
      await expect(page.getByTestId('crosshair-readout')).not.toHaveText(readout ?? '');
      await expect
        .poll(async () => {
          const { row, column } = await crosshairLines(page, await canvas.screenshot());
          return Math.min(row, column);
        }, { timeout: 30_000, message: `${layout}, click ${n + 1}` })
        .toBeGreaterThan(40);
    }
  }
});

test('the splitter gives the slices more height, by keyboard and by mouse, and Home restores the layout', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('[data-testid="cluster-table"] tbody tr[data-cluster]').first()).toBeVisible({ timeout: 120_000 });
  const canvas = page.getByTestId('viewer-canvas');
  const height = async () => (await canvas.boundingBox())?.height ?? 0;
  const start = await height();
  const splitter = page.getByTestId('viewer-splitter');
  await splitter.focus();
  for (let n = 0; n < 3; n++) await page.keyboard.press('ArrowDown');
  await expect.poll(height).toBeGreaterThan(start + 80);
  await expect(splitter).toHaveAttribute('aria-valuenow', /^\d+$/);
  await page.keyboard.press('Home');
  await expect.poll(height).toBe(start);
  // Dragged to 60 px above the window's bottom: the share stops at 85 % of the column.
  const bar = (await splitter.boundingBox())!;
  await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x + bar.width / 2, 660, { steps: 5 });
  await page.mouse.up();
  await expect(splitter).toHaveAttribute('aria-valuenow', '85');
  await expect.poll(height).toBeGreaterThan(start + 150);
  await expect(page.getByRole('tab', { name: 'Clusters' })).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('splitter.png') });
});
