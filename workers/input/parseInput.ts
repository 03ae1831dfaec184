/**
 * The input gate for everything a user can give, spreadsheets included:
 * .xlsx workbooks are unzipped (asynchronously, by read-excel-file) into rows
 * and read as JALE's experiment sheet; everything else goes through
 * parseCoordinates. The analysis sheet has its own reader, for the same two
 * kinds of file.
 */
import Papa from 'papaparse';
import type { ParseResult } from './dataset.ts';
import { DiagnosticLog } from './diagnostics.ts';
import { parseJaleAnalysisInfo, type AnalysisSheet } from './jaleAnalyses.ts';
import { isJaleHeader, isXlsx, parseJaleExperimentInfo, readXlsxRows, type Cell, type JaleOptions } from './jaleSpreadsheet.ts';
import { MAX_INPUT_BYTES, parseCoordinates } from './parseCoordinates.ts';

const tooLarge = (bytes: Uint8Array) => bytes.byteLength > MAX_INPUT_BYTES;

export async function parseInput(input: Uint8Array | string, source: string, options: JaleOptions = {}): Promise<ParseResult> {
  if (typeof input === 'string' || !isXlsx(input) || tooLarge(input)) return parseCoordinates(input, source, options);
  const log = new DiagnosticLog(source);
  const rows = await readXlsxRows(input, log);
  if (!rows) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  if (!isJaleHeader(rows[0] ?? [])) {
    log.error('a workbook is read as JALE\'s experiment sheet, whose first column is "Articles" (then Subjects, x, y, z, CoordinateSpace and tags); this one starts with ' + JSON.stringify(String(rows[0]?.[0] ?? '')), 1);
    return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  }
  return parseJaleExperimentInfo(rows, source, options, log);
}

/** JALE's analysis sheet, from an .xlsx workbook or a CSV file. */
export async function readAnalysisSheet(input: Uint8Array, source: string): Promise<AnalysisSheet> {
  if (tooLarge(input)) return { ok: false, errors: [{ severity: 'error', source, message: `file is larger than ${MAX_INPUT_BYTES / 1048576} MB` }] };
  if (isXlsx(input)) {
    const log = new DiagnosticLog(source);
    const rows = await readXlsxRows(input, log);
    return rows ? parseJaleAnalysisInfo(rows, source) : { ok: false, errors: log.allErrors() };
  }
  // TextDecoder drops a UTF-8 byte-order mark.
  const rows = Papa.parse<string[]>(new TextDecoder().decode(input), { skipEmptyLines: false }).data as Cell[][];
  return parseJaleAnalysisInfo(rows, source);
}
