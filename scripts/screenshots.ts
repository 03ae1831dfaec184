/**
 * npm run screenshots [-- --only=jale,clustering,class,playground,figure]: the views
 * added for JALE's methods (1280×720), class mode, the playground and the
 * publication figure (1280×720 and 1920×1080, light and dark; its PDF drawn by PDF.js), from the built
 * app (npm run build first) in headless Chromium, into docs/screenshots/.
 * Needs ../shared/reference for the data it loads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = `${ROOT}../shared/reference/datasets/`;
const OUT = `${ROOT}docs/screenshots/`;
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (part: string) => !only || only.includes(part);
const SIZES = [
  [1280, 720],
  [1920, 1080],
] as const;

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
    if (wanted('jale')) {
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
    }

    if (wanted('clustering')) {
      // Clustering of experiments: the scores of every k against the null, the correlation figure, the groups.
      await page.goto(`${url}`);
      await page.getByTestId('file-input').setInputFiles(`${DATA}inhibition_jale_example/inhibition_all_MNI.sleuth.txt`);
      await page.getByLabel('Iterations').fill('100');
      await page.getByRole('button', { name: /Run ALE|Restart ALE/ }).click();
      await page.locator('[data-testid="cluster-table"][data-final="true"]').waitFor({ timeout: 300_000 });
      await page.getByRole('tab', { name: 'JALE' }).click();
      // Probabilistic ALE: every subset of 56 of the 57 experiments, the fraction map in the viewer.
      const probabilistic = page.getByTestId('probabilistic');
      await probabilistic.getByLabel('Subset size N').fill('56');
      await probabilistic.getByRole('button', { name: 'Run probabilistic ALE' }).click();
      await page.getByTestId('probabilistic-summary').waitFor({ timeout: 600_000 });
      await probabilistic.getByRole('button', { name: 'show the fraction map in the viewer' }).click();
      await page.getByRole('button', { name: 'Z', exact: true }).click();
      await page.waitForTimeout(2000);
      await shoot(page, 'probabilistic-ale');
      const panel = page.getByTestId('clustering');
      await panel.getByLabel('Largest number of groups').fill('6');
      await panel.getByLabel('Null iterations').fill('100');
      await panel.getByRole('button', { name: 'Cluster the experiments' }).click();
      await page.getByTestId('clustering-scores').waitFor({ timeout: 600_000 });
      await page.getByTestId('clustering-scores').scrollIntoViewIfNeeded();
      await shoot(page, 'clustering-of-experiments');
      await page.getByTestId('clustering-figure').scrollIntoViewIfNeeded();
      await shoot(page, 'clustering-figure');
      await page.getByTestId('clustering-dendrogram').scrollIntoViewIfNeeded();
      await shoot(page, 'clustering-dendrogram');
    }

    // Class mode on the published demo, at a projector's 1280×720 and at 1920×1080, light and dark, on the tour's network step.
    for (const [width, height] of wanted('class') ? SIZES : []) {
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

    // The playground with two experiments, and the exercise checked.
    for (const [width, height] of wanted('playground') ? SIZES : []) {
      for (const scheme of ['light', 'dark'] as const) {
        const shown = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
        await shown.goto(`${url}?playground`);
        await shown.getByLabel('Exercise').selectOption('first-cluster');
        const canvas = shown.getByTestId('viewer-canvas');
        const box = await canvas.boundingBox();
        if (!box) throw new Error('no viewer');
        const at = (fx: number, fy: number) => ({ position: { x: box.width * fx, y: box.height * fy } });
        const foci = () => shown.evaluate(() => (globalThis as unknown as { alePlayground: { experiments(): { foci: unknown[] }[] } }).alePlayground.experiments()[0].foci.length);
        while ((await foci()) === 0) await canvas.click(at(0.2, 0.45));
        await canvas.click(at(0.24, 0.52));
        await shown.getByRole('button', { name: 'add an experiment' }).click();
        await canvas.click(at(0.21, 0.47));
        await shown.getByTestId('exercise-check').filter({ hasText: 'done' }).waitFor({ timeout: 60_000 });
        await shown.waitForTimeout(2000);
        await shoot(shown, `playground-${scheme}`);
        await shown.close();
      }
    }

    // The publication mosaic, downloaded as SVG from a finished demo run and shown as an image.
    for (const [width, height] of wanted('figure') ? SIZES : []) {
      for (const scheme of ['light', 'dark'] as const) {
        const shown = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
        await shown.goto(`${url}`);
        await shown.locator('[data-testid="cluster-table"][data-final="true"]').waitFor({ timeout: 300_000 });
        await shown.getByRole('tab', { name: 'Export & share' }).click();
        const [download] = await Promise.all([shown.waitForEvent('download'), shown.getByRole('button', { name: 'publication mosaic (SVG)' }).click()]);
        const svg = readFileSync(await download.path(), 'utf8');
        await shown.setContent(`<body style="margin:0;background:${scheme === 'dark' ? '#1b1f27' : '#fff'}"><img style="max-width:100%;max-height:100vh;display:block;margin:auto" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body>`);
        await shown.locator('img').evaluate((img: HTMLImageElement) => img.decode());
        await shoot(shown, `publication-figure-svg-${scheme}`);
        await shown.close();
      }
      // The same mosaic as PDF, drawn by PDF.js (Firefox's reader) on a canvas.
      const shown = await browser.newPage({ viewport: { width, height } });
      await shown.goto(`${url}`);
      await shown.locator('[data-testid="cluster-table"][data-final="true"]').waitFor({ timeout: 300_000 });
      await shown.getByRole('tab', { name: 'Export & share' }).click();
      const [download] = await Promise.all([shown.waitForEvent('download'), shown.getByRole('button', { name: 'publication mosaic (PDF)' }).click()]);
      const pdf = readFileSync(await download.path()).toString('base64');
      await shown.route('**/pdfjs/*', (route) => route.fulfill({ contentType: 'text/javascript', body: readFileSync(`${ROOT}node_modules/pdfjs-dist/build/${new URL(route.request().url()).pathname.split('/').pop()}`) }));
      await shown.setContent('<body style="margin:0;background:#888"><canvas style="display:block;margin:auto;max-width:100%;max-height:100vh"></canvas></body>');
      await shown.evaluate(
        async ({ data, base }) => {
          const pdfjs = await import(`${base}pdfjs/pdf.min.mjs`);
          pdfjs.GlobalWorkerOptions.workerSrc = `${base}pdfjs/pdf.worker.min.mjs`;
          const page = await (await pdfjs.getDocument({ data: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) }).promise).getPage(1);
          const viewport = page.getViewport({ scale: 2 });
          const canvas = document.querySelector('canvas') as HTMLCanvasElement;
          [canvas.width, canvas.height] = [viewport.width, viewport.height];
          await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
        },
        { data: pdf, base: url as string },
      );
      await shoot(shown, 'publication-figure-pdf');
      await shown.close();
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
