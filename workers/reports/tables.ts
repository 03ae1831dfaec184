/** Tab-separated tables of results, shared by the command line and the app's downloads. */
import type { ClusterReport } from '../diagnostics/clusterReport.ts';
import type { ClusterContributions } from '../diagnostics/contributions.ts';
import type { FsnResult } from '../inference/failSafeN.ts';
import type { Cluster } from '../core/observedClusters.ts';

/**
 * A text field of a TSV table that spreadsheets read as text: quoted when it
 * holds a tab, a line break or a quote, and with a leading apostrophe when it
 * would start a formula (=, +, -, @) and is not a number.
 */
export function tsvField(text: string): string {
  let out = text;
  if (/^[=+\-@]/.test(out) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(out)) out = `'${out}`;
  if (/[\t\r\n"]/.test(out)) out = `"${out.replace(/"/g, '""')}"`;
  return out;
}

export function contributionsTsv(contributions: readonly ClusterContributions[]): string {
  const rows = ['cluster_id\texperiment\tfoci_in_cluster\tjackknife\tcontribution_percent\tmax_contribution_percent\tdominance_warning'];
  for (const c of contributions) {
    c.experiments.forEach((e, n) => {
      rows.push([c.clusterId, tsvField(e.id), e.foci, e.jackknife, e.percent, e.maxPercent, n === 0 ? tsvField(c.warning ?? '') : ''].join('\t'));
    });
  }
  return `${rows.join('\n')}\n`;
}

export function fsnTsv(results: readonly FsnResult[]): string {
  const rows = ['cluster_id\tfsn\tbound\tnoise_min\tnoise_max\tmeaning'];
  const meaning = (r: FsnResult) =>
    r.bound === 'below' ? `gone with ${r.min} noise experiments: not robust` : r.bound === 'above' ? `survives ${r.max} noise experiments` : r.bound === 'stopped' ? `survives ${r.min}, not ${r.max} (stopped before narrowing further)` : `survives ${r.fsn}, not ${r.fsn + 1}`;
  for (const r of results) rows.push([r.clusterId, r.fsn, r.bound, r.min, r.max, meaning(r)].join('\t'));
  return `${rows.join('\n')}\n`;
}

type ByDirection<T> = { aOverB: T; bOverA: T; conjunction: T };

/** A contrast's clusters by direction; peak_p is the p each peak's z was made from (runContrast's peakP). */
export function contrastClustersTsv(names: [string, string], clusters: ByDirection<Cluster[]>, peakP: ByDirection<number[]>): string {
  const rows = ['direction\tcluster_id\tx\ty\tz\tpeak_z\tpeak_p\tsize_voxels\tsize_mm3\tcenter_x\tcenter_y\tcenter_z'];
  const [a, b] = names;
  const add = (direction: string, key: keyof ByDirection<unknown>) => {
    clusters[key].forEach((c, n) => rows.push([direction, c.id, ...c.peak.xyz, c.peak.z, peakP[key][n], c.sizeVoxels, c.sizeMm3, ...c.center.map((v) => v.toFixed(2))].join('\t')));
  };
  add(tsvField(`${a} > ${b}`), 'aOverB');
  add(tsvField(`${b} > ${a}`), 'bOverA');
  add('conjunction', 'conjunction');
  return `${rows.join('\n')}\n`;
}

/**
 * The cluster table as shown (one row per peak, sub-peaks after their
 * cluster), for pasting into a spreadsheet or a manuscript. `pText` prints
 * each cluster's FWE p as the table does.
 */
export function displayedClustersTsv(reports: readonly ClusterReport[], pText: (r: ClusterReport) => string, experimentName: (id: string) => string = (id) => id, tfceText: ((r: ClusterReport) => string) | null = null): string {
  const tfce = tfceText ? ['p_fwe_tfce'] : [];
  const rows = [['cluster', 'x', 'y', 'z', 'volume_mm3', 'voxels', 'peak_ale', 'peak_z', 'p_fwe_size', ...tfce, 'region_at_peak', 'regions', 'system', 'experiments'].join('\t')];
  for (const r of reports) {
    const c = r.cluster;
    const regions = r.regions.slice(0, 3).map((s) => `${s.name ?? 'unlabelled'} ${Math.round(s.share * 100)}%`).join(', ');
    const experiments = r.experiments.map((e) => `${experimentName(e.id)} (${e.foci})`).join('; ');
    const tfceP = tfceText ? [tsvField(tfceText(r))] : [];
    rows.push([r.id, ...c.peak.xyz, c.sizeMm3, c.sizeVoxels, c.peak.ale.toFixed(5), c.peak.z.toFixed(2), tsvField(pText(r)), ...tfceP, tsvField(r.peakRegion ?? ''), tsvField(regions), r.system, tsvField(experiments)].join('\t'));
    const blankTfce = tfceText ? [''] : [];
    c.subPeaks.forEach((p, n) => rows.push([`${r.id}${String.fromCharCode(97 + n)}`, ...p.xyz, '', '', p.ale.toFixed(5), p.z.toFixed(2), '', ...blankTfce, tsvField(r.subPeakRegions[n] ?? ''), '', '', ''].join('\t')));
  }
  return `${rows.join('\n')}\n`;
}
