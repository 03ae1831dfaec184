import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseObserved } from '../workers/analysis.ts';
import { dominantSystem, regionShares, systemOfRegion, type Atlas } from '../workers/atlas.ts';
import { clusterReports } from '../workers/clusterReport.ts';
import { clusterContributions } from '../workers/contributions.ts';
import { prepareInput } from '../workers/prepare.ts';
import { hasReference, painGeometry, readReferenceNifti, referencePath } from './support/reference.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';

describe('anatomical systems', () => {
  it.each([
    ['Precentral_L', 'motor cortex'],
    ['Supp_Motor_Area_R', 'motor cortex'],
    ['Putamen_L', 'basal ganglia'],
    ['Caudate_R', 'basal ganglia'],
    ['Thalamus_L', 'thalamus'],
    ['Cerebelum_6_R', 'cerebellum'],
    ['Vermis_4_5', 'cerebellum'],
    ['Insula_R', 'other cortex'],
    [null, 'unlabelled'],
  ] as const)('%s belongs to %s', (name, system) => {
    expect(systemOfRegion(name)).toBe(system);
  });

  it('splits a voxel set across regions and picks the dominant labelled system', () => {
    const atlas: Atlas = { labels: Uint8Array.from([1, 1, 0, 0, 0, 2]), regions: [{ index: 1, name: 'Putamen_L' }, { index: 2, name: 'Precentral_L' }] };
    const shares = regionShares(atlas, [0, 1, 2, 3, 4, 5]);
    expect(shares.map((s) => [s.name, s.voxels])).toEqual([[null, 3], ['Putamen_L', 2], ['Precentral_L', 1]]);
    expect(shares[1].share).toBeCloseTo(1 / 3, 15);
    expect(dominantSystem(shares)).toBe('basal ganglia');
  });
});

describe.skipIf(!hasReference)('foci per cluster against NiMARE’s FocusCounter (pain data)', () => {
  it('counts each experiment’s foci in each significant cluster exactly as NiMARE does', () => {
    const geometry = painGeometry();
    const parsed = parseCoordinates(readFileSync(referencePath('pain/nidm_pain_dset.json')), 'nidm_pain_dset.json');
    if (!parsed.ok) throw new Error('parse failed');
    const prepared = prepareInput(parsed.dataset, geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
    const reports = clusterReports(observed.clusters.clusters, observed.clusters.labels, geometry, prepared.input.experiments, null, undefined);

    const base = 'pain/fwe_niters-1000_ncores-1_seed-0/';
    const theirLabels = readReferenceNifti(`${base}ale_label_desc-size_level-cluster_corr-FWE_method-montecarlo_tail-positive.nii.gz`).data;
    const [header, ...rows] = readFileSync(referencePath(`${base}ale_z_desc-size_level-cluster_corr-FWE_method-montecarlo_diag-FocusCounter_tab-counts_tail-positive.tsv`), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const columns = header.slice(1);
    expect(columns.length).toBe(6);
    columns.forEach((column, c) => {
      const label = Number(column.replace('PositiveTail ', ''));
      // Our cluster under NiMARE's label: the one holding its voxels.
      let ours = 0;
      for (let m = 0; m < geometry.nMasked; m++) if (theirLabels[geometry.maskedToFlat[m]] === label) ours = observed.clusters.labels[m];
      const report = reports.find((r) => r.id === ours);
      if (!report) throw new Error(`no cluster under NiMARE's label ${label}`);
      for (const row of rows) {
        const count = report.experiments.find((e) => e.id === row[0])?.foci ?? 0;
        expect(count, `${row[0]} in ${column}`).toBe(Number(row[c + 1]));
      }
    });
  });
});

describe.skipIf(!hasReference)('jackknife against NiMARE (pain data)', () => {
  it('gives each experiment’s contribution to each significant cluster within 1e-4 of NiMARE’s Jackknife', () => {
    const geometry = painGeometry();
    const parsed = parseCoordinates(readFileSync(referencePath('pain/nidm_pain_dset.json')), 'nidm_pain_dset.json');
    if (!parsed.ok) throw new Error('parse failed');
    const prepared = prepareInput(parsed.dataset, geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    const experiments = prepared.input.experiments;
    const observed = analyseObserved(experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });

    const base = 'pain/fwe_niters-1000_ncores-1_seed-0/';
    const theirLabels = readReferenceNifti(`${base}ale_label_desc-size_level-cluster_corr-FWE_method-montecarlo_tail-positive.nii.gz`).data;
    const [header, ...rows] = readFileSync(referencePath(`${base}ale_z_desc-size_level-cluster_corr-FWE_method-montecarlo_diag-Jackknife_tab-counts_tail-positive.tsv`), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const ours = header.slice(1).map((column) => {
      const label = Number(column.replace('PositiveTail ', ''));
      let id = 0;
      for (let m = 0; m < geometry.nMasked; m++) if (theirLabels[geometry.maskedToFlat[m]] === label) id = observed.clusters.labels[m];
      return id;
    });
    const contributions = clusterContributions(experiments, observed.ma, observed.ale, observed.clusters.labels, ours, geometry);
    let compared = 0;
    contributions.forEach((cluster, c) => {
      for (const row of rows) {
        const mine = cluster.experiments.find((e) => e.id === row[0]);
        expect(mine, row[0]).toBeDefined();
        expect(Math.abs((mine as { jackknife: number }).jackknife - Number(row[c + 1])), `${row[0]} in cluster ${cluster.clusterId}`).toBeLessThanOrEqual(1e-4);
        compared++;
      }
      const sum = cluster.experiments.reduce((a, e) => a + e.percent, 0);
      expect(sum).toBeCloseTo(100, 9);
    });
    expect(compared).toBe(6 * 21);
  });
});
