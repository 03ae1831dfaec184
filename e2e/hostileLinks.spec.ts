/** Share links are untrusted input: a zip bomb and impossible data are explained, never run. (How fast: a generous timeout bounds a hang; speed is benched.) */
import { deflateSync, strToU8 } from 'fflate';
import { expect, test } from '@playwright/test';
import { DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';

const view = { layout: 'multiplanar', crosshair: [0, 0, 0], zThreshold: 3, layers: { ale: false, z: true, clusters: true, aOverB: true, bOverA: true }, showFoci: false };
const link = (state: unknown) => `./#share=1.${Buffer.from(deflateSync(strToU8(JSON.stringify(state)), { level: 9 })).toString('base64url')}`;

test('explains a link that would inflate to 100 MB', async ({ page }) => {
  const bomb = link({ data: { kind: 'text', name: 'bomb', text: ' '.repeat(100_000_000) }, parameters: DEFAULT_PARAMETERS, alpha: 0.05, view });
  expect(bomb.length).toBeLessThan(300_000);
  await page.goto(bomb);
  await expect(page.getByTestId('link-error')).toContainText('expands to more than 8 MB', { timeout: 60_000 });
});

test('explains a link whose dataset has an impossible sample size, without running it', async ({ page }) => {
  const text = '// Reference=MNI\n// Smith 2020: a > b\n// Subjects=1e-15\n-38 -22 56\n';
  await page.goto(link({ data: { kind: 'text', name: 'tiny-n.txt', text }, parameters: DEFAULT_PARAMETERS, alpha: 0.05, view }));
  await expect(page.getByTestId('link-error')).toContainText('does not pass the input check', { timeout: 60_000 });
  await expect(page.getByTestId('diagnostics')).toContainText('tiny-n.txt:3: error: the number of subjects must be a whole number ≥ 1, got "1e-15"');
  await expect(page.getByTestId('progress')).toHaveCount(0);
});

test('explains a link asking for a million iterations', async ({ page }) => {
  await page.goto(link({ data: { kind: 'text', name: 'x.txt', text: '// Reference=MNI\n' }, parameters: { ...DEFAULT_PARAMETERS, iterations: 1_000_000 }, alpha: 0.05, view }));
  await expect(page.getByTestId('link-error')).toContainText('iterations must be at most 100,000', { timeout: 60_000 });
});
