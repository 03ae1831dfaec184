/**
 * The cluster table as papers print it: one row per significant cluster with
 * its volume, peak (MNI), peak ALE and Z, FWE p, the region at the peak and
 * the experiments that contribute to it, as CSV (for a spreadsheet), Markdown
 * and an HTML table that pastes into a word processor as a table.
 */
import type { ClusterContributions } from '../diagnostics/contributions.ts';
import type { ClusterReport } from '../diagnostics/clusterReport.ts';
import { formatFweP } from './formatP.ts';

export interface PublicationRow {
  cluster: string;
  volume: string;
  x: string;
  y: string;
  z: string;
  ale: string;
  zScore: string;
  p: string;
  region: string;
  experiments: string;
}

const HEADER: Record<keyof PublicationRow, string> = {
  cluster: 'Cluster',
  volume: 'Volume (mm³)',
  x: 'x',
  y: 'y',
  z: 'z',
  ale: 'Peak ALE',
  zScore: 'Peak Z',
  p: 'p (FWE)',
  region: 'Region at peak',
  experiments: 'Contributing experiments',
};
const KEYS = Object.keys(HEADER) as (keyof PublicationRow)[];

/**
 * Rows of the given (significant) clusters. Experiments are listed by their
 * share of the cluster's ALE where contributions were computed (largest
 * first, those of at least 1 %), else by their foci in the cluster.
 */
export function publicationRows(reports: readonly ClusterReport[], contributions: readonly ClusterContributions[], iterations: number, name: (id: string) => string = (id) => id): PublicationRow[] {
  return reports.map((r) => {
    const c = r.cluster;
    const shares = contributions.find((x) => x.clusterId === r.id);
    const experiments = shares
      ? shares.experiments.filter((e) => e.percent >= 1).sort((a, b) => b.percent - a.percent).map((e) => `${name(e.id)} (${e.percent.toFixed(0)} %)`)
      : r.experiments.map((e) => `${name(e.id)} (${e.foci} ${e.foci === 1 ? 'focus' : 'foci'})`);
    return {
      cluster: String(r.id),
      volume: c.sizeMm3.toLocaleString('en'),
      x: String(c.peak.xyz[0]),
      y: String(c.peak.xyz[1]),
      z: String(c.peak.xyz[2]),
      ale: c.peak.ale.toFixed(4),
      zScore: c.peak.z.toFixed(2),
      p: formatFweP(r.pFweSize, iterations),
      region: r.peakRegion ?? 'unlabelled',
      experiments: experiments.join('; '),
    };
  });
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; a leading =, +, - or @ is defused. */
function csvField(text: string): string {
  const safe = /^[=+@]|^-(?!\d)/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function publicationCsv(rows: readonly PublicationRow[]): string {
  return [KEYS.map((k) => csvField(HEADER[k])), ...rows.map((r) => KEYS.map((k) => csvField(r[k])))].map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

export function publicationMarkdown(rows: readonly PublicationRow[]): string {
  const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(KEYS.map((k) => HEADER[k])), line(KEYS.map(() => '---')), ...rows.map((r) => line(KEYS.map((k) => r[k])))].join('\n') + '\n';
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A standalone page holding the table, with borders a word processor keeps when it is pasted or opened. */
export function publicationHtml(rows: readonly PublicationRow[], caption: string): string {
  const cell = (tag: 'th' | 'td', text: string, numeric: boolean) => `<${tag} style="border:1px solid #000;padding:2pt 4pt;${numeric ? 'text-align:right;' : ''}">${escapeHtml(text)}</${tag}>`;
  const numeric = new Set<keyof PublicationRow>(['volume', 'x', 'y', 'z', 'ale', 'zScore', 'p']);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Clusters</title></head><body>',
    '<table style="border-collapse:collapse;font-family:Arial,sans-serif;font-size:9pt">',
    `<caption style="text-align:left;padding-bottom:4pt">${escapeHtml(caption)}</caption>`,
    `<thead><tr>${KEYS.map((k) => cell('th', HEADER[k], false)).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${KEYS.map((k) => cell('td', r[k], numeric.has(k))).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
    '</body></html>',
    '',
  ].join('\n');
}
