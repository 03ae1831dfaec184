/**
 * One focus per row, comma- or tab-separated, with a header naming the
 * columns. Papaparse handles quoting, delimiters and line endings.
 */
import Papa from 'papaparse';
import type { Space } from '../core/coordinates.ts';
import type { Experiment, ParseResult } from './dataset.ts';
import { parseSpaceName } from './dataset.ts';
import { DiagnosticLog, ensureUniqueIds, LINE_BREAK, lineFinder, parseCoordinate, parseSampleSize, quote } from './diagnostics.ts';

const COLUMN_NAMES = {
  experiment: ['experiment', 'experiment_id', 'study', 'study_id', 'id', 'contrast', 'name'],
  x: ['x'],
  y: ['y'],
  z: ['z'],
  sampleSize: ['n', 'sample_size', 'samplesize', 'subjects', 'n_subjects', 'sample size'],
  space: ['space', 'reference'],
} as const;

type Column = keyof typeof COLUMN_NAMES;

export function parseTable(text: string, source: string, log = new DiagnosticLog(source)): ParseResult {
  const { rows, lines: lineOf } = readRows(text.replace(/^\uFEFF/, ''));
  if (rows.length < 2) {
    log.error('a coordinate table needs a header row and at least one row of coordinates');
    return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  }
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  for (const column of Object.keys(COLUMN_NAMES) as Column[]) {
    index[column] = header.findIndex((h) => (COLUMN_NAMES[column] as readonly string[]).includes(h));
  }
  const missing = (['experiment', 'x', 'y', 'z'] as Column[]).filter((c) => index[c] < 0);
  if (missing.length > 0) {
    log.error(`header lacks the column(s) ${missing.join(', ')}; found: ${quote(rows[0].join(', '))}`, 1);
    return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  }
  if (index.space < 0) log.warn('no "space" column: coordinates are taken as MNI', 1);
  if (index.sampleSize < 0) log.warn('no sample-size column ("n", "sample_size" or "subjects")', 1);

  // Other columns (a group, a task label…) are kept per experiment, e.g. to split a dataset for a contrast.
  const known = new Set(Object.values(index));
  const extraColumns = header.map((_, c) => c).filter((c) => !known.has(c) && header[c] !== '');
  const byId = new Map<string, Experiment>();
  rows.slice(1).forEach((row, r) => {
    const line = lineOf[r + 1];
    if (row.length !== header.length) {
      log.error(`expected ${header.length} fields but found ${row.length}`, line);
      return;
    }
    const id = row[index.experiment].trim();
    if (id === '') {
      log.error('empty experiment name', line);
      return;
    }
    const xyz = [row[index.x], row[index.y], row[index.z]].map(parseCoordinate);
    const bad = xyz.find((v) => typeof v === 'string');
    if (bad !== undefined) {
      log.error(String(bad), line);
      return;
    }
    let space: Space = 'MNI';
    if (index.space >= 0) {
      const s = parseSpaceName(row[index.space]);
      if (!s) {
        log.error(`unknown space ${quote(row[index.space])}; expected MNI or TAL`, line);
        return;
      }
      space = s;
    }
    const sampleSize = index.sampleSize >= 0 ? readSampleSize(row[index.sampleSize], line, log) : null;
    const attributes = Object.fromEntries(extraColumns.map((c) => [header[c], row[c].trim()]));
    let experiment = byId.get(id);
    if (!experiment) {
      experiment = { id, study: id, contrast: '', sampleSize, foci: [], where: `line ${line}`, attributes };
      byId.set(id, experiment);
    } else if (experiment.sampleSize !== sampleSize) {
      log.error(`experiment ${quote(id)} has sample size ${sampleSize} here but ${experiment.sampleSize} on its first row`, line);
    } else {
      const differing = extraColumns.find((c) => experiment?.attributes?.[header[c]] !== row[c].trim());
      if (differing !== undefined) log.error(`experiment ${quote(id)} has ${quote(header[differing])} ${quote(row[differing].trim())} here but ${quote(experiment.attributes?.[header[differing]] ?? '')} on its first row`, line);
    }
    const [x, y, z] = xyz as number[];
    experiment.foci.push({ x, y, z, space, line });
  });
  const experiments = [...byId.values()];
  if (log.hasErrors) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  ensureUniqueIds(experiments, log);
  return { ok: true, dataset: { source, format: 'table', experiments }, warnings: log.warnings };
}

function readSampleSize(value: string, line: number, log: DiagnosticLog): number | null {
  if (value.trim() === '') return null;
  const n = parseSampleSize(value);
  if (typeof n === 'string') {
    log.error(n, line);
    return null;
  }
  return n;
}

/**
 * The rows, and the 1-based line on which each starts. Papaparse skips rows
 * with nothing but delimiters and blanks (",,," as spreadsheets export empty
 * rows) and lets a quoted field span lines, so a row's line is found from
 * where Papaparse says it ends, less the line breaks inside its fields.
 */
function readRows(text: string): { rows: string[][]; lines: number[] } {
  const lineOf = lineFinder(text);
  const rows: string[][] = [];
  const lines: number[] = [];
  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step: ({ data, meta }) => {
      const { cursor, linebreak } = meta;
      const end = text.startsWith(linebreak, cursor - linebreak.length) ? cursor - linebreak.length : cursor;
      // With mixed line ends Papaparse may leave a "\r" at the end of the last field: the row's own line end.
      const inside = data.join(' ').replace(/\r$/, '').match(LINE_BREAK)?.length ?? 0;
      rows.push(data);
      lines.push(lineOf(end - 1) - inside);
    },
  });
  return { rows, lines };
}
