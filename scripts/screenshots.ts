/**
 * npm run screenshots: the views added for JALE's methods, at 1280×720, from
 * the built app (npm run build first) in headless Chromium, into
 * docs/screenshots/. Needs ../shared/reference for the data it loads.
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = `${ROOT}../shared/reference/datasets/`;
const OUT = `${ROOT}docs/screenshots/`;

async function shoot(page: Page, name: string): Promise<void> {
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 720 };
  await page.screenshot({ path: `${OUT}${name}-${width}x${height}.png` });
  console.log(`wrote docs/screenshots/${name}-${width}x${height}.png`);
}

async function main(): Promise<void> {
  if (!existsSync(`${ROOT}dist/index.html`)) throw new Error('build the app first (npm run build)');
  if (!existsSync(DATA)) throw new Error(`the reference datasets are not at ${DATA}`);
  const server = await preview({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: 'error', preview: { port: 0, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0];
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${url}`);
    // JALE's two sheets: the analyses and what each selects.
    await page.getByTestId('file-input').setInputFiles(`${DATA}inhibition_jale_example/experiment_info.xlsx`);
    await page.getByLabel('JALE analysis sheet').setInputFiles(`${DATA}inhibition_jale_example/analysis_info.xlsx`);
    await page.getByTestId('sheet-analyses').locator('tr[data-analysis="highCondition"]').getByRole('button', { name: 'load' }).click();
    await page.getByTestId('sheet-analyses').scrollIntoViewIfNeeded();
    await shoot(page, 'jale-analysis-sheet');

    // TFCE: the table decided by TFCE, and the TFCE layer.
    await page.getByLabel('TFCE (JALE)').check();
    await page.getByLabel('Iterations').fill('500');
    await page.getByRole('button', { name: /Run ALE|Restart ALE/ }).click();
    await page.locator('[data-testid="cluster-table"][data-final="true"]').waitFor({ timeout: 300_000 });
    await page.getByLabel('Inference').selectOption('tfce');
    await page.getByRole('button', { name: 'Z', exact: true }).click();
    await page.waitForTimeout(3000);
    await shoot(page, 'tfce-inference');

    // JALE's predicted cut-offs beside the Monte Carlo's.
    await page.getByRole('tab', { name: 'Null distribution' }).click();
    await page.getByRole('button', { name: 'Compare with JALE’s predicted cut-offs' }).click();
    await page.getByTestId('predicted-cutoffs').locator('table').waitFor();
    await page.getByTestId('predicted-cutoffs').scrollIntoViewIfNeeded();
    await shoot(page, 'predicted-cutoffs');

    // Class mode on the published demo, at a projector's 1280×720 and at 1920×1080, light and dark, on the tour's network step.
    for (const [width, height] of [[1280, 720], [1920, 1080]]) {
      for (const scheme of ['light', 'dark'] as const) {
        const shown = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
        await shown.goto(`${url}?class`);
        await shown.locator('[data-testid="cluster-table"][data-final="true"]').waitFor({ timeout: 300_000 });
        await shown.locator('body').click({ position: { x: 5, y: height - 10 } });
        for (let n = 0; n < 6; n++) await shown.keyboard.press('PageDown');
        await shown.getByTestId('tour').getByRole('button', { name: 'putamen', exact: true }).click();
        await shown.waitForTimeout(3000);
        await shoot(shown, `class-mode-${scheme}`);
        await shown.close();
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`screenshots: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
