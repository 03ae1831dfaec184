/** Files the command line writes: NIfTI maps on the mask's grid, TSV tables and summary.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterContributions } from '../workers/contributions.ts';
import type { FsnResult } from '../workers/failSafeN.ts';
import { unmaskFloat32, unmaskInt32, type Geometry } from '../workers/grid.ts';
import { writeNiftiGz } from '../workers/nifti.ts';
import type { Cluster } from '../workers/observedClusters.ts';
import type { AleResult } from '../workers/runAle.ts';
import type { ContrastResult } from '../workers/runContrast.ts';
import { logpFromP, pForStorage } from '../workers/statMaps.ts';
import { clusterTableTsv, type buildSummary } from '../workers/summary.ts';

export class OutputFolder {
  readonly written: string[] = [];
  constructor(readonly dir: string, private readonly geometry: Geometry) {
    mkdirSync(dir, { recursive: true });
  }

  map(name: string, masked: ArrayLike<number>, description: string, integer = false): void {
    const data = integer ? unmaskInt32(masked, this.geometry) : unmaskFloat32(masked, this.geometry);
    writeFileSync(join(this.dir, name), writeNiftiGz(this.geometry.shape, this.geometry.affine, data, description));
    this.written.push(name);
  }

  text(name: string, content: string): void {
    writeFileSync(join(this.dir, name), content);
    this.written.push(name);
  }

  json(name: string, value: unknown): void {
    this.text(name, `${JSON.stringify(value, null, 1)}\n`);
  }
}

export function writeMainOutputs(out: OutputFolder, result: AleResult, summary: ReturnType<typeof buildSummary>): void {
  const { observed, fwe, fdr } = result;
  out.map('ale.nii.gz', observed.ale, 'ALE');
  out.map('p.nii.gz', pForStorage(observed.maps.p), 'uncorrected p');
  out.map('z.nii.gz', observed.maps.z, 'uncorrected z');
  out.map('logp.nii.gz', observed.maps.logp, 'uncorrected -log10 p');
  out.map('logp_corr-FDR_method-indep.nii.gz', Float32Array.from(fdr.indep, logpFromP), 'FDR (BH) -log10 q');
  out.map('logp_corr-FDR_method-negcorr.nii.gz', Float32Array.from(fdr.negcorr, logpFromP), 'FDR (BY) -log10 q');
  out.map('clusters.nii.gz', observed.clusters.labels, 'cluster labels', true);
  if (fwe) {
    out.map('logp_level-cluster_desc-size_corr-FWE.nii.gz', fwe.logpClusterSize, 'cluster-size FWE -log10 p');
    out.map('logp_level-cluster_desc-mass_corr-FWE.nii.gz', fwe.logpClusterMass, 'cluster-mass FWE -log10 p');
    out.map('logp_level-voxel_corr-FWE.nii.gz', fwe.logpVoxel, 'voxel FWE -log10 p');
  }
  out.text('clusters.tsv', clusterTableTsv(summary));
}

export function contributionsTsv(contributions: readonly ClusterContributions[]): string {
  const rows = ['cluster_id\texperiment\tfoci_in_cluster\tjackknife\tcontribution_percent\tmax_contribution_percent\tdominance_warning'];
  for (const c of contributions) {
    c.experiments.forEach((e, n) => {
      rows.push([c.clusterId, e.id, e.foci, e.jackknife, e.percent, e.maxPercent, n === 0 ? (c.warning ?? '') : ''].join('\t'));
    });
  }
  return `${rows.join('\n')}\n`;
}

export function fsnTsv(results: readonly FsnResult[]): string {
  const rows = ['cluster_id\tfsn\tbound\tnoise_min\tnoise_max\tmeaning'];
  const meaning = (r: FsnResult) =>
    r.bound === 'below' ? `gone with ${r.min} noise experiments: not robust` : r.bound === 'above' ? `survives ${r.max} noise experiments` : `survives ${r.fsn}, not ${r.fsn + 1}`;
  for (const r of results) rows.push([r.clusterId, r.fsn, r.bound, r.min, r.max, meaning(r)].join('\t'));
  return `${rows.join('\n')}\n`;
}

export function contrastClustersTsv(result: ContrastResult): string {
  const rows = ['direction\tcluster_id\tx\ty\tz\tpeak_z\tsize_voxels\tsize_mm3\tcenter_x\tcenter_y\tcenter_z'];
  const [a, b] = result.names;
  const add = (direction: string, clusters: Cluster[]) => {
    for (const c of clusters) rows.push([direction, c.id, ...c.peak.xyz, c.peak.z, c.sizeVoxels, c.sizeMm3, ...c.center.map((v) => v.toFixed(2))].join('\t'));
  };
  add(`${a} > ${b}`, result.clusters.aOverB);
  add(`${b} > ${a}`, result.clusters.bOverA);
  add('conjunction', result.clusters.conjunction);
  return `${rows.join('\n')}\n`;
}

export function writeContrastOutputs(out: OutputFolder, result: ContrastResult): void {
  out.map('diff_desc-AminusB.nii.gz', result.subtraction.difference, 'ALE(A) - ALE(B)');
  out.map('z_desc-AvsB.nii.gz', result.subtraction.z, 'two-sided permutation z, A > B positive');
  out.map('p_desc-AvsB.nii.gz', pForStorage(result.subtraction.p), 'two-sided permutation p');
  out.map('z_desc-AvsB_gated.nii.gz', result.gated, 'gated contrast z: A > B positive, B > A negative');
  out.map('z_desc-conjunction.nii.gz', result.conjunction, 'conjunction min(zA, zB)');
  out.map('clusters_desc-AvsB.nii.gz', result.labels, 'contrast clusters: A > B positive, B > A negative ids', true);
  out.text('contrast_clusters.tsv', contrastClustersTsv(result));
}
