/**
 * JALE's experiment spreadsheet (`experiment_info`, .xlsx or .csv): one focus
 * per row, the first six columns Articles, Subjects, x, y, z, CoordinateSpace
 * (whatever their headers say), then any number of tag columns. Either every
 * row is filled, and the rows of one article with the same tags are one
 * experiment (or all rows of one article, when experiments are pooled), or
 * only each experiment's first row carries the article, subjects, space and
 * tags, and the rows below it without an article belong to it. Tags are
 * compared in lower case without surrounding spaces, as JALE compares them.
 * Every message names the sheet, the row and the column.
 */
import { unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import type { Space } from '../core/coordinates.ts';
import type { Experiment, ParseResult } from './dataset.ts';
import { DiagnosticLog, ensureUniqueIds, MAX_COORDINATE_MM, parseCoordinate, parseSampleSize, quote, short } from './diagnostics.ts';

export type Cell = string | number | boolean | Date | null;

/** An .xlsx file is a zip archive: it starts with "PK\x03\x04". */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Most bytes a workbook may unzip to: a sheet of 100,000 foci is a few MB, and a small file must not expand to gigabytes. */
const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;

/** The first sheet's rows, or null with the reason logged. */
export async function readXlsxRows(bytes: Uint8Array, log: DiagnosticLog): Promise<Cell[][] | null> {
  // The archive's directory says how large each part unzips to; nothing is inflated to find out.
  let unzipped = 0;
  try {
    unzipSync(bytes, { filter: (file) => ((unzipped += file.originalSize), false) });
  } catch (err) {
    log.error(`not a readable .xlsx workbook (${(err as Error).message})`);
    return null;
  }
  if (unzipped > MAX_UNZIPPED_BYTES) {
    log.error(`the workbook unzips to ${(unzipped / 1048576).toFixed(0)} MB; workbooks that unzip to more than ${MAX_UNZIPPED_BYTES / 1048576} MB are refused`);
    return null;
  }
  try {
    const copy = bytes.slice().buffer;
    return (await readSheet(copy)) as Cell[][];
  } catch (err) {
    log.error(`not a readable .xlsx workbook (${(err as Error).message})`);
    return null;
  }
}

/** Whether a table's header is JALE's experiment_info (its first column is "Article" or "Articles"). */
export function isJaleHeader(header: readonly Cell[]): boolean {
  return /^articles?$/i.test(String(header[0] ?? '').trim());
}

const COLUMNS = ['Articles', 'Subjects', 'x', 'y', 'z', 'CoordinateSpace'];
const isBlank = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');

interface Row {
  number: number;
  cells: Cell[];
}

export interface JaleOptions {
  /** JALE's pool_experiments: one experiment per article, whatever the tags. */
  pool?: boolean;
}

export function parseJaleExperimentInfo(rows: readonly Cell[][], source: string, options: JaleOptions = {}, log = new DiagnosticLog(source)): ParseResult {
  const failed = () => ({ ok: false as const, errors: log.allErrors(), warnings: log.warnings });
  if (rows.length < 2) {
    log.error('an experiment sheet needs a header row and at least one row of coordinates');
    return failed();
  }
  // Messages name only the first six columns (A to F): a tag column cannot be wrong.
  const where = (row: number, column?: number) => `row ${row}${column === undefined ? '' : `, column ${String.fromCharCode(65 + column)} (${COLUMNS[column]})`}`;
  const body: Row[] = [];
  rows.slice(1).forEach((cells, r) => {
    const filled = cells.filter((c) => !isBlank(c)).length;
    if (filled === 0) return;
    // JALE stops at rows with one or two entries: a half-typed row is a mistake, not a focus.
    if (filled <= 2) log.error(`${where(r + 2)}: only ${filled} of the cells are filled; a focus needs x, y and z (and the first row of an experiment its article, subjects and space)`, r + 2);
    else body.push({ number: r + 2, cells });
  });
  if (log.hasErrors) return failed();
  const everyRowFilled = body.every((row) => !isBlank(row.cells[0]));

  interface Block {
    article: string;
    subjects: number | null;
    space: Space;
    tags: string[];
    first: number;
    foci: { x: number; y: number; z: number; row: number }[];
  }
  const blocks = new Map<string, Block>();
  let current: Block | null = null;
  for (const row of body) {
    const { cells, number } = row;
    const xyz = [2, 3, 4].map((c) => {
      // Text cells pass the same rules as every other format's coordinates (no hex, no words, no decimal commas).
      const v = typeof cells[c] === 'string' ? parseCoordinate(cells[c] as string) : cells[c];
      if (typeof v === 'string') {
        log.error(`${where(number, c)}: ${v}`, number);
        return null;
      }
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        log.error(`${where(number, c)}: ${quote(String(cells[c] ?? ''))} is not a number`, number);
        return null;
      }
      if (Math.abs(v) > MAX_COORDINATE_MM) {
        log.error(`${where(number, c)}: ${v} is outside ±${MAX_COORDINATE_MM.toLocaleString('en')} mm: not a brain coordinate`, number);
        return null;
      }
      return v;
    });
    if (!isBlank(cells[0])) {
      const article = String(cells[0]).trim();
      const tags = cells.slice(6).filter((c) => !isBlank(c)).map((c) => String(c).trim().toLowerCase());
      const key = options.pool ? article : everyRowFilled ? `${article}\u0000${tags.join('\u0000')}` : `${number}`;
      current = blocks.get(key) ?? null;
      if (!current) {
        const subjects = parseSampleSize(String(cells[1] ?? ''));
        if (typeof subjects === 'string') log.error(`${where(number, 1)}: ${subjects}`, number);
        const spaceText = String(cells[5] ?? '').trim().toUpperCase();
        const space: Space | null = spaceText === 'MNI' ? 'MNI' : spaceText === 'TAL' || spaceText === 'TALAIRACH' ? 'TAL' : null;
        if (!space) log.error(`${where(number, 5)}: unknown coordinate space ${quote(String(cells[5] ?? ''))}; expected MNI or TAL`, number);
        current = { article, subjects: typeof subjects === 'number' ? subjects : null, space: space ?? 'MNI', tags, first: number, foci: [] };
        blocks.set(key, current);
      } else if (options.pool) {
        for (const tag of tags) if (!current.tags.includes(tag)) current.tags.push(tag);
      }
    } else if (!current) {
      log.error(`${where(number, 0)}: coordinates before the first article`, number);
      continue;
    }
    if (xyz.every((v) => v !== null)) current?.foci.push({ x: xyz[0] as number, y: xyz[1] as number, z: xyz[2] as number, row: number });
  }
  if (blocks.size === 0 && !log.hasErrors) log.error('no experiments found');
  if (log.hasErrors) return failed();
  const perArticle = new Map<string, number>();
  for (const b of blocks.values()) perArticle.set(b.article, (perArticle.get(b.article) ?? 0) + 1);
  const experiments: Experiment[] = [...blocks.values()].map((b) => {
    // An article with several experiments names each by its tags.
    const contrast = (perArticle.get(b.article) ?? 0) > 1 ? b.tags.join(', ') : '';
    return {
      id: contrast === '' ? b.article : `${b.article}-${contrast}`,
      study: b.article,
      contrast,
      sampleSize: b.subjects,
      foci: b.foci.map((f) => ({ x: f.x, y: f.y, z: f.z, space: b.space, line: f.row })),
      where: `row ${b.first}`,
      tags: b.tags,
      attributes: b.tags.length > 0 ? { tags: short(b.tags.join(', ')) } : undefined,
    };
  });
  ensureUniqueIds(experiments, log);
  return { ok: true, dataset: { source, format: 'jale', experiments }, warnings: log.warnings };
}
