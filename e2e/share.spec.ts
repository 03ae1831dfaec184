/**
 * The built app from a subpath of a plain static server: the demo, share
 * links (and a tampered one), every download parsed back, and offline use.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { readNifti } from '../workers/input/nifti.ts';
import { serveStatic } from './support/staticServer.ts';

const DIST = new URL('../dist/', import.meta.url).pathname;
let site: Awaited<ReturnType<typeof serveStatic>>;

test.beforeAll(async () => {
  site = await serveStatic(DIST, '/teaching/ale/');
});
test.afterAll(async () => {
  await site.close();
});

/** The simulated demo, one click after setting the iterations: it runs as soon as it is loaded. */
async function runDemo(page: Page, iterations: number) {
  await expect(page.getByTestId('dataset-summary')).toContainText('65 experiments');
  await page.getByLabel('Iterations').fill(String(iterations));
  await page.getByRole('button', { name: /Simulated ground truth/ }).click();
  await expect(page.getByTestId('demo-banner')).toContainText('Simulated');
  await expect(page.getByTestId('dataset-summary')).toContainText('24 experiments');
  await expect(page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]').first()).toBeVisible({ timeout: 120_000 });
}

/** Until the service worker controls the page: only then do its caches see the page's requests. */
async function serviceWorkerInControl(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
}

const tableText = (page: Page) => page.locator('[data-testid="cluster-table"] tbody').innerText();

test('runs the demo from a subpath, recovers the network, and shares the analysis and view by link', async ({ page, context }) => {
  const foreign: string[] = [];
  page.on('request', (r) => !r.url().startsWith(site.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:') && foreign.push(r.url()));
  await page.goto(site.url);
  await runDemo(page, 500);

  // The simulated network is recovered: motor cortex, basal ganglia and cerebellum among the significant clusters.
  const systems = await page.locator('[data-testid="cluster-table"] tbody tr[data-cluster] td:nth-child(11)').allTextContents();
  for (const system of ['motor cortex', 'basal ganglia', 'cerebellum']) expect(systems).toContain(system);

  await page.locator('[data-testid="cluster-table"] tbody tr[data-cluster]').nth(2).click();
  await page.getByRole('button', { name: 'axial' }).click();
  await page.getByLabel('Z threshold').fill('4');
  const readout = await page.getByTestId('crosshair-readout').innerText();
  const table = await tableText(page);

  await page.getByRole('tab', { name: 'Export & share' }).click();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link.startsWith(`${site.url}#share=1.`)).toBe(true);
  await expect(page.getByTestId('share-length')).toContainText(`${link.length.toLocaleString('en')} characters`);

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]').first()).toBeVisible({ timeout: 120_000 });
  expect(await tableText(other)).toBe(table);
  await expect(other.getByTestId('crosshair-readout')).toHaveText(readout);
  await expect(other.getByRole('button', { name: 'axial' })).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByLabel('Z threshold')).toHaveValue('4');
  expect(foreign).toEqual([]);
});

test('explains a tampered share link instead of showing a blank page', async ({ page }) => {
  await page.goto(`${site.url}#share=1.eJyrVkrLz1eyUkpKLFKqBQAdegQ0`);
  await expect(page.getByTestId('link-error')).toContainText('This share link cannot be opened');
  // A change of hash alone does not reload the page; open the next link afresh.
  await page.goto(`${site.url}#share=7.abc`);
  await page.reload();
  await expect(page.getByTestId('link-error')).toContainText('link format 7');
  await expect(page.getByRole('heading', { name: 'ALE', exact: true })).toBeVisible();
});

