/** The playground, driven with the mouse: foci placed and moved in the viewer, numbers read back from the page's test API. */
import { expect, test, type Page } from '@playwright/test';
import type { PlaygroundTestApi } from '../app/state/playgroundTestApi.ts';

type Mm = [number, number, number];
const api = <T>(page: Page, call: (p: PlaygroundTestApi) => T) => page.evaluate(call, undefined as never) as Promise<T>;
const settled = (page: Page) => expect.poll(() => page.evaluate(() => (globalThis as unknown as { alePlayground: PlaygroundTestApi }).alePlayground.settled()), { timeout: 60_000 }).toBe(true);
const playground = (page: Page) => page.evaluate(() => {
  const p = (globalThis as unknown as { alePlayground: PlaygroundTestApi }).alePlayground;
  return { experiments: p.experiments(), threshold: p.threshold() };
});
const aleAt = (page: Page, mm: Mm) => page.evaluate((at) => (globalThis as unknown as { alePlayground: PlaygroundTestApi }).alePlayground.aleAt(at), mm);

test('adds three foci in two experiments by clicking, moves one, and the ALE and threshold follow', async ({ page }) => {
  void api;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?playground');
  await expect(page.getByTestId('playground')).toBeVisible();
  await page.getByLabel('Exercise').selectOption('first-cluster');
  await expect(page.getByTestId('exercise-check')).toHaveText('not yet: place some foci first');
  const canvas = page.getByTestId('viewer-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no viewer');
  // The axial slice is the left third of the multiplanar view; points inside the brain there.
  const at = (fx: number, fy: number) => ({ x: box.width * fx, y: box.height * fy });
  // The viewer may still be starting: click until the first focus lands.
  await expect.poll(async () => {
    if ((await playground(page)).experiments[0].foci.length === 0) await canvas.click({ position: at(0.2, 0.45) });
    return (await playground(page)).experiments[0].foci.length;
  }, { timeout: 60_000 }).toBe(1);
  await settled(page);
  // The first map must not move the slices under the pointer: the same fractions of the canvas stay the same places.
  expect(await canvas.boundingBox()).toEqual(box);
  const first = (await playground(page)).experiments[0].foci[0];
  const alone = await aleAt(page, first);
  expect(alone).toBeGreaterThan(0);
  const thresholdOne = (await playground(page)).threshold;

  await canvas.click({ position: at(0.26, 0.55) });
  await page.getByRole('button', { name: 'add an experiment' }).click();
  await canvas.click({ position: at(0.21, 0.47) });
  await settled(page);
  const two = await playground(page);
  expect(two.experiments.map((e) => e.foci.length)).toEqual([2, 1]);
  expect(await canvas.boundingBox()).toEqual(box);
  // A second experiment near the first focus raises the ALE there, and the null (so the threshold) changed.
  expect(await aleAt(page, first)).toBeGreaterThan(alone as number);
  expect(two.threshold).not.toBe(thresholdOne);
  await expect(page.getByTestId('playground-numbers')).toContainText(/N = 20: FWHM \d+\.\d mm/);
  // Two experiments agree near the first focus: a cluster forms, and the exercise's check passes.
  await expect(page.getByTestId('exercise-check')).toHaveText(/^✓ done: \d+ clusters? pass/);

  // Move experiment 1's first focus far away: the ALE at its old place falls.
  const before = (await aleAt(page, first)) as number;
  await page.getByRole('radio', { name: 'Experiment 1' }).check();
  await page.getByRole('button', { name: `(${first.join(', ')})` }).click();
  await page.getByRole('button', { name: 'click moves the selected focus' }).click();
  await canvas.click({ position: at(0.12, 0.3) });
  await settled(page);
  const moved = await playground(page);
  expect(moved.experiments[0].foci[0]).not.toEqual(first);
  expect(moved.experiments[0].foci).toHaveLength(2);
  expect(await aleAt(page, first)).toBeLessThan(before);
  // A smaller N widens experiment 1's kernels, which changes the null: the threshold moves and the page says why.
  await page.getByLabel('N of Experiment 1').fill('8');
  await page.getByLabel('N of Experiment 1').press('Enter');
  await settled(page);
  const narrower = await playground(page);
  expect(narrower.experiments[0].n).toBe(8);
  expect(narrower.threshold).not.toBe(moved.threshold);
  await expect(page.getByTestId('playground-numbers')).toContainText(`The threshold moved from ${(moved.threshold as number).toFixed(5)} to ${(narrower.threshold as number).toFixed(5)}`);
});

test('a press adds one focus, and dragging before the release carries it to where the pointer stops', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?playground');
  const canvas = page.getByTestId('viewer-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no viewer');
  const crosshair = () => page.evaluate(() => (globalThis as unknown as { alePlayground: PlaygroundTestApi }).alePlayground.crosshair());
  const [from, to] = [{ x: box.x + box.width * 0.2, y: box.y + box.height * 0.45 }, { x: box.x + box.width * 0.26, y: box.y + box.height * 0.56 }];
  // Where the press lands, read with a click that only looks (the viewer may still be starting).
  await page.getByRole('button', { name: 'click only looks' }).click();
  const start = await crosshair();
  await expect.poll(async () => {
    await page.mouse.click(from.x, from.y);
    return (await crosshair()).join();
  }, { timeout: 60_000 }).not.toBe(start.join());
  const pressed = (await crosshair()).map(Math.round);
  await page.getByRole('button', { name: 'click adds a focus' }).click();
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  const released = (await crosshair()).map(Math.round);
  expect(released).not.toEqual(pressed);
  const foci = (await playground(page)).experiments[0].foci;
  expect(foci).toEqual([released]);
  await settled(page);
  expect((await playground(page)).experiments[0].foci).toHaveLength(1);
});
