/**
 * summary.json and the output files of a run, built in this process from a
 * run on the pain data: every field against the result it summarises.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { finishAnalysis, startAnalysis, type AleResult } from '../workers/analysis/runAle.ts';
import { createNullEngine, runIterations } from '../workers/inference/index.ts';
import * as nifti from 'nifti-reader-js';
import { gunzipSync } from 'fflate';
import { logpFromP, pForStorage } from '../workers/core/statMaps.ts';
import { fdrAdjust } from '../workers/inference/fdr.ts';
import { readNifti } from '../workers/input/nifti.ts';
import { addMainOutputs, OutputSet } from '../workers/reports/outputFiles.ts';
import { buildSummary } from '../workers/reports/summary.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

describe.skipIf(!hasReference)('summary.json and the output files (pain data)', () => {
  let geometry: Geometry;
  let withNull: AleResult;
  let withoutNull: AleResult;
  const parameters = { clusterFormingP: 0.001, iterations: 40, seed: 3, connectivity: 6 as const, snap: 'trunc' as const, talTransform: 'other' as const, outsideMask: 'keep' as const, stopWhenSettled: undefined };

  beforeAll(() => {
    geometry = painGeometry();
    // The Monte Carlo in this process (no worker pool), so the whole run is quick.
    const start = startAnalysis(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, parameters);
    if (!start.ok) throw new Error('run failed');
    withNull = finishAnalysis(start.started, runIterations(createNullEngine(start.started.spec), 0, parameters.iterations), 12.34, 'test engine');
    withoutNull = finishAnalysis(start.started, undefined, 0);
  });

  it('summarises the input, the threshold, the Monte Carlo and the clusters', () => {
    const s = buildSummary(withNull, { software: 'ale-meta test', input: 'pain.txt', mask: 'reference mask', totalMs: 1234.56 });
    const { observed, input } = withNull;
    expect(s).toMatchObject({ software: 'ale-meta test', input: 'pain.txt', mask: 'reference mask', n_experiments: 21, n_foci: 267, n_foci_outside_mask: 26, n_subjects: 334, n_foci_talairach: 0, n_mask_voxels: 228483 });
    expect(s.cluster_forming_threshold).toBe(observed.threshold);
    expect(s.kernel_fwhm_mm).toEqual({ min: Math.min(...input.experiments.map((e) => e.fwhm)), max: Math.max(...input.experiments.map((e) => e.fwhm)) });
    expect(s.kernel_fwhm_mm.min).toBeLessThan(s.kernel_fwhm_mm.max);
    expect(s.monte_carlo).toEqual({ iterations_requested: 40, iterations_run: 40, stopped_when_settled: false, engine: 'test engine' });
    expect(s.null).toEqual({ max_ale: Array.from(withNull.nullMaxima!.maxAle), max_cluster_size: Array.from(withNull.nullMaxima!.maxSize), max_cluster_mass: Array.from(withNull.nullMaxima!.maxMass) });
    expect(s.clusters.length).toBe(observed.clusters.clusters.length);
    const c = observed.clusters.clusters[0];
    expect(s.clusters[0]).toEqual({
      id: 1,
      size_voxels: c.sizeVoxels,
      size_mm3: c.sizeMm3,
      mass: c.mass,
      peak_xyz: c.peak.xyz,
      peak_ale: c.peak.ale,
      peak_z: c.peak.z,
      center_xyz: c.center.map((v) => Math.round(v * 100) / 100),
      sub_peaks: c.subPeaks.map((p) => ({ xyz: p.xyz, ale: p.ale, z: p.z })),
      p_fwe_size: withNull.fwe!.clusters[0].pSize,
      p_fwe_mass: withNull.fwe!.clusters[0].pMass,
    });
    expect(s.timings_ms.total).toBe(1234.6);
    expect(s.timings_ms.monte_carlo).toBe(12.3);
  });

  it('says when there was no Monte Carlo', () => {
    const s = buildSummary(withoutNull, { software: 'x', input: 'pain.txt', mask: 'm', totalMs: 0 });
    expect(s.monte_carlo).toEqual({ iterations_requested: 40, iterations_run: 0, stopped_when_settled: false, engine: null });
    expect(s.null).toEqual({ max_ale: [], max_cluster_size: [], max_cluster_mass: [] });
    expect(s.clusters.every((c) => c.p_fwe_size === null && c.p_fwe_mass === null)).toBe(true);
  });

  it('writes the maps, the FDR maps, the labels and, with a Monte Carlo, the FWE maps', () => {
    const names = (result: AleResult) => {
      const out = new OutputSet(geometry);
      addMainOutputs(out, result, buildSummary(result, { software: 'x', input: 'pain.txt', mask: 'm', totalMs: 0 }));
      return out.files.map((f) => f.name);
    };
    const maps = ['ale.nii.gz', 'p.nii.gz', 'z.nii.gz', 'logp.nii.gz', 'logp_corr-FDR_method-indep.nii.gz', 'logp_corr-FDR_method-negcorr.nii.gz', 'clusters.nii.gz'];
    expect(names(withoutNull)).toEqual([...maps, 'clusters.tsv']);
    expect(names(withNull)).toEqual([...maps, 'logp_level-cluster_desc-size_corr-FWE.nii.gz', 'logp_level-cluster_desc-mass_corr-FWE.nii.gz', 'logp_level-voxel_corr-FWE.nii.gz', 'clusters.tsv']);
  });

  it('fills each map with the values it is named for, on the mask’s grid, with its description', () => {
    const out = new OutputSet(geometry);
    addMainOutputs(out, withNull, buildSummary(withNull, { software: 'x', input: 'pain.txt', mask: 'm', totalMs: 0 }));
    const read = (name: string) => {
      const file = out.files.find((f) => f.name === name);
      if (!file) throw new Error(`no ${name}`);
      return { volume: readNifti(file.bytes, name), description: nifti.readHeader(gunzipSync(file.bytes).buffer)?.description };
    };
    const { observed, fwe } = withNull;
    const fdr = fdrAdjust(observed.maps.p, 'indep');
    const fdrNeg = fdrAdjust(observed.maps.p, 'negcorr');
    const expected: [string, ArrayLike<number>, string][] = [
      ['ale.nii.gz', observed.ale, 'ALE'],
      ['p.nii.gz', pForStorage(observed.maps.p), 'uncorrected p'],
      ['z.nii.gz', observed.maps.z, 'uncorrected z'],
      ['logp.nii.gz', observed.maps.logp, 'uncorrected -log10 p'],
      ['logp_corr-FDR_method-indep.nii.gz', Float32Array.from(fdr, logpFromP), 'FDR (BH) -log10 q'],
      ['logp_corr-FDR_method-negcorr.nii.gz', Float32Array.from(fdrNeg, logpFromP), 'FDR (BY) -log10 q'],
      ['clusters.nii.gz', observed.clusters.labels, 'cluster labels'],
      ['logp_level-cluster_desc-size_corr-FWE.nii.gz', fwe!.logpClusterSize, 'cluster-size FWE -log10 p'],
      ['logp_level-cluster_desc-mass_corr-FWE.nii.gz', fwe!.logpClusterMass, 'cluster-mass FWE -log10 p'],
      ['logp_level-voxel_corr-FWE.nii.gz', fwe!.logpVoxel, 'voxel FWE -log10 p'],
    ];
    for (const [name, masked, description] of expected) {
      const { volume, description: written } = read(name);
      expect(written, name).toBe(description);
      expect(volume.shape).toEqual(geometry.shape);
      let differ = 0;
      for (let m = 0; m < geometry.nMasked; m += 37) if (volume.data[geometry.maskedToFlat[m]] !== Math.fround(masked[m])) differ++;
      expect(differ, name).toBe(0);
    }
    // The two FDR corrections differ, so swapping them is caught.
    expect(fdr.some((q, m) => q !== fdrNeg[m])).toBe(true);
    const tsv = new TextDecoder().decode(out.files.find((f) => f.name === 'clusters.tsv')!.bytes);
    expect(tsv.split('\n')[0].startsWith('cluster_id\tpeak\tx')).toBe(true);
  });

  it('writes JSON with a final line break and text as given, in UTF-8', () => {
    const out = new OutputSet(geometry);
    out.json('a.json', { x: 1, y: 'é' });
    out.text('b.txt', 'µ');
    expect(out.files.map((f) => [f.name, new TextDecoder().decode(f.bytes)])).toEqual([
      ['a.json', '{\n "x": 1,\n "y": "é"\n}\n'],
      ['b.txt', 'µ'],
    ]);
  });
});
