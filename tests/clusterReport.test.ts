import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseObserved } from '../workers/core/observedAnalysis.ts';
import { dominantSystem, regionAt, regionShares, systemOfRegion, type Atlas } from '../workers/diagnostics/atlas.ts';
import { clusterReports } from '../workers/diagnostics/clusterReport.ts';
import { clusterContributions } from '../workers/diagnostics/contributions.ts';
import { prepareInput } from '../workers/core/prepare.ts';
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

  // A 6-voxel row along x (x = 2i − 5 mm), and an analysis grid storing the same row x-flipped (x = 5 − 2i).
  const row = (sign: number) => Float64Array.from([2 * sign, 0, 0, -5 * sign, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
  const atlas: Atlas = { shape: [6, 1, 1], affine: row(1), labels: Uint8Array.from([1, 1, 0, 0, 0, 2]), regions: [{ index: 1, name: 'Putamen_L' }, { index: 2, name: 'Precentral_R' }] };

  it('splits a voxel set across regions and picks the dominant labelled system', () => {
    const shares = regionShares(atlas, { shape: [6, 1, 1], affine: row(1) }, [0, 1, 2, 3, 4, 5]);
    expect(shares.map((s) => [s.name, s.voxels])).toEqual([[null, 3], ['Putamen_L', 2], ['Precentral_R', 1]]);
    expect(shares[1].share).toBeCloseTo(1 / 3, 15);
    expect(dominantSystem(shares)).toBe('basal ganglia');
  });

  it('labels through world coordinates, so an x-flipped analysis grid reads the right hemisphere', () => {
    const flipped = { shape: [6, 1, 1] as const, affine: row(-1) };
    // Voxel 0 of the flipped grid is x = +5 mm: the atlas's last voxel.
    expect(regionShares(atlas, flipped, [0]).map((s) => s.name)).toEqual(['Precentral_R']);
    expect(regionShares(atlas, flipped, [4, 5]).map((s) => s.name)).toEqual(['Putamen_L']);
    expect(regionAt(atlas, [-5, 0, 0])).toBe('Putamen_L');
    expect(regionAt(atlas, [5, 0, 0])).toBe('Precentral_R');
    expect(regionAt(atlas, [50, 0, 0])).toBeNull();
  });
});

/** The pain JSON analysed as NiMARE did, and NiMARE's per-cluster diagnostic tables mapped onto our cluster ids. */
function painAgainstNimare(table: 'FocusCounter' | 'Jackknife') {
  const geometry = painGeometry();
  const parsed = parseCoordinates(readFileSync(referencePath('pain/nidm_pain_dset.json')), 'nidm_pain_dset.json');
  if (!parsed.ok) throw new Error('parse failed');
  const prepared = prepareInput(parsed.dataset, geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error('prepare failed');
  const experiments = prepared.input.experiments;
  const observed = analyseObserved(experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
  const base = 'pain/fwe_niters-1000_ncores-1_seed-0/';
  const theirLabels = readReferenceNifti(`${base}ale_label_desc-size_level-cluster_corr-FWE_method-montecarlo_tail-positive.nii.gz`).data;
  const [header, ...rows] = readFileSync(referencePath(`${base}ale_z_desc-size_level-cluster_corr-FWE_method-montecarlo_diag-${table}_tab-counts_tail-positive.tsv`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  // Our cluster under each of NiMARE's labels: the one holding its voxels.
  const ourIds = header.slice(1).map((column) => {
    const label = Number(column.replace('PositiveTail ', ''));
    let id = 0;
    for (let m = 0; m < geometry.nMasked; m++) if (theirLabels[geometry.maskedToFlat[m]] === label) id = observed.clusters.labels[m];
    return id;
  });
  return { geometry, experiments, observed, columns: header.slice(1), rows, ourIds };
}

describe.skipIf(!hasReference)('per-cluster diagnostics against NiMARE (pain data)', () => {
  it('counts each experiment’s foci in each significant cluster exactly as NiMARE’s FocusCounter', () => {
    const { geometry, experiments, observed, columns, rows, ourIds } = painAgainstNimare('FocusCounter');
    const reports = clusterReports(observed.clusters.clusters, observed.clusters.labels, geometry, experiments, null, undefined);
    expect(columns.length).toBe(6);
    ourIds.forEach((id, c) => {
      const report = reports.find((r) => r.id === id);
      if (!report) throw new Error(`no cluster under NiMARE's ${columns[c]}`);
      for (const row of rows) {
        const count = report.experiments.find((e) => e.id === row[0])?.foci ?? 0;
        expect(count, `${row[0]} in ${columns[c]}`).toBe(Number(row[c + 1]));
      }
      // The report lists exactly the experiments with foci in the cluster, in analysis order.
      expect(report.experiments.map((e) => e.id)).toEqual(experiments.map((e) => e.id).filter((id) => Number(rows.find((r) => r[0] === id)?.[c + 1] ?? 0) > 0));
    });
  });

  it('gives each experiment’s contribution to each significant cluster within 1e-4 of NiMARE’s Jackknife', () => {
    const { geometry, experiments, observed, rows, ourIds } = painAgainstNimare('Jackknife');
    const contributions = clusterContributions(experiments, observed.kernels, observed.ale, observed.clusters.labels, ourIds, geometry);
    let compared = 0;
    contributions.forEach((cluster, c) => {
      for (const row of rows) {
        const mine = cluster.experiments.find((e) => e.id === row[0]);
        expect(mine, row[0]).toBeDefined();
        expect(Math.abs((mine as { jackknife: number }).jackknife - Number(row[c + 1])), `${row[0]} in cluster ${cluster.clusterId}`).toBeLessThanOrEqual(1e-4);
        compared++;
      }
      expect(cluster.experiments.reduce((a, e) => a + e.percent, 0)).toBeCloseTo(100, 9);
    });
    expect(compared).toBe(6 * 21);
  });
});
