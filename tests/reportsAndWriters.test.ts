
import { describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { clusterReports } from '../workers/diagnostics/clusterReport.ts';
import { methodsHtml, methodsMarkdown } from '../workers/reports/methodsReport.ts';
import { runAle } from '../workers/analysis/runAle.ts';
import { buildSummary } from '../workers/reports/summary.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

describe.skipIf(!hasReference)('methods report', () => {
  it('names the pain data’s counts, the parameters and the significant clusters', async () => {
    const geometry = painGeometry();
    const parameters = { clusterFormingP: 0.001, iterations: 200, seed: 42, connectivity: 6 as const, snap: 'trunc' as const, talTransform: 'other' as const, outsideMask: 'keep' as const };
    const outcome = await runAle(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, parameters, { workers: 2, createWorker: createNodeWorker });
    if (!outcome.ok) throw new Error('run failed');
    const summary = buildSummary(outcome.result, { software: 'ale-meta test', input: 'pain_nidm21_MNI.sleuth.txt', mask: 'reference', totalMs: 0 });
    const { observed, input, fwe } = outcome.result;
    const reports = clusterReports(observed.clusters.clusters, observed.clusters.labels, geometry, input.experiments, null, fwe);
    const context = { summary, reports, alpha: 0.05, maskDescription: 'NiMARE MNI152 brain mask', date: '2026-11-24' };
    const md = methodsMarkdown(context);
    expect(md).toContain('21 experiments reporting 267 foci from 334 subjects');
    expect(md).toContain('26 foci fell outside the analysis mask and were kept');
    expect(md).toContain('p < 0.001 (ALE > 0.01083) with 6-connectivity');
    expect(md).toContain('200 Monte-Carlo datasets with randomly relocated foci (seed 42)');
    expect(md).toContain('228,483-voxel 2 mm mask');
    expect(md).toContain('| 1 | 38 | 4 | 2 | 6488 | 0.0341 | 6.74 |');
    expect(md).toMatch(/6 cluster\(s\) were significant/);
    expect(md).toContain('Turkeltaub PE');
    const html = methodsHtml(context);
    expect(html).toContain('<td>6488</td>');
    expect(html).toContain('21 experiments reporting 267 foci from 334 subjects');
  });
});
