/** Writes the engine's output files into a folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContrastResult } from '../workers/analysis/index.ts';
import { pForStorage, type Geometry } from '../workers/core/index.ts';
import { contrastClustersTsv, OutputSet } from '../workers/reports/index.ts';

export class OutputFolder extends OutputSet {
  constructor(readonly dir: string, geometry: Geometry) {
    super(geometry);
  }

  get written(): string[] {
    return this.files.map((f) => f.name);
  }

  /** Writes every file added so far. */
  save(): void {
    mkdirSync(this.dir, { recursive: true });
    for (const f of this.files) writeFileSync(join(this.dir, f.name), f.bytes);
  }
}

export function addContrastOutputs(out: OutputSet, result: ContrastResult): void {
  out.map('diff_desc-AminusB.nii.gz', result.subtraction.difference, 'ALE(A) - ALE(B)');
  out.map('z_desc-AvsB.nii.gz', result.subtraction.z, 'two-sided permutation z, A > B positive');
  out.map('p_desc-AvsB.nii.gz', pForStorage(result.subtraction.p), 'two-sided permutation p');
  out.map('z_desc-AvsB_gated.nii.gz', result.gated, 'gated contrast z: A > B positive, B > A negative');
  out.map('z_desc-conjunction.nii.gz', result.conjunction, 'conjunction min(zA, zB)');
  out.map('clusters_desc-AvsB.nii.gz', result.labels, 'contrast clusters: A > B positive, B > A negative ids', true);
  out.text('contrast_clusters.tsv', contrastClustersTsv(result.names, result.clusters, result.peakP));
}
