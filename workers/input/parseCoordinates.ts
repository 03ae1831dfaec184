/**
 * The input gate: every file, paste or URL body goes through here and comes
 * out as a typed dataset or as errors with their lines.
 */
import type { ParseResult } from './dataset.ts';
import { DiagnosticLog } from './diagnostics.ts';
import { isNimadsStudyset, parseJsonText, parseNimads, parseNimareJson } from './jsonFormats.ts';
import { parseSleuth } from './sleuth.ts';
import { parseTable } from './table.ts';

/** Largest coordinate file we read; real ones are well under 5 MB (31k foci ≈ 0.6 MB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export function parseCoordinates(input: Uint8Array | string, source: string): ParseResult {
  const log = new DiagnosticLog(source);
  const text = typeof input === 'string' ? input : decodeText(input, log);
  if (text === null) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    const value = parseJsonText(text, log);
    if (value === undefined) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
    return isNimadsStudyset(value) ? parseNimads(value, source, log) : parseNimareJson(value, source, log);
  }
  if (start.startsWith('//')) return parseSleuth(text, source, log);
  const firstLine = start.split(/\r\n|\n|\r/, 1)[0] ?? '';
  if (/[,\t;]/.test(firstLine) && /(^|[,\t;])\s*"?x"?\s*([,\t;]|$)/i.test(firstLine)) return parseTable(text, source, log);
  if (start === '') log.error('file is empty');
  else log.error('not a recognised coordinate file: expected Sleuth text ("// Reference=MNI" first), NiMARE or NIMADS JSON, or a CSV/TSV table with x, y, z columns', 1);
  return { ok: false, errors: log.allErrors(), warnings: log.warnings };
}

function decodeText(bytes: Uint8Array, log: DiagnosticLog): string | null {
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    log.error(`file is ${(bytes.byteLength / 1048576).toFixed(1)} MB; coordinate files larger than ${MAX_INPUT_BYTES / 1048576} MB are refused`);
    return null;
  }
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
