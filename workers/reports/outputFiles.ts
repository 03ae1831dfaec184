/**
 * The files of a finished analysis, named as the command line names them:
 * float32 NIfTI maps on the mask's grid, the cluster table and summary.json.
 * The command line writes them to a folder; the app offers them as downloads.
 */
import { fdrAdjust } from '../inference/fdr.ts';
import { unmaskFloat32, unmaskInt32, type Geometry } from '../core/grid.ts';
import { writeNiftiGz } from './niftiWriter.ts';
import type { AleResult } from '../analysis/runAle.ts';
import { logpFromP, pForStorage } from '../core/statMaps.ts';
import { clusterTableTsv, type buildSummary } from './summary.ts';

export interface OutputFile {
  name: string;
  bytes: Uint8Array;
}

export class OutputSet {
  readonly files: OutputFile[] = [];
  constructor(private readonly geometry: Geometry) {}

  map(name: string, masked: ArrayLike<number>, description: string, integer = false): void {
    const data = integer ? unmaskInt32(masked, this.geometry) : unmaskFloat32(masked, this.geometry);
    this.files.push({ name, bytes: writeNiftiGz(this.geometry.shape, this.geometry.affine, data, description) });
  }

  text(name: string, content: string): void {
    this.files.push({ name, bytes: new TextEncoder().encode(content) });
  }

  json(name: string, value: unknown): void {
    this.text(name, `${JSON.stringify(value, null, 1)}\n`);
  }
}

export function addMainOutputs(out: OutputSet, result: AleResult, summary: ReturnType<typeof buildSummary>): void {
  const { observed, fwe } = result;
  // FDR maps are only written, never shown, so they are computed here.
  const fdr = { indep: fdrAdjust(observed.maps.p, 'indep'), negcorr: fdrAdjust(observed.maps.p, 'negcorr') };
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
    if (fwe.logpTfce) out.map('logp_level-voxel_corr-FWE_method-tfce.nii.gz', fwe.logpTfce, 'TFCE voxel FWE -log10 p');
  }
  if (result.tfce) out.map('tfce.nii.gz', result.tfce, 'TFCE of z (JALE: E 0.5, H 2)');
  out.text('clusters.tsv', clusterTableTsv(summary));
}
