/**
 * Offline caching that follows new builds: Workbox precaches every file with
 * a content revision, so when a new build changes a file with a fixed name
 * (the demo, a mask), the next visits get the new file, not a stale copy.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serveStatic } from './support/staticServer.ts';

const DIST = new URL('../dist/', import.meta.url).pathname;

test('a new build replaces the cached copy of a file whose name did not change', async ({ page }) => {
  const root = `${mkdtempSync(join(tmpdir(), 'ale-sw-'))}/`;
  cpSync(DIST, root, { recursive: true });
  const site = await serveStatic(root, '/app/');
  try {
    await page.goto(site.url);
    await expect(page.getByTestId('dataset-summary')).toContainText('65 experiments');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    });

    // "Rebuild": the demo loses its last experiment, and sw.js carries the file's new revision, as Workbox writes it.
    const demoPath = join(root, 'demo/motor_sequence_learning/motor_sequence_learning_MNI.sleuth.txt');
    const before = readFileSync(demoPath, 'utf8');
    const after = `${before.trimEnd().split(/\n\s*\n/).slice(0, -1).join('\n\n')}\n`;
    writeFileSync(demoPath, after);
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const sw = readFileSync(join(root, 'sw.js'), 'utf8');
    expect(sw).toContain(md5(before));
    writeFileSync(join(root, 'sw.js'), sw.replace(md5(before), md5(after)));

    // Browsers look for a new sw.js on navigation; ask too, and wait until the new worker is the active one.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          await registration?.update();
          return registration && !registration.installing && !registration.waiting ? registration.active?.scriptURL : null;
        }),
      )
      .toBeTruthy();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('dataset-summary')).toContainText('64 experiments', { timeout: 15_000 });
    }).toPass({ timeout: 90_000 });
  } finally {
    await site.close();
  }
});
