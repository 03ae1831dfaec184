/** The guided tour walks through the live demo results and compares them with the ground truth. */
import { expect, test } from '@playwright/test';

test('tours the demo: kernel of one experiment, the union, and the recovered ground truth', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-summary')).toContainText('24 experiments');
  await page.getByLabel('Iterations').fill('200');
  await page.getByRole('button', { name: 'Run ALE' }).click();
  await expect(page.locator('[data-testid="cluster-table"][data-final="true"] tbody tr[data-cluster]').first()).toBeVisible({ timeout: 120_000 });

  const tour = page.getByTestId('tour');
  await tour.getByRole('button', { name: '2. Kernel' }).click();
  await expect(page.getByTestId('tour-text')).toContainText(/SIMULATED early 01.*has \d+ subjects, so FWHM = \d+\.\d mm/);
  await tour.getByRole('button', { name: '3. Union' }).click();
  await expect(page.getByTestId('tour-text')).toContainText('ALE = 1 − Π(1 − MA)');
  await tour.getByRole('button', { name: '6. Ground truth' }).click();
  // The simulated network is found where it was planted: motor cortex, both putamina and the cerebellum; the
  // parietal node, reported by few experiments, is missed.
  const text = await page.getByTestId('tour-text').innerText();
  const [recovered, missed] = text.split('Missed:');
  expect(Number(/ALE recovered (\d+) of 10 nodes/.exec(recovered)?.[1])).toBeGreaterThanOrEqual(5);
  for (const node of ['left primary motor cortex', 'left putamen', 'right putamen', 'right cerebellum lobules IV–V']) expect(recovered).toMatch(new RegExp(`${node} \\(cluster \\d+\\)`));
  expect(missed).toContain('left superior parietal cortex');
});
