/**
 * The observed pipeline against NiMARE 0.6.2 on the 21-study pain data
 * (../shared/reference/pain), with the reference's mask and truncation.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseObserved, type ObservedAnalysis } from '../workers/core/observedAnalysis.ts';
import { clusterPeakVoxels } from '../workers/core/clusterPeaks.ts';
import { createGeometry, unflatIndex, voxelToWorld, type Geometry } from '../workers/core/grid.ts';
import { prepareInput, type PreparedInput } from '../workers/core/prepare.ts';
import { hasReference, loadDataset, painGeometry, readCsv, readReferenceNifti, readTsv, referencePath } from './support/reference.ts';

describe.skipIf(!hasReference)('pain data against NiMARE', () => {
  let geometry: Geometry;
  let input: PreparedInput;
  let observed: ObservedAnalysis;

  beforeAll(() => {
    geometry = painGeometry();
    const prepared = prepareInput(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    input = prepared.input;
    observed = analyseObserved(input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
  });

  it('uses the same mask, foci and voxels (26 of 267 foci outside the mask)', () => {
    expect(geometry.nMasked).toBe(228483);
    expect(input.experiments.length).toBe(21);
    expect(input.nFoci).toBe(267);
    expect(input.nFociOutsideMask).toBe(26);
    expect(input.nSubjects).toBe(334);
    const rows = readCsv('pain/foci_as_used.csv');
    const ours = input.experiments.flatMap((e) => Array.from({ length: e.ijk.length / 3 }, (_, f) => `${e.ijk[3 * f]},${e.ijk[3 * f + 1]},${e.ijk[3 * f + 2]}`)).sort();
    const theirs = rows.map((r) => `${r.i},${r.j},${r.k}`).sort();
    expect(ours).toEqual(theirs);
  });

  it('reproduces the ALE map within 1e-6', () => {
    const reference = readReferenceNifti('pain/ale_stat.nii.gz').data;
    let maxDiff = 0;
    let maxAle = 0;
    for (let m = 0; m < geometry.nMasked; m++) {
      maxDiff = Math.max(maxDiff, Math.abs(observed.ale[m] - reference[geometry.maskedToFlat[m]]));
      maxAle = Math.max(maxAle, observed.ale[m]);
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
    expect(maxAle).toBeCloseTo(0.034120201, 8);
  });

  it('reproduces the analytic null histogram (14,897 bins) and its survival function', () => {
    const rows = readFileSync(referencePath('pain/null_hist_approximate.csv'), 'utf8').trim().split('\n').slice(1);
    expect(observed.nullDist.histogram.length).toBe(14897);
    expect(rows.length).toBe(14897);
    let maxWeight = 0;
    let maxSurvival = 0;
    rows.forEach((row, k) => {
      const [, weight, pGe] = row.split(',').map(Number);
      maxWeight = Math.max(maxWeight, Math.abs(weight - observed.nullDist.histogram[k]));
      if (pGe > 0) maxSurvival = Math.max(maxSurvival, Math.abs(pGe - observed.nullDist.survival[k]) / pGe);
    });
    expect(maxWeight).toBeLessThan(1e-14);
    expect(maxSurvival).toBeLessThan(1e-12);
  });

  it('reproduces p within 1e-5 relative at ≥ 99.99 % of mask voxels, and z at the peak', () => {
    const reference = readReferenceNifti('pain/ale_p.nii.gz').data;
    let bad = 0;
    for (let m = 0; m < geometry.nMasked; m++) {
      const expected = reference[geometry.maskedToFlat[m]];
      if (Math.abs(observed.maps.p[m] - expected) / expected > 1e-5) bad++;
    }
    expect(bad / geometry.nMasked).toBeLessThanOrEqual(1e-4);
    const peak = observed.clusters.clusters[0].peak;
    expect(peak.z).toBeCloseTo(6.740988751, 5);
  });

  it('finds the cluster-forming threshold 0.01083, 2,655 supra-threshold voxels and NiMARE’s 21 clusters', () => {
    expect(observed.threshold).toBe(0.01083);
    const clusters = observed.clusters.clusters;
    expect(clusters.reduce((n, c) => n + c.sizeVoxels, 0)).toBe(2655);
    const reference = readCsv('pain/fwe_niters-1000_ncores-1_seed-0/clusters_ale_p001.csv');
    expect(clusters.length).toBe(reference.length);
    expect(clusters.map((c) => c.sizeVoxels)).toEqual(reference.map((r) => r.size_vox));
    // NiMARE orders clusters of equal size arbitrarily (an unstable sort); match them by peak instead.
    for (const c of clusters) {
      const r = reference.find((row) => row.peak_x === c.peak.xyz[0] && row.peak_y === c.peak.xyz[1] && row.peak_z === c.peak.xyz[2]);
      if (!r) throw new Error(`no reference cluster peaks at ${c.peak.xyz}`);
      expect(c.sizeVoxels).toBe(r.size_vox);
      expect(c.peak.ale).toBeCloseTo(r.peak_ale as number, 8);
      expect(c.mass).toBeCloseTo(r.cluster_mass as number, 5);
      expect(c.center[0]).toBeCloseTo(r.wcom_x as number, 4);
      expect(c.center[1]).toBeCloseTo(r.wcom_y as number, 4);
      expect(c.center[2]).toBeCloseTo(r.wcom_z as number, 4);
    }
    // The label map and the table agree: label n has the n-th cluster's size.
    const counts = new Map<number, number>();
    for (const id of observed.clusters.labels) if (id > 0) counts.set(id, (counts.get(id) ?? 0) + 1);
    clusters.forEach((c) => expect(counts.get(c.id)).toBe(c.sizeVoxels));
  });

  it('finds the same 21 clusters with 18- and 26-connectivity, as the spec notes for this dataset', () => {
    for (const connectivity of [18, 26] as const) {
      const other = analyseObserved(input.experiments, geometry, { clusterFormingP: 0.001, connectivity });
      expect(other.clusters.clusters.map((c) => c.sizeVoxels)).toEqual(observed.clusters.clusters.map((c) => c.sizeVoxels));
    }
  });

  it('places each significant cluster’s table row where nilearn’s get_clusters_table does on a map of one value per cluster', () => {
    // NiMARE's cluster-level FWE table is nilearn's table of the corrected z map, which is constant over
    // each cluster: the row is the cluster's centre of mass, rounded, or its nearest voxel.
    const rows = readTsv('pain/fwe_niters-1000_ncores-1_seed-0/ale_z_desc-size_level-cluster_corr-FWE_method-montecarlo_tab-clust.tsv');
    expect(rows.length).toBe(6);
    for (const row of rows) {
      const size = Number(row['Cluster Size (mm3)']) / 8;
      const cluster = observed.clusters.clusters.find((c) => c.sizeVoxels === size);
      if (!cluster) throw new Error(`no cluster of ${size} voxels`);
      const voxels = Array.from(geometry.maskedToFlat).filter((flat) => observed.clusters.labels[geometry.flatToMasked[flat]] === cluster.id);
      const peaks = clusterPeakVoxels(voxels, () => Number(row['Peak Stat']), geometry);
      expect(peaks.length).toBe(1);
      expect(voxelToWorld(geometry.affine, ...unflatIndex(geometry.shape, peaks[0]))).toEqual([Number(row.X), Number(row.Y), Number(row.Z)]);
    }
  });
});

describe.skipIf(!hasReference)('pain data on GingerALE’s x-flipped mask', () => {
  it('reproduces NiMARE’s ALE and p on a grid stored with affine[0,0] = −2', () => {
    const mask = readReferenceNifti('pain/ale_2mm_gingerale_mask/mask.nii.gz');
    const geometry = createGeometry(mask.shape, mask.affine, mask.data);
    expect(geometry.affine[0]).toBe(-2);
    const prepared = prepareInput(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
    const ale = readReferenceNifti('pain/ale_2mm_gingerale_mask/ale_stat.nii.gz').data;
    const p = readReferenceNifti('pain/ale_2mm_gingerale_mask/ale_p.nii.gz').data;
    let maxDiff = 0;
    let badP = 0;
    for (let m = 0; m < geometry.nMasked; m++) {
      const f = geometry.maskedToFlat[m];
      maxDiff = Math.max(maxDiff, Math.abs(observed.ale[m] - ale[f]));
      if (Math.abs(observed.maps.p[m] - p[f]) / p[f] > 1e-5) badP++;
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
    expect(badP / geometry.nMasked).toBeLessThanOrEqual(1e-4);
    expect(observed.threshold).toBe(0.01083);
    expect(observed.clusters.clusters[0].peak.xyz).toEqual([38, 4, 2]);
  });
});
