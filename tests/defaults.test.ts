/**
 * Default settings give GingerALE's and NiMARE's numbers: the shipped
 * default mask is the MNI152 brain mask (stored LAS, x flipped), and with it
 * the command line reproduces NiMARE's pain analysis and its atlas labels.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseObserved, createGeometry, prepareInput, type Geometry } from '../workers/core/index.ts';
import { clusterReports, type Atlas, type AtlasRegion } from '../workers/diagnostics/index.ts';
import { readNifti, SHIPPED_MASKS } from '../workers/input/index.ts';
import { runCli } from './support/cli.ts';
import { hasReference, loadDataset, painGeometry, readCsv, referencePath } from './support/reference.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const asset = (name: string) => readFileSync(join(ROOT, 'public/assets', name));

function shippedGeometry(file: string): Geometry {
  const v = readNifti(asset(file), file);
  return createGeometry(v.shape, v.affine, v.data);
}

function atlas(): Atlas {
  const v = readNifti(asset('aal_2mm.nii.gz'), 'aal_2mm.nii.gz');
  const regions = JSON.parse(asset('aal_labels.json').toString()) as AtlasRegion[];
  return { shape: v.shape, affine: v.affine, labels: Uint8Array.from(v.data), regions };
}

describe.skipIf(!hasReference)('default settings', () => {
  it("ship GingerALE's MNI152 mask byte for byte, stored x-flipped, with NiMARE's 228,483 voxels", () => {
    expect(asset(SHIPPED_MASKS.mni152.file).equals(readFileSync(referencePath('atlases/mni152_templates_masks/MNI152_2x2x2_brainmask.nii.gz')))).toBe(true);
    const g = shippedGeometry(SHIPPED_MASKS.mni152.file);
    expect(g.nMasked).toBe(228_483);
    expect(g.affine[0]).toBeLessThan(0);
  });

  it("reproduce NiMARE's threshold and 21 clusters on the pain data from the command line (only --snap trunc given)", async () => {
    const out = mkdtempSync(join(tmpdir(), 'ale-defaults-'));
    expect((await runCli([referencePath('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), '--snap', 'trunc', '--iters', '0', '--out', out, '--quiet'])).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.n_mask_voxels).toBe(228_483);
    expect(summary.mask).toBe(SHIPPED_MASKS.mni152.label);
    expect(summary.cluster_forming_threshold).toBe(0.01083);
    const reference = readCsv('pain/fwe_niters-1000_ncores-1_seed-0/clusters_ale_p001.csv');
    expect(summary.clusters.map((c: { size_voxels: number }) => c.size_voxels)).toEqual(reference.map((r) => r.size_vox));
    for (const c of summary.clusters) {
      const r = reference.find((row) => row.peak_x === c.peak_xyz[0] && row.peak_y === c.peak_xyz[1] && row.peak_z === c.peak_xyz[2]);
      expect(r?.size_vox, `cluster at ${c.peak_xyz}`).toBe(c.size_voxels);
    }
  }, 120_000);

  it("label the clusters the same with the x-flipped default mask as with NiMARE's RAS mask", () => {
    const dataset = loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
    const labelsWith = (geometry: Geometry) => {
      const prepared = prepareInput(dataset, geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
      if (!prepared.ok) throw new Error('prepare failed');
      const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
      const reports = clusterReports(observed.clusters.clusters, observed.clusters.labels, geometry, prepared.input.experiments, atlas(), undefined);
      return new Map(reports.map((r) => [r.cluster.peak.xyz.join(','), { peak: r.peakRegion, regions: r.regions.map((s) => `${s.name}:${s.voxels}`) }]));
    };
    const flipped = labelsWith(shippedGeometry(SHIPPED_MASKS.mni152.file));
    const ras = labelsWith(painGeometry());
    expect(flipped.size).toBe(21);
    expect([...flipped.keys()].sort()).toEqual([...ras.keys()].sort());
    for (const [peak, labels] of ras) expect(flipped.get(peak), peak).toEqual(labels);
    // The right insula at (38, 4, 2) reads as right, not mirrored.
    expect(flipped.get('38,4,2')?.peak).toMatch(/_R$/);
  });
});
