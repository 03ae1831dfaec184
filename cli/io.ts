/** Reading the command line's inputs, with messages that name the file. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createGeometry, type Geometry } from '../workers/core/index.ts';
import { DEFAULT_MASK_NAME, formatDiagnostic, MAX_INPUT_BYTES, parseInput, readMask, readNifti, SHIPPED_MASKS, type Dataset, type ShippedMaskName } from '../workers/input/index.ts';
import type { Atlas, AtlasRegion } from '../workers/diagnostics/index.ts';

/** A problem with an input file; the message names it. Exit code 1. */
export class InputError extends Error {}

const ASSETS = new URL('../public/assets/', import.meta.url).pathname;
const DEFAULT_MASK = `${ASSETS}${SHIPPED_MASKS[DEFAULT_MASK_NAME].file}`;

/** A --mask value: a shipped mask's name (mni152, colin27) or a file. */
export function maskPath(value: string | undefined): string {
  if (value === undefined) return DEFAULT_MASK;
  return value in SHIPPED_MASKS ? `${ASSETS}${SHIPPED_MASKS[value as ShippedMaskName].file}` : value;
}

/** How the summary and the methods report name a --mask value. */
export function maskDescription(value: string | undefined): string {
  if (value === undefined) return SHIPPED_MASKS[DEFAULT_MASK_NAME].label;
  return value in SHIPPED_MASKS ? SHIPPED_MASKS[value as ShippedMaskName].label : value;
}

export function readInputFile(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new InputError(`${path}: no such ${what}`);
  const stat = statSync(path);
  if (stat.isDirectory()) throw new InputError(`${path}: is a folder, expected a ${what}`);
  if (stat.size > MAX_INPUT_BYTES * 4) throw new InputError(`${path}: ${(stat.size / 1048576).toFixed(0)} MB is too large for a ${what}`);
  return readFileSync(path);
}

export function loadMask(value: string | undefined): Geometry {
  const file = maskPath(value);
  const checked = readMask(readInputFile(file, 'mask file'), file);
  if (!checked.ok) throw new InputError(checked.errors.map(formatDiagnostic).join('\n'));
  for (const w of checked.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  try {
    return createGeometry(checked.mask.shape, checked.mask.affine, checked.mask.values);
  } catch (err) {
    throw new InputError(`${file}: ${(err as Error).message}`);
  }
}

/** Parses a coordinate file (JALE's spreadsheets too), printing its warnings; throws with all its errors. */
export async function loadDataset(path: string, pool = false): Promise<Dataset> {
  const parsed = await parseInput(readInputFile(path, 'coordinate file'), basename(path), { pool });
  for (const w of parsed.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  if (!parsed.ok) throw new InputError(parsed.errors.map(formatDiagnostic).join('\n'));
  return parsed.dataset;
}

/** Progress lines on stderr: rewritten in place on a terminal, every 10 % otherwise. */
export function progressReporter(quiet: boolean) {
  const tty = process.stderr.isTTY;
  let last = { label: '', percent: -1 };
  let started = performance.now();
  return (label: string, done: number, total: number) => {
    if (quiet) return;
    if (label !== last.label) {
      last = { label, percent: -1 };
      started = performance.now();
    }
    const percent = Math.floor((100 * done) / total);
    if ((!tty && percent < last.percent + 10 && done !== total) || (percent === last.percent && done !== total)) return;
    last.percent = percent;
    const line = `${label}: ${done}/${total} (${percent}%), ${((performance.now() - started) / 1000).toFixed(1)} s`;
    process.stderr.write(tty ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
  };
}

let atlas: Atlas | null = null;

/** The AAL atlas the app ships (public/assets), for the region at each cluster's peak. */
export function loadAtlas(): Atlas {
  if (!atlas) {
    const asset = (name: string) => readFileSync(new URL(`../public/assets/${name}`, import.meta.url));
    const volume = readNifti(asset('aal_2mm.nii.gz'), 'aal_2mm.nii.gz');
    atlas = { shape: volume.shape, affine: volume.affine, labels: Uint8Array.from(volume.data), regions: JSON.parse(asset('aal_labels.json').toString('utf8')) as AtlasRegion[] };
  }
  return atlas;
}
