/**
 * What a clustering of experiments writes: its scores per k, each
 * experiment's labels, the correlation matrix, the matrix as an SVG
 * heatmap in dendrogram order with the chosen k's groups outlined, and the
 * dendrogram itself.
 */
import type { ClusteringResult } from '../inference/clustering/experimentClustering.ts';
import { maxOf } from '../core/extent.ts';
import { cutTree } from '../inference/clustering/hierarchical.ts';
import type { OutputSet } from './outputFiles.ts';
import { tsvField } from './tables.ts';

const round = (v: number, digits: number) => Number(v.toFixed(digits));

export function clusteringMetricsTsv(result: ClusteringResult): string {
  const rows = ['k\tsilhouette\tsilhouette_sd\tsilhouette_z\tcalinski_harabasz\tcalinski_harabasz_sd\tcalinski_harabasz_z\tseparation_density'];
  for (const l of result.levels) {
    rows.push([l.k, round(l.silhouette.mean, 6), round(l.silhouette.sd, 6), round(l.silhouette.z, 4), round(l.calinskiHarabasz.mean, 6), round(l.calinskiHarabasz.sd, 6), round(l.calinskiHarabasz.z, 4), round(l.separationDensity, 6)].join('\t'));
  }
  return `${rows.join('\n')}\n`;
}

export function clusteringLabelsTsv(result: ClusteringResult, names: readonly string[]): string {
  const rows = [['experiment', ...result.levels.map((l) => `k=${l.k}`)].join('\t')];
  names.forEach((name, e) => rows.push([tsvField(name), ...result.levels.map((l) => l.labels[e])].join('\t')));
  return `${rows.join('\n')}\n`;
}

export function correlationTsv(result: ClusteringResult, names: readonly string[]): string {
  const n = names.length;
  const rows = [['experiment', ...names.map(tsvField)].join('\t')];
  names.forEach((name, i) => rows.push([tsvField(name), ...Array.from({ length: n }, (_, j) => round(result.correlation[i * n + j], 6))].join('\t')));
  return `${rows.join('\n')}\n`;
}

/** The k whose silhouette stands furthest above its null (JALE plots the z of every k; this picks one to outline). */
export function bestLevel(result: ClusteringResult): ClusteringResult['levels'][number] {
  return result.levels.reduce((best, l) => (l.silhouette.z > best.silhouette.z ? l : best));
}

/** Blue (−1) through white (0) to red (+1). */
function colour(r: number): string {
  const t = Math.max(-1, Math.min(1, r));
  const [from, to] = t >= 0 ? [[255, 255, 255], [178, 24, 43]] : [[255, 255, 255], [33, 102, 172]];
  const a = Math.abs(t);
  return `rgb(${from.map((c, i) => Math.round(c + (to[i] - c) * a)).join(',')})`;
}

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

