/** Every way in: ?data=URL (and a broken one), paste, and drag and drop. */
import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const SLEUTH = '// Reference=MNI\n// Smith 2020: sequence > rest\n// Subjects=16\n-38 -22 56\n24 4 2\n\n// Jones 2021: early > late\n// Subjects=20\n-36 -20 54\n';

test('loads ?data=URL in the browser and names a broken URL', async ({ page }) => {
  await page.route('https://data.example.org/**', (route) =>
    route.request().url().endsWith('/motor.txt') ? route.fulfill({ status: 200, contentType: 'text/plain', body: SLEUTH }) : route.fulfill({ status: 404, body: 'not found' }),
  );
  await page.goto('./?data=https://data.example.org/motor.txt');
  await expect(page.getByTestId('dataset-summary')).toContainText('2 experiments, 3 foci, 36 subjects');
  await page.goto('./?data=https://data.example.org/missing.txt');
  await expect(page.getByTestId('diagnostics')).toContainText('https://data.example.org/missing.txt: error: could not fetch the data: HTTP 404');
});

test('stops a ?data= download past 64 MB and says why', async ({ page }) => {
  await page.route('https://data.example.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: Buffer.alloc(70 * 1024 * 1024, 32) }));
  await page.goto('./?data=https://data.example.org/huge.txt');
  await expect(page.getByTestId('diagnostics')).toContainText('https://data.example.org/huge.txt: error: could not fetch the data: the file is larger than 64 MB', { timeout: 20_000 });
});

test('loads pasted text', async ({ page }) => {
  await page.goto('./');
  await page.getByText('Paste coordinates').click();
  await page.getByLabel('Pasted coordinates').fill(SLEUTH);
  await page.getByRole('button', { name: 'Load pasted text' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('pasted text: 2 experiments, 3 foci');
  // Two experiments are far too few for ALE: the gate says so before any run.
  await page.getByLabel('Iterations').fill('0');
  await page.getByRole('button', { name: 'Run ALE' }).click();
  await page.getByRole('tab', { name: 'Clusters' }).click();
  await expect(page.getByTestId('run-diagnostics')).toContainText('only 2 experiments');
});

test('highlights the page while a file is dragged over it, and loads the file dropped', async ({ page }) => {
  await page.goto('./');
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
    (window as unknown as { dragged: DataTransfer }).dragged = transfer;
    document.querySelector('.workspace')?.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, SLEUTH);
  await expect(page.locator('.workspace')).toHaveAttribute('data-drop', 'on');
  await page.evaluate(() => {
    const transfer = (window as unknown as { dragged: DataTransfer }).dragged;
    document.querySelector('.workspace')?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await expect(page.locator('.workspace')).not.toHaveAttribute('data-drop', 'on');
  await expect(page.getByTestId('dataset-summary')).toContainText('dropped.txt: 2 experiments, 3 foci');
});

const JALE = new URL('../../shared/reference/datasets/inhibition_jale_example/experiment_info.xlsx', import.meta.url).pathname;

test('reads JALE’s experiment sheet (.xlsx) in the input worker', async ({ page }) => {
  test.skip(!existsSync(JALE), 'reference data ../shared not present');
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(JALE);
  await expect(page.getByTestId('dataset-summary')).toContainText('experiment_info.xlsx: 57 experiments, 1,152 foci, 1,298 subjects');
});

test('lists the analyses of JALE’s analysis sheet and loads one, a contrast’s group B into the Contrast tab', async ({ page }) => {
  test.skip(!existsSync(JALE), 'reference data ../shared not present');
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(JALE);
  await expect(page.getByTestId('dataset-summary')).toContainText('57 experiments');
  await page.getByLabel('JALE analysis sheet').setInputFiles(JALE.replace('experiment_info', 'analysis_info'));
  const list = page.getByTestId('sheet-analyses');
  await expect(list.locator('tr[data-analysis="highCondition"]')).toContainText('25');
  await expect(list.locator('tr[data-analysis="lowCondition vs highCondition"]').first()).toContainText('32 vs 25');
  // A probabilistic row loads its experiments, to run in the JALE tab with the sheet's N.
  await expect(list.locator('tr[data-analysis="ResponseInhibition_CV"]').getByRole('button', { name: 'load' })).toHaveAttribute('title', 'loads its experiments: Run ALE, then run the probabilistic ALE with N = 25 in the JALE tab');
  await list.locator('tr[data-analysis="highCondition"]').getByRole('button', { name: 'load' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('experiment_info.xlsx: highCondition: 25 experiments');
  await list.locator('tr[data-analysis="lowCondition vs highCondition"]').first().getByRole('button').click();
  await expect(page.getByTestId('dataset-summary')).toContainText('lowCondition: 32 experiments');
  await page.getByRole('tab', { name: 'Contrast' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('highCondition');
});

test('keeps the loaded analysis when a bad file comes, and shows why at the top, at 1280×720', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles({ name: 'good.txt', mimeType: 'text/plain', buffer: Buffer.from(SLEUTH) });
  await expect(page.getByTestId('dataset-summary')).toContainText('good.txt: 2 experiments');
  await page.getByTestId('file-input').setInputFiles({ name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from('// Reference=MNI\n// A: b\n// Subjects=12\n10 20\n') });
  const reasons = page.getByRole('alert').filter({ hasText: 'broken.txt:4: error' });
  await expect(reasons).toContainText('broken.txt: warning: not loaded; good.txt and its results stay as they were');
  await expect(reasons).toBeInViewport();
  await expect(page.getByTestId('dataset-summary')).toContainText('good.txt: 2 experiments');
});

test('keeps the default parameters valid for the browser, and its arrows step from round numbers', async ({ page }) => {
  await page.goto('./');
  const p = page.getByLabel('Cluster-forming p');
  const alpha = page.getByLabel('FWE α');
  for (const field of [p, alpha]) expect(await field.evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(true);
  await p.focus();
  await page.keyboard.press('ArrowUp');
  await expect(p).toHaveValue('0.0011');
  await alpha.focus();
  await page.keyboard.press('ArrowDown');
  await expect(alpha).toHaveValue('0.04');
});