test('downloads every file type, and each parses', async ({ page }) => {
  // 26 downloads, each read back (the PDF by PDF.js): on a loaded two-core machine this outlasted the default timeout.
  test.slow();
  await page.goto(site.url);
  await runDemo(page, 200);
  await page.getByRole('tab', { name: 'Export & share' }).click();
  const buttons = page.getByTestId('downloads').getByRole('button');
  await expect(buttons.filter({ hasText: 'ale.nii.gz' })).toBeVisible({ timeout: 60_000 });
  // Every button but the one that fills in the figure's slices downloads a file.
  const names = (await buttons.allTextContents()).filter((name) => !name.includes('peaks'));
  const demoText = readFileSync(new URL('../public/demo/early_learning.txt', import.meta.url), 'utf8');
  const demo = parseCoordinates(demoText, 'early_learning.txt');
  if (!demo.ok) throw new Error('demo does not parse');
  const strip = (d: ReturnType<typeof parseCoordinates>) => (d.ok ? d.dataset.experiments.map((e) => [e.id, e.sampleSize, e.foci.map((f) => [f.x, f.y, f.z, f.space])]) : null);
  const seen = new Set<string>();
  // Chromium drops a page's eleventh download within one second without any event (its anchor-download throttle), and
  // these clicks come faster than a person's: each click waits until the one ten before it is over a second old.
  const clicked: number[] = [];
  for (const name of names) {
    const tenBefore = clicked.at(-10);
    if (tenBefore !== undefined) await page.waitForTimeout(Math.max(0, tenBefore + 1_100 - Date.now()));
    clicked.push(Date.now());
    // A download that never starts fails here, naming its button, instead of using up the test's time.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), buttons.filter({ hasText: name }).first().click()]).catch((err: Error) => {
      throw new Error(`no download after clicking "${name}": ${err.message}`);
    });
    const file = download.suggestedFilename();
    const bytes = readFileSync(await download.path());
    seen.add(file.replace(/^.*\./, ''));
    if (file.endsWith('.nii.gz')) {
      const volume = readNifti(bytes, file);
      expect(volume.shape, file).toEqual([91, 109, 91]);
      expect(volume.data.some((v) => v !== 0), file).toBe(true);
    } else if (file.endsWith('.sleuth.txt') || file.endsWith('_nimare.json') || file.endsWith('_nimads.json') || file === 'early_learning.tsv') {
      const again = parseCoordinates(bytes.toString('utf8'), file);
      expect(strip(again), file).toEqual(strip(demo));
    } else if (file.endsWith('.tsv')) {
      const [header, ...rows] = bytes.toString('utf8').trim().split('\n');
      expect(header.split('\t')[0], file).toBe('cluster_id');
      expect(rows.length, file).toBeGreaterThan(0);
    } else if (file === 'summary.json') {
      expect(JSON.parse(bytes.toString('utf8')).n_experiments).toBe(24);
    } else if (file.endsWith('.png')) {
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(bytes.length).toBeGreaterThan(20_000);
      if (file === 'figure_mosaic.png') {
        // 174 mm at 300 dpi (the defaults): 2,055 px wide, and the pHYs chunk says 11,811 px per metre.
        expect(bytes.readUInt32BE(16)).toBe(2055);
        const phys = bytes.indexOf('pHYs', 0, 'latin1');
        expect([bytes.readUInt32BE(phys + 4), bytes.readUInt32BE(phys + 8), bytes[phys + 12]]).toEqual([11811, 11811, 1]);
      }
    } else if (file.endsWith('.svg')) {
      // A viewer opens it: Chromium decodes it as an image at its stated size, slices and text included.
      const svg = bytes.toString('utf8');
      expect(svg).toContain('<text');
      expect(svg).toContain('Activation likelihood estimation of 24 experiments');
      const size = await page.evaluate(async (text) => {
        const image = new Image();
        image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
        await image.decode();
        return [image.naturalWidth, image.naturalHeight];
      }, svg);
      expect(size[0]).toBe(900);
      expect(size[1]).toBeGreaterThan(300);
      // The slices were rendered on an 1800-pixel canvas, not at the on-screen viewer's size: the embedded PNG holds
      // about two pixels per shown pixel across the figure's 868.
      const embedded = Buffer.from(/href="data:image\/png;base64,([^"]+)"/.exec(svg)?.[1] ?? '', 'base64');
      expect(embedded.readUInt32BE(16)).toBeGreaterThan(1500);
    } else if (file.endsWith('.pdf')) {
      // PDF.js (Firefox's reader) opens it: one page, the slices as one image, the title and caption as text.
      const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
      expect(pdf.numPages).toBe(1);
      const pdfPage = await pdf.getPage(1);
      const text = (await pdfPage.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
      expect(text).toContain('Activation likelihood estimation of 24 experiments');
      expect(text).toContain('ALE meta-analysis:');
      const ops = await pdfPage.getOperatorList();
      expect(ops.fnArray.filter((fn) => fn === OPS.paintImageXObject)).toHaveLength(1);
      expect(pdfPage.view[2]).toBeGreaterThanOrEqual(600 * 0.75);
    } else if (file.startsWith('clusters_table.')) {
      const text = bytes.toString('utf8');
      if (file.endsWith('.csv')) expect(text.split('\r\n')[0]).toBe('Cluster,Volume (mm³),x,y,z,Peak ALE,Peak Z,p (FWE),Region at peak,Contributing experiments');
      else expect(text.replace(/&lt;/g, '<'), file).toContain('significant at cluster-size FWE p < 0.05, 200 Monte-Carlo iterations');
      expect(text, file).toMatch(/SIMULATED early \d+.* \(\d+ %\)/);
    } else if (file.startsWith('methods.')) {
      expect(bytes.toString('utf8'), file).toContain('24 experiments reporting');
    } else {
      throw new Error(`unexpected download ${file}`);
    }
  }
  for (const ext of ['gz', 'tsv', 'json', 'txt', 'png', 'md', 'html', 'csv', 'svg', 'pdf']) expect(seen.has(ext), ext).toBe(true);
});