export function correlationMatrixSvg(result: ClusteringResult, names: readonly string[]): string {
  const n = names.length;
  const cell = Math.max(4, Math.min(16, Math.floor(640 / n)));
  // Room for the longest name at about 6 px a character, within reason.
  const label = cell >= 8 ? Math.min(maxOf(names.map((s) => s.length)) * 6 + 8, 360) : 0;
  const size = n * cell;
  const level = bestLevel(result);
  // The chosen k's groups one after the other, each in dendrogram order (a stable sort), so each is one block.
  const order = [...result.order].sort((a, b) => level.labels[a] - level.labels[b]);
  const parts: string[] = [];
  order.forEach((i, row) => {
    order.forEach((j, col) => parts.push(`<rect x="${label + col * cell}" y="${row * cell}" width="${cell}" height="${cell}" fill="${colour(result.correlation[i * n + j])}"/>`));
    if (label) parts.push(`<text x="${label - 4}" y="${row * cell + cell * 0.75}" text-anchor="end" font-size="${Math.min(cell - 1, 11)}">${escapeXml(names[i])}</text>`);
  });
  let start = 0;
  for (let row = 1; row <= n; row++) {
    if (row === n || level.labels[order[row]] !== level.labels[order[start]]) {
      parts.push(`<rect x="${label + start * cell}" y="${start * cell}" width="${(row - start) * cell}" height="${(row - start) * cell}" fill="none" stroke="black" stroke-width="2"/>`);
      start = row;
    }
  }
  const caption = [
    "Spearman correlation of the experiments' modelled activation (blue −1, white 0, red +1), by group, in dendrogram order within each;",
    `outlined: the ${level.k} groups whose silhouette stands furthest above the null of shuffled foci (z = ${level.silhouette.z.toFixed(2)}).`,
  ];
  const height = size + 52;
  const width = Math.max(label + size + 10, 620);
  const lines = caption.map((line, i) => `<text x="0" y="${size + 22 + 15 * i}" font-size="11">${escapeXml(line)}</text>`).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<title>Correlation of experiments</title>\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n${lines}\n</svg>\n`;
}

/** Colour-blind-safe categories (Okabe–Ito), repeated past eight groups. */
const GROUP_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#D55E00', '#0072B2', '#CC79A7', '#F0E442', '#000000'];

/**
 * The tree of 1 − r drawn sideways (leaves at distance 0 beside their names,
 * the root on the right), as JALE plots it: branches inside the tree's own
 * k groups (k of the highest silhouette z) in one colour each, the merges
 * above that cut in grey, the cut dashed. Beside each name, the experiment's
 * consensus group, which can differ from the tree's cut: the consensus comes
 * from the subsamples, and it is what the group ALE maps use.
 */
export function dendrogramSvg(result: ClusteringResult, names: readonly string[]): string {
  const { tree, order } = result;
  const n = names.length;
  const level = bestLevel(result);
  const row = Math.max(10, Math.min(16, Math.floor(640 / n)));
  const label = Math.min(maxOf(names.map((s) => s.length)) * 6 + 8, 360);
  const groupColumn = 28;
  const x0 = label + groupColumn + 6;
  const width = 420;
  const top = 20;
  const maxDistance = Math.max(maxOf(tree.merges.map((m) => m.distance)), 1e-12);
  const x = (d: number) => x0 + (width * d) / maxDistance;
  const y = new Float64Array(n);
  const height = new Float64Array(n);
  order.forEach((e, r) => (y[e] = top + r * row + row / 2));
  // The tree's own cut into k groups: its first n − k merges lie inside them.
  const inside = n - level.k;
  const treeGroups = cutTree(tree, level.k);
  const parts: string[] = [`<text x="${x0 - groupColumn / 2 - 3}" y="${top - 6}" text-anchor="middle" font-size="10">group</text>`];
  order.forEach((e) => {
    parts.push(`<text x="${label - 4}" y="${y[e] + 4}" text-anchor="end" font-size="${Math.min(row - 1, 11)}">${escapeXml(names[e])}</text>`);
    parts.push(`<text x="${x0 - groupColumn / 2 - 3}" y="${y[e] + 4}" text-anchor="middle" font-size="${Math.min(row - 1, 11)}">${level.labels[e]}</text>`);
  });
  tree.merges.forEach((m, i) => {
    const stroke = i < inside ? GROUP_COLOURS[(treeGroups[m.a] - 1) % GROUP_COLOURS.length] : '#888888';
    parts.push(`<path d="M${x(height[m.a]).toFixed(2)} ${y[m.a].toFixed(2)}H${x(m.distance).toFixed(2)}V${y[m.b].toFixed(2)}H${x(height[m.b]).toFixed(2)}" fill="none" stroke="${stroke}" stroke-width="1.5" data-distance="${round(m.distance, 6)}"/>`);
    y[m.a] = (y[m.a] + y[m.b]) / 2;
    height[m.a] = m.distance;
  });
  const bottom = top + n * row;
  if (inside > 0 && inside < tree.merges.length) {
    const cut = x((tree.merges[inside - 1].distance + tree.merges[inside].distance) / 2).toFixed(2);
    parts.push(`<line x1="${cut}" y1="${top - 4}" x2="${cut}" y2="${bottom}" stroke="black" stroke-dasharray="4 3"/>`, `<text x="${cut}" y="${top - 8}" text-anchor="middle" font-size="10">k = ${level.k}</text>`);
  }
  // The distance axis, five ticks.
  parts.push(`<line x1="${x0}" y1="${bottom + 4}" x2="${x0 + width}" y2="${bottom + 4}" stroke="black"/>`);
  for (let t = 0; t <= 4; t++) {
    const d = (maxDistance * t) / 4;
    parts.push(`<line x1="${x(d).toFixed(2)}" y1="${bottom + 4}" x2="${x(d).toFixed(2)}" y2="${bottom + 8}" stroke="black"/>`, `<text x="${x(d).toFixed(2)}" y="${bottom + 19}" text-anchor="middle" font-size="10">${d.toFixed(2)}</text>`);
  }
  parts.push(`<text x="${x0 + width / 2}" y="${bottom + 32}" text-anchor="middle" font-size="11">distance 1 − r (Spearman)</text>`);
  const caption = [
    `${result.linkage === 'average' ? 'Average' : 'Complete'}-linkage tree of the experiments' modelled activation; coloured: the tree cut into the k = ${level.k} groups whose silhouette stands furthest above the null.`,
    "group: each experiment's consensus label over the subsamples, which the group ALE maps use (it can differ from the tree's cut).",
  ];
  const lines = caption.map((line, i) => `<text x="0" y="${bottom + 52 + 15 * i}" font-size="11">${escapeXml(line)}</text>`).join('\n');
  const svgWidth = Math.max(x0 + width + 20, 760);
  const svgHeight = bottom + 52 + 15 * caption.length;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${svgWidth}" height="${svgHeight}" viewBox="0 0 ${svgWidth} ${svgHeight}" font-family="sans-serif">\n<title>Dendrogram of experiments</title>\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n${lines}\n</svg>\n`;
}

/** Every file of a clustering of experiments (the command line's folder, the app's downloads). */
export function addClusteringOutputs(out: OutputSet, result: ClusteringResult, names: readonly string[], groupMaps: readonly Float32Array[]): void {
  const best = bestLevel(result);
  out.text('clustering_metrics.tsv', clusteringMetricsTsv(result));
  out.text('clustering_labels.tsv', clusteringLabelsTsv(result, names));
  out.text('correlation.tsv', correlationTsv(result, names));
  out.text('correlation_matrix.svg', correlationMatrixSvg(result, names));
  out.text('dendrogram.svg', dendrogramSvg(result, names));
  groupMaps.forEach((ale, g) => out.map(`ale_k-${best.k}_group-${g + 1}.nii.gz`, ale, `ALE of group ${g + 1} of ${best.k}`));
}
