/**
 * Known answers for the reports: the tables exactly as written, p-values as
 * printed, the null plot's bins, and each branch of the methods report.
 */
import { gunzipSync } from 'fflate';
import * as nifti from 'nifti-reader-js';
import { describe, expect, it } from 'vitest';
import type { ClusterReport } from '../workers/diagnostics/clusterReport.ts';
import type { Cluster } from '../workers/core/observedClusters.ts';
import { formatContrastP, formatFweP, formatP } from '../workers/reports/formatP.ts';
import { methodsHtml, methodsMarkdown, methodsSections, type ReportContext } from '../workers/reports/methodsReport.ts';
import { nullPlot, symlog } from '../workers/reports/nullDistributionPlot.ts';
import { clusterTableTsv } from '../workers/reports/summary.ts';
import { engineInWords } from '../workers/reports/wording.ts';
import { createGeometry } from '../workers/core/grid.ts';
import { readNifti } from '../workers/input/nifti.ts';
import { OutputSet } from '../workers/reports/outputFiles.ts';
import { addClusteringOutputs, bestLevel, clusteringLabelsTsv, clusteringMetricsTsv, correlationMatrixSvg, correlationTsv, dendrogramSvg } from '../workers/reports/clusteringReport.ts';
import { contrastClustersTsv, contributionsTsv, displayedClustersTsv, fsnTsv, tsvField } from '../workers/reports/tables.ts';

const peak = (xyz: [number, number, number], ale: number, z: number) => ({ xyz, ijk: [0, 0, 0] as [number, number, number], ale, z });
const cluster = (id: number, xyz: [number, number, number]): Cluster => ({ id, sizeVoxels: 10 * id, sizeMm3: 80 * id, mass: 0.5 * id, peak: peak(xyz, 0.03, 4.5), subPeaks: [peak([xyz[0] + 10, xyz[1], xyz[2]], 0.02, 3.75)], center: [1.234, -5.678, 9] });

