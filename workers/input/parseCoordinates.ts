/**
 * The input gate: every file, paste or URL body goes through here and comes
 * out as a typed dataset or as errors with their lines. Sizes are bounded
 * before anything is decoded, and nothing here is worse than linear in the
 * input, so no file can hang the reader.
 */
import type { ParseResult } from './dataset.ts';
import { DiagnosticLog } from './diagnostics.ts';
import { isNimadsStudyset, parseJsonText, parseNimads, parseNimareJson } from './jsonFormats.ts';
import { parseSleuth } from './sleuth.ts';
import { parseTable } from './table.ts';
import Papa from 'papaparse';
import { isJaleHeader, isXlsx, parseJaleExperimentInfo, type Cell, type JaleOptions } from './jaleSpreadsheet.ts';

/** Largest coordinate file we read; real ones are well under 5 MB (31k foci ≈ 0.6 MB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export function parseCoordinates(input: Uint8Array | string, source: string, options: JaleOptions = {}): ParseResult {
  const log = new DiagnosticLog(source);
  // A workbook too large to read is refused for its size below, like any other file.
  if (typeof input !== 'string' && isXlsx(input) && input.byteLength <= MAX_INPUT_BYTES) {
    log.error('an Excel workbook: it is read by the app and the command line (as JALE\'s experiment sheet), or save it as CSV');
    return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  }
  const text = typeof input === 'string' ? checkedText(input, log) : decodeText(input, log);
  if (text === null) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  // JavaScript counts a byte-order mark (U+FEFF) as white space, so this drops it too.
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    const value = parseJsonText(text, log);
    if (value === undefined) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
    return isNimadsStudyset(value) ? parseNimads(value, source, log) : parseNimareJson(value, source, log);
  }
  if (start.startsWith('//')) return parseSleuth(text, source, log);
  if (looksLikeTable(start)) return isJaleTable(text) ? parseJaleExperimentInfo(Papa.parse<Cell[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false }).data, source, options, log) : parseTable(text, source, log);
  if (start === '') log.error('file is empty');
  else log.error('not a recognised coordinate file: expected Sleuth text ("// Reference=MNI" first), NiMARE or NIMADS JSON, or a CSV/TSV table with x, y, z columns', 1);
  return { ok: false, errors: log.allErrors(), warnings: log.warnings };
}

/** JALE's experiment sheet saved as CSV: its first column is "Article(s)" (trim drops a byte-order mark too). */
function isJaleTable(text: string): boolean {
  return isJaleHeader([text.split(/[,\t;\r\n]/, 1)[0].trim().replace(/^"(.*)"$/, '$1')]);
}

/** A header row with a delimiter and an x column (cells compared, no backtracking regex over the line). */
function looksLikeTable(start: string): boolean {
  const end = start.search(/\r|\n/);
  const firstLine = (end < 0 ? start : start.slice(0, end)).slice(0, 100_000);
  const delimiter = [',', '\t', ';'].find((d) => firstLine.includes(d));
  if (!delimiter) return false;
  return firstLine.split(delimiter).some((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase() === 'x');
}

function checkedText(text: string, log: DiagnosticLog): string | null {
  // A JavaScript string takes two bytes a character; its UTF-8 size is at least its length.
  if (text.length > MAX_INPUT_BYTES) {
    log.error(`the text is ${(text.length / 1048576).toFixed(1)} MB; coordinate files larger than ${MAX_INPUT_BYTES / 1048576} MB are refused`);
    return null;
  }
  return text;
}

function decodeText(bytes: Uint8Array, log: DiagnosticLog): string | null {
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    log.error(`file is ${(bytes.byteLength / 1048576).toFixed(1)} MB; coordinate files larger than ${MAX_INPUT_BYTES / 1048576} MB are refused`);
    return null;
  }
  // Excel's "Unicode Text" and Notepad write UTF-16 with a byte-order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le', log);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be', log);
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    log.error('this is a binary file, not a text coordinate file (Sleuth, JSON or CSV/TSV)');
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Latin-1 Sleuth exports exist (author names with accents); every byte maps to a character.
    log.warn('file is not valid UTF-8; read it as Latin-1');
    return new TextDecoder('latin1').decode(bytes);
  }
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', log: DiagnosticLog): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2));
  } catch {
    log.error(`the file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()} text`);
    return null;
  }
}