test('prints a file name in other scripts in the PDF figure as written, with fonts fetched from the subpath and kept for offline use', async ({ page, context }) => {
  const fonts: string[] = [];
  page.on('request', (r) => r.url().includes('/fonts/') && fonts.push(r.url().replace(site.url, '')));
  await page.goto(site.url);
  await expect(page.getByTestId('dataset-summary')).toContainText('65 experiments');
  await serviceWorkerInControl(page);
  await page.getByTestId('file-input').setInputFiles({ name: 'Łódź 運動.txt', mimeType: 'text/plain', buffer: readFileSync(new URL('../public/demo/early_learning.txt', import.meta.url)) });
  await expect(page.getByTestId('dataset-summary')).toContainText('24 experiments');
  await page.getByLabel('Iterations').fill('20');
  await page.getByRole('button', { name: /Run ALE|Restart ALE/ }).click();
  await expect(page.getByRole('group', { name: 'Run' })).toContainText('✓ done', { timeout: 120_000 });
  await page.getByRole('tab', { name: 'Export & share' }).click();
  const pdfText = async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'publication mosaic (PDF)' }).click()]);
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(await download.path())), verbosity: 0 }).promise;
    return (await (await pdf.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
  };
  expect(await pdfText()).toContain('ALE meta-analysis: Łódź 運動.txt');
  // The bold title needs DejaVu's bold face and Droid; the regular text names the file too.
  expect(fonts.sort()).toEqual(expect.arrayContaining(['fonts/DejaVuSans-Bold.ttf', 'fonts/DroidSansFallbackFull.ttf']));
  // Offline, the same figure comes from the fonts the service worker kept.
  await context.setOffline(true);
  expect(await pdfText()).toContain('ALE meta-analysis: Łódź 運動.txt');
  await context.setOffline(false);
});

test('reloads and runs offline after one visit', async ({ page, context }) => {
  await page.goto(site.url);
  await expect(page.getByTestId('dataset-summary')).toContainText('65 experiments');
  await serviceWorkerInControl(page);
  await context.setOffline(true);
  await page.reload();
  await runDemo(page, 200);
  await context.setOffline(false);
});