describe('TSV fields and tables', () => {
  it.each([
    ['plain', 'plain'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+x', "'+x"],
    ['-38', '-38'],
    ['+1.5e3', '+1.5e3'],
    ['@home', "'@home"],
    ['a\tb', '"a\tb"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
  ])('%j → %j', (text, field) => {
    expect(tsvField(text)).toBe(field);
  });

  it('writes contributions with the warning on each cluster’s first row', () => {
    const experiments = [
      { id: 'A', foci: 2, jackknife: 0.5, percent: 60, maxPercent: 70 },
      { id: '=B', foci: 0, jackknife: 0.25, percent: 40, maxPercent: 45 },
    ];
    expect(contributionsTsv([{ clusterId: 3, experiments, dominated: true, warning: 'one experiment ("A") contributes 60 % of this cluster' }])).toBe(
      'cluster_id\texperiment\tfoci_in_cluster\tjackknife\tcontribution_percent\tmax_contribution_percent\tdominance_warning\n' +
        '3\tA\t2\t0.5\t60\t70\t"one experiment (""A"") contributes 60 % of this cluster"\n' +
        "3\t'=B\t0\t0.25\t40\t45\t\n",
    );
  });

  it('says what each Fail-Safe N means', () => {
    expect(
      fsnTsv([
        { clusterId: 1, fsn: 5, bound: 'below', min: 5, max: 50 },
        { clusterId: 2, fsn: 50, bound: 'above', min: 5, max: 50 },
        { clusterId: 3, fsn: 17, bound: 'bracketed', min: 5, max: 50 },
        { clusterId: 4, fsn: 19, bound: 'stopped', min: 19, max: 33 },
      ]),
    ).toBe('cluster_id\tfsn\tbound\tnoise_min\tnoise_max\tmeaning\n1\t5\tbelow\t5\t50\tgone with 5 noise experiments: not robust\n2\t50\tabove\t5\t50\tsurvives 50 noise experiments\n3\t17\tbracketed\t5\t50\tsurvives 17, not 18\n4\t19\tstopped\t19\t33\tsurvives 19, not 33 (stopped before narrowing further)\n');
  });

  it('writes a contrast’s clusters by direction', () => {
    expect(contrastClustersTsv(['high', 'low'], { aOverB: [cluster(1, [2, 4, 6])], bOverA: [], conjunction: [cluster(2, [-2, 0, 8])] }, { aOverB: [0.005], bOverA: [], conjunction: [0.00012] })).toBe(
      'direction\tcluster_id\tx\ty\tz\tpeak_z\tpeak_p\tsize_voxels\tsize_mm3\tcenter_x\tcenter_y\tcenter_z\nhigh > low\t1\t2\t4\t6\t4.5\t0.005\t10\t80\t1.23\t-5.68\t9.00\nconjunction\t2\t-2\t0\t8\t4.5\t0.00012\t20\t160\t1.23\t-5.68\t9.00\n',
    );
  });

  it('writes the cluster table as shown: peaks, sub-peaks, regions, system and experiments', () => {
    const report = {
      id: 1,
      cluster: cluster(1, [2, 4, 6]),
      pFweSize: 0.002,
      pFweMass: 0.01,
      peakRegion: 'Putamen_L',
      subPeakRegions: [null],
      regions: [{ name: 'Putamen_L', share: 0.62, voxels: 6 }, { name: null, share: 0.3, voxels: 3 }, { name: 'Caudate_L', share: 0.05, voxels: 1 }, { name: 'Insula_L', share: 0.03, voxels: 1 }],
      system: 'basal ganglia',
      experiments: [{ id: 's1', foci: 2 }, { id: 's2', foci: 1 }],
    } as unknown as ClusterReport;
    expect(displayedClustersTsv([report], () => '≤ 0.002', (id) => id.toUpperCase())).toBe(
      'cluster\tx\ty\tz\tvolume_mm3\tvoxels\tpeak_ale\tpeak_z\tp_fwe_size\tregion_at_peak\tregions\tsystem\texperiments\n' +
        '1\t2\t4\t6\t80\t10\t0.03000\t4.50\t≤ 0.002\tPutamen_L\tPutamen_L 62%, unlabelled 30%, Caudate_L 5%\tbasal ganglia\tS1 (2); S2 (1)\n' +
        '1a\t12\t4\t6\t\t\t0.02000\t3.75\t\t\t\t\t\n',
    );
  });

  it('writes clusters.tsv from the summary, sub-peaks lettered', () => {
    const c = { id: 2, peak_xyz: [2, 4, 6], peak_ale: 0.03, peak_z: 4.5, size_voxels: 20, size_mm3: 160, mass: 1, center_xyz: [1, 2, 3], sub_peaks: [{ xyz: [12, 4, 6], ale: 0.02, z: 3.75 }, { xyz: [2, 24, 6], ale: 0.01, z: 3.2 }], p_fwe_size: 0.004, p_fwe_mass: null };
    expect(clusterTableTsv({ clusters: [c] } as unknown as Parameters<typeof clusterTableTsv>[0])).toBe(
      'cluster_id\tpeak\tx\ty\tz\tpeak_ale\tpeak_z\tsize_voxels\tsize_mm3\tmass\tcenter_x\tcenter_y\tcenter_z\tp_fwe_size\tp_fwe_mass\n' +
        '2\t2\t2\t4\t6\t0.03\t4.5\t20\t160\t1\t1\t2\t3\t0.004\t\n' +
        '2\t2a\t12\t4\t6\t0.02\t3.75\t\t\t\t\t\t\t\t\n' +
        '2\t2b\t2\t24\t6\t0.01\t3.2\t\t\t\t\t\t\t\t\n',
    );
  });

  it('adds the TFCE p and the region at the peak when the run has them, sub-peak rows as wide as the rest', () => {
    const c = { id: 1, peak_xyz: [2, 4, 6], peak_ale: 0.03, peak_z: 4.5, size_voxels: 20, size_mm3: 160, mass: 1, center_xyz: [1, 2, 3], sub_peaks: [{ xyz: [12, 4, 6], ale: 0.02, z: 3.75 }], p_fwe_size: 0.004, p_fwe_mass: 0.002, p_fwe_tfce: 0.01, region: '=Putamen' };
    const unlabelled = { ...c, id: 2, sub_peaks: [], p_fwe_tfce: undefined, region: undefined };
    const tsv = clusterTableTsv({ clusters: [c, unlabelled] } as unknown as Parameters<typeof clusterTableTsv>[0]);
    const rows = tsv.split('\n');
    expect(rows[0]).toBe('cluster_id\tpeak\tx\ty\tz\tpeak_ale\tpeak_z\tsize_voxels\tsize_mm3\tmass\tcenter_x\tcenter_y\tcenter_z\tp_fwe_size\tp_fwe_mass\tp_fwe_tfce\tregion');
    expect(rows.slice(1)).toEqual([
      "1\t1\t2\t4\t6\t0.03\t4.5\t20\t160\t1\t1\t2\t3\t0.004\t0.002\t0.01\t'=Putamen",
      '1\t1a\t12\t4\t6\t0.02\t3.75\t\t\t\t\t\t\t\t\t\t',
      '2\t2\t2\t4\t6\t0.03\t4.5\t20\t160\t1\t1\t2\t3\t0.004\t0.002\t\t',
      '',
    ]);
    expect(new Set(rows.slice(0, -1).map((r) => r.split('\t').length))).toEqual(new Set([17]));
  });
});

describe('p-values as printed', () => {
  it.each([
    [null, 5000, '—'],
    [0.0123, 5000, '0.012'],
    [0.001, 5000, '0.001'],
    [0.0009, 5000, '< 0.001'],
    [0.0002, 5000, '< 0.001'],
    [0.002, 500, '≤ 0.002'],
    [0.001, 1000, '≤ 0.001'],
    [0.004, 500, '0.004'],
    [0.5, 0, '0.500'],
  ])('p %s after %i iterations prints %j', (p, n, text) => {
    expect(formatFweP(p, n)).toBe(text);
  });

  it('prints three decimals, or "< 0.001"', () => {
    expect([formatP(0.05), formatP(0.00099), formatP(1)]).toEqual(['0.050', '< 0.001', '1.000']);
  });

  it('prints a contrast peak\'s p: the permutation floor as a bound, the conjunction\'s as a plain p', () => {
    expect(formatContrastP(0.01, 100)).toBe('≤ 0.010');
    expect(formatContrastP(0.03, 100)).toBe('0.030');
    expect(formatContrastP(0.0002, 5000)).toBe('< 0.001');
    expect(formatContrastP(0.001, null)).toBe('0.001');
    expect(formatContrastP(0.01, null)).toBe('0.010');
    expect(formatContrastP(3e-5, null)).toBe('< 0.001');
  });
});

describe('the null plot', () => {
  it('bins the maxima evenly on a symlog axis up to the largest value, edges included', () => {
    const plot = nullPlot([0, 1, 2, 3, 3, 9], [20], 0.5, 4);
    const step = symlog(20) / 4;
    expect(Array.from(plot.edges)).toEqual([0, Math.expm1(step), Math.expm1(2 * step), Math.expm1(3 * step), 20]);
    // Edges ≈ 0, 1.14, 3.58, 8.81, 20: 0 and 1 | 2, 3, 3 | none | 9.
    expect(Array.from(plot.counts)).toEqual([2, 3, 0, 1]);
    expect(plot).toMatchObject({ top: 20, maxCount: 3, cut: 3, iterations: 6 });
  });

  it('keeps at least 1 as the axis top, and has no cut-off without iterations', () => {
    const plot = nullPlot([], [0.5], 0.05, 2);
    expect(plot.top).toBe(1);
    expect(plot.cut).toBeNaN();
    expect(plot.iterations).toBe(0);
    expect(Array.from(plot.counts)).toEqual([0, 0]);
  });
});

describe('the methods report’s branches', () => {
  const summary = (over: Record<string, unknown> = {}, parameters: Record<string, unknown> = {}) => ({
    software: 'ale-meta 9',
    input: 'my_data.txt',
    n_experiments: 12,
    n_foci: 100,
    n_subjects: 240,
    n_foci_talairach: 0,
    n_foci_outside_mask: 3,
    n_mask_voxels: 228483,
    cluster_forming_threshold: 0.0123,
    kernel_fwhm_mm: { min: 9.5, max: 11.25 },
    parameters: { clusterFormingP: 0.001, iterations: 1000, seed: 7, connectivity: 6, snap: 'nearest', talTransform: 'other', outsideMask: 'keep', ...parameters },
    monte_carlo: { iterations_run: 1000, stopped_when_settled: false, engine: null },
    ...over,
  });
  const context = (s: ReturnType<typeof summary>, extra: Partial<ReportContext> = {}): ReportContext => ({ summary: s as unknown as ReportContext['summary'], reports: [], alpha: 0.05, maskDescription: 'the MNI152 mask', date: '2026-12-03', ...extra });
  const text = (ctx: ReportContext) => methodsSections(ctx).flatMap((s) => s.paragraphs).join('\n');

  it('says what was analysed, with known N, all in MNI, foci outside kept, nearest voxels', () => {
    const t = text(context(summary()));
    expect(t).toContain('The meta-analysis included 12 experiments reporting 100 foci from 240 subjects (source: my_data.txt). All foci were reported in MNI space. 3 foci fell outside the analysis mask and were kept, so that their kernels still contributed inside the mask (as in NiMARE).');
    expect(t).toContain('computed with ale-meta 9 on the 228,483-voxel 2 mm mask (the MNI152 mask). Foci were assigned to the nearest voxel.');
    expect(t).toContain('(FWHM 9.50–11.25 mm; Eickhoff et al. 2009)');
    expect(t).toContain('Clusters were formed at p < 0.001 (ALE > 0.0123) with 6-connectivity. Cluster-level family-wise error was controlled at α = 0.05 by cluster size, against the distribution of the largest cluster in 1,000 Monte-Carlo datasets with randomly relocated foci (seed 7).');
    expect(t).toContain('0 cluster(s) were significant (cluster-size FWE p < 0.05) out of 0 clusters above the cluster-forming threshold.');
    expect(t).not.toContain('stopped early');
  });

  it('says when each Monte-Carlo dataset was thresholded at its own null, as JALE does', () => {
    const t = text(context(summary({}, { nullMethod: 'jale', mcThreshold: 'per-iteration', clusterFormingP: 0.005 })));
    expect(t).toContain('against the distribution of the largest cluster in 1,000 Monte-Carlo datasets with randomly relocated foci (seed 7), each dataset’s clusters formed at p < 0.005 on its own analytic null, as JALE does.');
  });

  it('names the placeholder N, the Talairach transform, dropped foci, truncation and one kernel width', () => {
    const t = text(context(summary({ n_foci_talairach: 14, kernel_fwhm_mm: { min: 10, max: 10 } }, { snap: 'trunc', talTransform: 'spm', outsideMask: 'drop' }), { placeholderSampleSize: 20 }));
    expect(t).toContain('The meta-analysis included 12 experiments reporting 100 foci (source: my_data.txt). Their sample sizes were not known; every experiment was given a placeholder N = 20, so the kernel widths, and the maps, are approximate. 14 foci reported in Talairach space were converted to MNI space with the icbm_spm (Lancaster et al. 2007) transform. 3 foci fell outside the analysis mask and were excluded (as in GingerALE).');
    expect(t).toContain('Foci were assigned to the voxel obtained by truncating the voxel coordinates.');
    expect(t).toContain('(FWHM 10.00 mm;');
  });

  it('says how many foci had no recognised space and were used as MNI, instead of claiming all were MNI', () => {
    const t = text(context(summary({ n_foci_space_assumed: 210 })));
    expect(t).toContain('(source: my_data.txt). 210 foci came without a recognised space and were used as MNI coordinates, untransformed (as NiMARE does). 3 foci fell outside');
    expect(t).not.toContain('All foci were reported in MNI space');
    const both = text(context(summary({ n_foci_space_assumed: 2, n_foci_talairach: 5 })));
    expect(both).toContain('5 foci reported in Talairach space were converted to MNI space with the icbm_other (Lancaster et al. 2007) transform. 2 foci came without a recognised space');
  });

  it('says when there was no Monte Carlo, when it stopped early and which engine ran it', () => {
    expect(text(context(summary({}, { iterations: 0 })))).toContain('with 6-connectivity. No Monte-Carlo correction was run, so the clusters are uncorrected.');
    expect(text(context(summary({}, { iterations: 0 })))).toContain('0 cluster(s) exceeded the cluster-forming threshold (uncorrected).');
    const early = text(context(summary({ monte_carlo: { iterations_run: 400, stopped_when_settled: true, engine: 'WebGPU (test)' } }, { iterations: 5000, stopWhenSettled: 0.05 })));
    expect(early).toContain('The Monte Carlo was stopped early (400 of 5,000 requested iterations) at the first checkpoint (100, 200, 400, … iterations) at which every cluster\'s decision at α = 0.05 was settled');
    expect(early).toContain('The iterations ran on the GPU (WebGPU); every engine gives the same null for the same seed.');
    const cpu = text(context(summary({ monte_carlo: { iterations_run: 1000, stopped_when_settled: false, engine: 'slab stamping, kernel cores ≥ 1.00e-3 (WebAssembly SIMD)' } })));
    expect(cpu).toContain('The iterations ran on the CPU; every engine');
    expect(cpu).not.toContain('stamping');
  });

  it('names the analytic null: NiMARE’s by default, the exact one when chosen', () => {
    expect(text(context(summary()))).toContain('Uncorrected p-values came from the analytic null distribution of ALE (Eickhoff et al. 2012), computed as in NiMARE (Salo et al. 2023). Clusters were formed');
    const exact = text(context(summary({}, { nullMethod: 'exact' })));
    expect(exact).toContain('(Eickhoff et al. 2012), computed without binning the modelled activation values: the distribution of their union was built on a 10⁻⁵ grid, each combined value split between its two neighbouring grid points so that its mean was kept, and p = P(ALE ≥ observed ALE) read at a resolution of 10⁻⁶ (NiMARE’s binned null, Salo et al. 2023, gives slightly smaller p). Clusters were formed');
    expect(exact).not.toContain('computed as in NiMARE');
  });

  it('names each of JALE’s conventions when the preset is chosen', () => {
    const t = text(context(summary({ n_foci_talairach: 3 }, { snap: 'ceil', talTransform: 'jale', kernel: 'jale', nullMethod: 'jale' })));
    expect(t).toContain('3 foci reported in Talairach space were converted to MNI space with the icbm_spm (Lancaster et al. 2007) transform and rounded to whole mm, as in JALE.');
    expect(t).toContain('Foci were assigned to the voxel obtained by rounding the voxel coordinates up (as JALE does).');
    expect(t).toContain('(FWHM 9.50–11.25 mm; Eickhoff et al. 2009; sampled to ±⌈3.5σ⌉ voxels and normalised over that width, as in JALE), and');
    expect(t).toContain('(Eickhoff et al. 2012), computed as in JALE: modelled activation values binned to the nearest 10⁻⁴, each convolution step rounded to a bin, p read at the ALE rounded to 10⁻⁴ and never below machine precision. Clusters');
  });

  it('counts in words: one focus, one experiment', () => {
    const t = text(context(summary({ n_experiments: 1, n_foci: 1, n_subjects: 1, n_foci_outside_mask: 1, n_foci_talairach: 1 })));
    expect(t).toContain('The meta-analysis included 1 experiment reporting 1 focus from 1 subject (source: my_data.txt). 1 focus reported in Talairach space was converted');
    expect(t).toContain('1 focus fell outside the analysis mask and was kept');
  });

  it('says where mixed engines ran', () => {
    expect(engineInWords('WebGPU (NVIDIA): exact float64 log sums on the device, clusters on the CPU; block pruning')).toBe('on the GPU (WebGPU) and the CPU');
    expect(engineInWords('block pruning')).toBe('on the CPU');
  });

  it('escapes what the user named in Markdown, and cites the data’s sources', () => {
    const md = methodsMarkdown(context(summary({ input: '*bold* <b>.txt' }), { dataCitations: ['Yarkoni T (2011) [Neurosynth]'] }));
    expect(md).toContain('(source: \\*bold\\* &lt;b&gt;.txt)');
    expect(md).toContain('- Yarkoni T \\(2011\\) \\[Neurosynth\\]');
    expect(md.startsWith('# Activation likelihood estimation: methods and results\n\nReport generated on 2026-12-03.\n\n## Data\n\n')).toBe(true);
  });
});

describe('the methods report as HTML and its results table', () => {
  const report = (id: number, pFweSize: number, region: string | null) =>
    ({ id, pFweSize, peakRegion: region, cluster: { peak: { xyz: [2 * id, -4, 6], ale: 0.034123, z: 6.7421 }, sizeMm3: 800 * id } }) as unknown as ClusterReport;
  const ctx = {
    summary: {
      software: 'ale-meta 9', input: 'a<b>&"c".txt', n_experiments: 21, n_foci: 267, n_subjects: 334, n_foci_talairach: 0, n_foci_outside_mask: 0, n_mask_voxels: 1000, cluster_forming_threshold: 0.01,
      kernel_fwhm_mm: { min: 10, max: 10 }, parameters: { clusterFormingP: 0.001, iterations: 500, seed: 1, connectivity: 26, snap: 'nearest', talTransform: 'other', outsideMask: 'keep' },
      monte_carlo: { iterations_run: 500, stopped_when_settled: false, engine: null },
    } as unknown as ReportContext['summary'],
    reports: [report(1, 0.002, 'Putamen_L'), report(2, 0.2, null), report(3, 0.01, 'A|B')],
    alpha: 0.05,
    maskDescription: 'mask',
    date: '2026-12-03',
  };

  it('tables the significant clusters only, with p at its floor and unlabelled peaks said so', () => {
    const md = methodsMarkdown(ctx);
    expect(md).toContain('2 cluster(s) were significant (cluster-size FWE p < 0.05) out of 3 clusters above the cluster-forming threshold.');
    expect(md).toContain('| Cluster | x | y | z | Volume (mm³) | Peak ALE | Peak Z | p (FWE, size) | Region at peak |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n| 1 | 2 | -4 | 6 | 800 | 0.0341 | 6.74 | ≤ 0.002 | Putamen_L |\n| 3 | 6 | -4 | 6 | 2400 | 0.0341 | 6.74 | 0.010 | A\\|B |\n');
    expect(md).toContain('with 26-connectivity');
  });

  it('writes a standalone HTML page, escaping what came from the user', () => {
    const html = methodsHtml(ctx);
    expect(html.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>ALE methods and results</title>')).toBe(true);
    expect(html).toContain('<h1>Activation likelihood estimation: methods and results</h1>\n<p>Report generated on 2026-12-03.</p>\n<h2>Data</h2>');
    expect(html).toContain('(source: a&lt;b&gt;&amp;&quot;c&quot;.txt)');
    expect(html).toContain('<table>\n<thead><tr><th>Cluster</th><th>x</th>');
    expect(html).toContain('<tr><td>3</td><td>6</td><td>-4</td><td>6</td><td>2400</td><td>0.0341</td><td>6.74</td><td>0.010</td><td>A|B</td></tr>\n</tbody>\n</table>');
    expect(html).toContain('<h2>References</h2>\n<ul><li>Eickhoff SB, Laird AR');
    expect(html.endsWith('</body></html>\n')).toBe(true);
    expect(methodsSections(ctx).map((s) => s.heading)).toEqual(['Data', 'Method', 'Results', 'References']);
  });
});

describe('the clustering of experiments’ outputs', () => {
  const level = (k: number, z: number, labels: number[]) => ({ k, silhouette: { mean: 0.25, sd: 0.125, z }, calinskiHarabasz: { mean: 7.5, sd: 1.5, z: 2 }, separationDensity: 0.5, labels: Int32Array.from(labels) });
  const result = {
    correlation: Float64Array.from([1, 0.5, -0.25, 0.5, 1, 0, -0.25, 0, 1]),
    // Complete linkage on 1 − r: a and b at 0.5, then d at max(1.25, 1).
    tree: { n: 3, merges: [{ a: 0, b: 1, distance: 0.5 }, { a: 0, b: 2, distance: 1.25 }] },
    linkage: 'complete' as const,
    order: [2, 0, 1],
    levels: [level(2, 1.5, [1, 1, 2]), level(3, 0.5, [1, 2, 3])],
    subsampleSize: 2,
    subsamples: 3,
    nullIterations: 4,
  };
  const names = ['a', 'b\tc', 'd'];

  it('writes the scores, the labels and the matrix as tables', () => {
    expect(clusteringMetricsTsv(result)).toBe('k\tsilhouette\tsilhouette_sd\tsilhouette_z\tcalinski_harabasz\tcalinski_harabasz_sd\tcalinski_harabasz_z\tseparation_density\n2\t0.25\t0.125\t1.5\t7.5\t1.5\t2\t0.5\n3\t0.25\t0.125\t0.5\t7.5\t1.5\t2\t0.5\n');
    expect(clusteringLabelsTsv(result, names)).toBe('experiment\tk=2\tk=3\na\t1\t1\n"b\tc"\t1\t2\nd\t2\t3\n');
    expect(correlationTsv(result, names)).toBe('experiment\ta\t"b\tc"\td\na\t1\t0.5\t-0.25\n"b\tc"\t0.5\t1\t0\nd\t-0.25\t0\t1\n');
  });

  it('outlines the groups of the k whose silhouette stands furthest above its null, in dendrogram order', () => {
    expect(bestLevel(result).k).toBe(2);
    const svg = correlationMatrixSvg(result, names);
    // Dendrogram order d, a, b regrouped by label: a and b (group 1), then d; names of up to 3 characters leave 26 px.
    expect(svg.match(/fill="none" stroke="black"/g)).toHaveLength(2);
    expect(svg).toContain('<rect x="26" y="0" width="32" height="32" fill="none"');
    expect(svg).toContain('<rect x="58" y="32" width="16" height="16" fill="none"');
    expect(svg.indexOf('>a</text>')).toBeLessThan(svg.indexOf('>d</text>'));
    expect(svg).toContain('outlined: the 2 groups whose silhouette stands furthest above the null of shuffled foci (z = 1.50).');
    // Self-correlation in full red, −0.25 a quarter of the way to blue.
    expect(svg).toContain('fill="rgb(178,24,43)"');
    expect(svg).toContain('fill="rgb(200,217,234)"');
  });

  it('draws the tree sideways, coloured inside the cut of the best k, with each experiment’s consensus group', () => {
    const svg = dendrogramSvg({ ...result, levels: [level(2, 1.5, [2, 2, 1]), level(3, 0.5, [1, 2, 3])] }, names);
    // Names of 3 characters: 26 px, then the group column (28 px) and 6 px: distance 0 at x = 60, 1.25 (the root) at 480.
    // Rows of 16 px from y = 20 in the order d, a, b: centres 28, 44, 60; a and b join at 0.5 (x = 228) and meet d at y = 52.
    const paths = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(paths).toEqual([
      ['M60.00 44.00H228.00V60.00H60.00', '#E69F00'],
      ['M228.00 52.00H480.00V28.00H60.00', '#888888'],
    ]);
    // The cut for k = 2 halfway between the merges at 0.5 and 1.25.
    expect(svg).toContain('<line x1="354.00" y1="16" x2="354.00" y2="68" stroke="black" stroke-dasharray="4 3"/>');
    expect(svg).toContain('>k = 2</text>');
    // The consensus group beside each name (here the reverse of the tree's own cut).
    expect(svg).toContain('<text x="43" y="32" text-anchor="middle" font-size="11">1</text>');
    expect(svg).toContain('<text x="43" y="48" text-anchor="middle" font-size="11">2</text>');
    expect(svg).toContain('Complete-linkage tree');
    expect(svg.endsWith('</svg>\n')).toBe(true);
  });

  it('writes every file of the clustering, and one ALE map per group of the best k, named and described by it', () => {
    const geometry = createGeometry([2, 1, 2], Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]), Uint8Array.from([1, 0, 1, 1]));
    const out = new OutputSet(geometry);
    addClusteringOutputs(out, result, names, [Float32Array.from([0.5, 0, 0.25]), Float32Array.from([0, 0.125, 0])]);
    expect(out.files.map((f) => f.name)).toEqual(['clustering_metrics.tsv', 'clustering_labels.tsv', 'correlation.tsv', 'correlation_matrix.svg', 'dendrogram.svg', 'ale_k-2_group-1.nii.gz', 'ale_k-2_group-2.nii.gz']);
    const text = (name: string) => new TextDecoder().decode(out.files.find((f) => f.name === name)?.bytes);
    expect(text('clustering_labels.tsv')).toBe(clusteringLabelsTsv(result, names));
    expect(text('clustering_metrics.tsv')).toBe(clusteringMetricsTsv(result));
    expect(text('correlation.tsv')).toBe(correlationTsv(result, names));
    expect(text('correlation_matrix.svg')).toBe(correlationMatrixSvg(result, names));
    expect(text('dendrogram.svg')).toBe(dendrogramSvg(result, names));
    const group2 = out.files[6].bytes;
    expect(Array.from(readNifti(group2, 'g2').data)).toEqual([0, 0, 0.125, 0]);
    expect(nifti.readHeader(gunzipSync(group2).buffer)?.description).toBe('ALE of group 2 of 2');
  });
});
