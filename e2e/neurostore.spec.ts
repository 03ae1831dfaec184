/**
 * A Neurostore studyset by id: fetched from …/api/studysets/{id}?nested=true
 * (served here from a recorded response through Playwright's routing, so no
 * network is needed), loaded through the input gate as NIMADS, and run; and
 * the three ways it fails, each named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const RECORDED = join(new URL('..', import.meta.url).pathname, '../shared/reference/datasets/nimare_repo/nimads_studyset_finger_tapping.json');
const ID = 'Cv2LLUqG76W9';

test.skip(!existsSync(RECORDED), 'reference data ../shared not present');

test('opens a recorded Neurostore studyset by its link, runs it, and names its studies by author and year', async ({ page }) => {
  const asked: string[] = [];
  await page.route('https://neurostore.org/api/**', (route) => {
    asked.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: readFileSync(RECORDED) });
  });
  await page.goto('./');
  await page.getByLabel('Iterations').fill('200');
  await page.getByLabel('Neurostore studyset (id or link)').fill(`https://neurostore.org/api/studysets/${ID}`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('neurostore-status')).toContainText(`loaded studyset ${ID}`);
  expect(asked).toEqual([`https://neurostore.org/api/studysets/${ID}?nested=true`]);
  await expect(page.getByTestId('dataset-summary')).toContainText(`Neurostore studyset ${ID}: 27 experiments`);
  await page.getByText('Experiments', { exact: true }).click();
  await expect(page.getByRole('cell', { name: /^Catalan MJ et al\., 1999: A PET study of sequential finger movements/ })).toBeVisible();
  await page.getByRole('button', { name: 'Run ALE' }).click();
  const rows = page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]');
  await expect(rows.first()).toBeVisible({ timeout: 120_000 });
  // Finger tapping: the largest clusters lie in sensorimotor cortex, SMA and cerebellum.
  const regions = (await rows.locator('td:nth-child(9)').allTextContents()).join(' ');
  expect(regions).toMatch(/Precentral|Postcentral|Supp_Motor_Area/);
});

test('says whether a studyset is missing, unreachable or not a studyset', async ({ page }) => {
  await page.route('https://neurostore.org/api/studysets/**', (route) => {
    const url = route.request().url();
    if (url.includes('/missing0001')) return route.fulfill({ status: 404, contentType: 'application/json', body: '{"message":"not found"}' });
    if (url.includes('/offline0001')) return route.abort('internetdisconnected');
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{"id":"wrongkind01","name":"an annotation"}' });
  });
  await page.goto('./');
  const field = page.getByLabel('Neurostore studyset (id or link)');
  const open = page.getByRole('button', { name: 'Open', exact: true });
  const status = page.getByTestId('neurostore-status');
  await field.fill('missing0001');
  await open.click();
  await expect(status).toContainText('Neurostore has no studyset with id missing0001 (HTTP 404)');
  await field.fill('offline0001');
  await open.click();
  await expect(status).toContainText('could not reach Neurostore for studyset offline0001');
  await field.fill('wrongkind01');
  await open.click();
  await expect(status).toContainText('studyset wrongkind01 did not pass the input gate');
  await field.fill('https://example.org/studysets/abc');
  await open.click();
  await expect(status).toContainText('example.org is not Neurostore');
});
