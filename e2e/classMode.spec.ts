/** Class mode, as a lecturer uses it on a 1280×720 projector: large type, the viewer whole, the tour on a clicker. */
import { expect, test } from '@playwright/test';

test('class mode at 1280×720: larger type, the rail folded, the viewer whole, and Page Down steps the tour', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./?class');
  await expect(page.locator('[data-testid="cluster-table"] tbody tr[data-cluster]').first()).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('#rail')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'class mode' })).toHaveAttribute('aria-pressed', 'true');
  const fontSize = await page.locator('.workspace').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(17);
  const box = await page.getByTestId('viewer-canvas').boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(720);
  expect(box?.height ?? 0).toBeGreaterThan(300);
  // The header's icon buttons (rail, theme) stay square with the glyph centred, and inside the window.
  for (const icon of await page.locator('.app-header button.icon').all()) {
    const { padding, right } = await icon.evaluate((b) => ({ padding: getComputedStyle(b).padding, right: b.getBoundingClientRect().right }));
    expect(padding).toBe('0px');
    expect(right).toBeLessThanOrEqual(1280);
  }

  const tour = page.getByTestId('tour');
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('tab', { name: 'Tour' })).toHaveAttribute('aria-selected', 'true');
  await expect(tour.getByRole('button', { name: '1. Foci' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('PageDown');
  await expect(tour.getByRole('button', { name: '2. Kernel' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('PageUp');
  await expect(tour.getByRole('button', { name: '1. Foci' })).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'class mode' }).click();
  await expect(page.locator('#rail')).toHaveCount(1);
  expect(await page.locator('.workspace').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeLessThan(fontSize);
});
