/**
 * Access to the third-party reference data in ../shared (beside the
 * project). Tests that need it are skipped, loudly, when it is absent;
 * .ci/run requires it to be present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGeometry, type Geometry } from '../../workers/core/grid.ts';
import type { Dataset } from '../../workers/input/dataset.ts';
import { parseCoordinates } from '../../workers/input/parseCoordinates.ts';
import { readNifti, type Volume } from '../../workers/input/nifti.ts';

/**
 * ../shared beside the project; looked for beside each folder above this one, because the mutation
 * tests run a copy of the project inside it (.stryker-tmp/sandbox-…/), where ../shared is one level further up.
 */
function findShared(): string {
  const fallback = fileURLToPath(new URL('../../../shared/', import.meta.url));
  for (let up = '../../../'; up.length <= '../../../../../'.length; up += '../') {
    const candidate = fileURLToPath(new URL(`${up}shared/`, import.meta.url));
    if (existsSync(`${candidate}reference`)) return candidate;
  }
  return fallback;
}

export const SHARED = findShared();
export const REFERENCE = `${SHARED}reference/`;
export const hasReference = existsSync(`${REFERENCE}pain/ale_stat.nii.gz`);
if (!hasReference) console.warn(`reference data not found at ${REFERENCE}: reference tests are skipped`);

export function referencePath(relative: string): string {
  return `${REFERENCE}${relative}`;
}

export function readReferenceNifti(relative: string): Volume {
  return readNifti(readFileSync(referencePath(relative)), relative);
}

export function painGeometry(): Geometry {
  const mask = readReferenceNifti('pain/mask.nii.gz');
  return createGeometry(mask.shape, mask.affine, mask.data);
}

export function loadDataset(relative: string): Dataset {
  const parsed = parseCoordinates(readFileSync(referencePath(relative)), relative.split('/').pop() as string);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.dataset;
}

/** Rows of a CSV file with a header, as objects of numbers (or strings where not numeric). */
export function readCsv(relative: string): Record<string, number | string>[] {
  const [head, ...rows] = readFileSync(referencePath(relative), 'utf8').trim().split(/\r?\n/);
  const names = head.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    return Object.fromEntries(names.map((n, c) => [n, cells[c] !== '' && !Number.isNaN(Number(cells[c])) ? Number(cells[c]) : cells[c]]));
  });
}

/** Rows of a tab-separated file with a header, as objects of strings. */
export function readTsv(relative: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(referencePath(relative), 'utf8').trim().split(/\r?\n/);
  const names = head.split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((cell, c) => [names[c], cell])));
}
