/**
 * Known answers for TFCE as an inference: voxel p and each cluster's p from
 * a hand-made null, which clusters each inference calls significant, the
 * tables' TFCE column and the methods report's sentences.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../workers/core/observedClusters.ts';
import { significantReports, type ClusterReport } from '../workers/diagnostics/clusterReport.ts';
import { correctFwe, fweCutoff } from '../workers/inference/fwe.ts';
import { methodsMarkdown, methodsSections, type ReportContext } from '../workers/reports/methodsReport.ts';
import { clusterTableTsv } from '../workers/reports/summary.ts';
import { displayedClustersTsv } from '../workers/reports/tables.ts';

const cluster = (id: number, size: number): Cluster =>
  ({ id, sizeVoxels: size, sizeMm3: 8 * size, mass: size / 100, peak: { xyz: [id, 0, 0], ijk: [0, 0, 0], ale: 0.03, z: 4 }, subPeaks: [], center: [id, 0, 0] }) as Cluster;

describe('TFCE FWE from the Monte-Carlo maxima', () => {
  // Six voxels: cluster 1 = voxels 0–1, cluster 2 = voxels 2–3, background 4–5.
  const labels = Int32Array.from([1, 1, 2, 2, 0, 0]);
  const ale = Float32Array.from([0.03, 0.02, 0.02, 0.015, 0.001, 0]);
  const tfce = Float64Array.from([900, 400, 120, 80, 10, 0]);
  const nullMaxima = {
    maxAle: Float64Array.from([0.01, 0.02, 0.03, 0.04]),
    maxSize: Float64Array.from([1, 1, 1, 1]),
    maxMass: Float64Array.from([0, 0, 0, 0]),
    maxTfce: Float64Array.from([100, 300, 500, 150]),
  };

  it('gives each voxel the share of null maxima at least as large, clamped to [1/n, 1 − 1/n]', () => {
    const fwe = correctFwe(ale, labels, [cluster(1, 2), cluster(2, 2)], nullMaxima, tfce);
    // 900 beats all four → 1/4; 400 is beaten by 500 → 1/4; 120 by 500, 300, 150 → 3/4; 80 by all → clamped 3/4; 10 → 3/4; 0 → 3/4.
    const p = [0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    expect(Array.from(fwe.logpTfce ?? [])).toEqual(p.map((v) => Math.fround(-Math.log10(v))));
    // A cluster's p is that of its largest TFCE: 900 for cluster 1, 120 for cluster 2.
    expect(fwe.clusters.map((c) => c.pTfce)).toEqual([0.25, 0.75]);
    expect(fweCutoff(nullMaxima.maxTfce, 0.25)).toBe(500);
  });

  it('refuses TFCE without its null, and leaves it out when the run had none', () => {
    const { maxTfce: _, ...plain } = nullMaxima;
    expect(() => correctFwe(ale, labels, [cluster(1, 2), cluster(2, 2)], plain, tfce)).toThrow('TFCE needs the Monte Carlo');
    const fwe = correctFwe(ale, labels, [cluster(1, 2), cluster(2, 2)], plain);
    expect(fwe.logpTfce).toBeUndefined();
    expect(fwe.clusters[0].pTfce).toBeUndefined();
  });
});

describe('which clusters each inference reports', () => {
  const report = (id: number, pFweSize: number, pFweTfce: number | null) => ({ id, pFweSize, pFweTfce, cluster: cluster(id, 10 * id), peakRegion: null, subPeakRegions: [], regions: [], system: 'other', experiments: [] }) as unknown as ClusterReport;
  const reports = [report(1, 0.01, 0.2), report(2, 0.3, 0.04), report(3, 0.049, 0.05)];

  it('takes the cluster-size p by default and the TFCE p when asked', () => {
    expect(significantReports(reports, 0.05).map((r) => r.id)).toEqual([1, 3]);
    expect(significantReports(reports, 0.05, 'size').map((r) => r.id)).toEqual([1, 3]);
    expect(significantReports(reports, 0.05, 'tfce').map((r) => r.id)).toEqual([2]);
  });

  it('reads a run without TFCE by size whatever is asked', () => {
    const plain = [report(1, 0.01, null), report(2, 0.3, null)];
    expect(significantReports(plain, 0.05, 'tfce').map((r) => r.id)).toEqual([1]);
  });

  it('adds the TFCE column to the copied table and to clusters.tsv only when there is one', () => {
    const shown = displayedClustersTsv(reports.slice(0, 1), () => '0.010', (id) => id, () => '0.200').split('\n');
    expect(shown[0]).toBe('cluster\tx\ty\tz\tvolume_mm3\tvoxels\tpeak_ale\tpeak_z\tp_fwe_size\tp_fwe_tfce\tregion_at_peak\tregions\tsystem\texperiments');
    expect(shown[1]).toBe('1\t1\t0\t0\t80\t10\t0.03000\t4.00\t0.010\t0.200\t\t\tother\t');
    expect(displayedClustersTsv(reports.slice(0, 1), () => '0.010').split('\n')[0]).not.toContain('tfce');
    const row = { id: 1, size_voxels: 10, size_mm3: 80, mass: 0.1, peak_xyz: [1, 0, 0], peak_ale: 0.03, peak_z: 4, center_xyz: [1, 0, 0], sub_peaks: [{ xyz: [2, 0, 0], ale: 0.02, z: 3 }], p_fwe_size: 0.01, p_fwe_mass: 0.02 };
    const tsv = (clusters: object[]) => clusterTableTsv({ clusters } as unknown as Parameters<typeof clusterTableTsv>[0]).split('\n');
    const withTfce = tsv([{ ...row, p_fwe_tfce: 0.2 }]);
    expect(withTfce[0].endsWith('\tp_fwe_size\tp_fwe_mass\tp_fwe_tfce')).toBe(true);
    expect(withTfce[1].endsWith('\t0.01\t0.02\t0.2')).toBe(true);
    expect(withTfce[2].split('\t')).toHaveLength(16);
    const without = tsv([row]);
    expect(without[0].endsWith('\tp_fwe_mass')).toBe(true);
    expect(without[2].split('\t')).toHaveLength(15);
  });
});

describe('the methods report with TFCE', () => {
  const summary = (maxTfce: number[] | undefined) => ({
    software: 'ale-meta 9', input: 'x.txt', n_experiments: 21, n_foci: 267, n_subjects: 334, n_foci_talairach: 0, n_foci_outside_mask: 0, n_mask_voxels: 1000, cluster_forming_threshold: 0.01,
    kernel_fwhm_mm: { min: 10, max: 10 }, parameters: { clusterFormingP: 0.001, iterations: 4, seed: 1, connectivity: 6, snap: 'nearest', talTransform: 'other', outsideMask: 'keep', tfce: true },
    monte_carlo: { iterations_run: 4, stopped_when_settled: false, engine: null },
    null: { max_ale: [], max_cluster_size: [], max_cluster_mass: [], max_tfce: maxTfce },
  });
  const report = (id: number, pFweSize: number, pFweTfce: number) =>
    ({ id, pFweSize, pFweTfce, peakRegion: null, cluster: { peak: { xyz: [id, 0, 0], ale: 0.03, z: 4 }, sizeMm3: 80 } }) as unknown as ClusterReport;
  const ctx = (inference: 'size' | 'tfce', maxTfce: number[] | null = [100, 300, 500, 150]): ReportContext => ({
    summary: summary(maxTfce ?? undefined) as unknown as ReportContext['summary'],
    reports: [report(1, 0.25, 0.75), report(2, 0.75, 0.25)],
    alpha: 0.5,
    maskDescription: 'mask',
    date: '2026-12-03',
    inference,
  });
  const text = (c: ReportContext) => methodsSections(c).flatMap((s) => [...s.paragraphs, ...(s.list ?? [])]).join('\n');

  it('states the TFCE rule, its cut-off from the null and what decided the clusters', () => {
    const bySize = text(ctx('size'));
    // The cut-off at α = 0.5 of [100, 150, 300, 500]: rank 4 − 2 = 2 → 300.
    expect(bySize).toContain('E = 0.5 and H = 2 with cluster extents in voxels. Its voxel-level family-wise error was controlled at α = 0.5 against the largest TFCE of each Monte-Carlo dataset (cut-off TFCE ≥ 300.0). Clusters are reported as significant by their size; their TFCE FWE p is given alongside.');
    expect(bySize).toContain('1 cluster(s) were significant (cluster-size FWE p < 0.5) out of 2 clusters');
    expect(bySize).toContain('Smith SM, Nichols TE (2009)');
    const byTfce = text(ctx('tfce'));
    expect(byTfce).toContain('Clusters are reported as significant when their largest TFCE is.');
    expect(byTfce).toContain('1 cluster(s) were significant (TFCE FWE p of the cluster’s largest TFCE < 0.5) out of 2 clusters');
    const md = methodsMarkdown(ctx('tfce'));
    expect(md).toContain('| Cluster | x | y | z | Volume (mm³) | Peak ALE | Peak Z | p (FWE, size) | p (FWE, TFCE) | Region at peak |');
    expect(md).toContain('| 2 | 2 | 0 | 0 | 80 | 0.0300 | 4.00 | 0.750 | ≤ 0.250 | unlabelled |');
  });

  it('says nothing of TFCE when the run has no TFCE null', () => {
    const t = text(ctx('tfce', null));
    expect(t).not.toContain('TFCE');
    expect(t).toContain('1 cluster(s) were significant (cluster-size FWE p < 0.5)');
  });
});
