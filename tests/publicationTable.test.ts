/**
 * The cluster table as papers print it: on the pain data its rows against
 * NiMARE's cluster table, and the three formats' quoting and escaping.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseObserved } from '../workers/core/observedAnalysis.ts';
import { prepareInput } from '../workers/core/prepare.ts';
import { clusterReports, type ClusterReport } from '../workers/diagnostics/clusterReport.ts';
import { clusterContributions, type ClusterContributions } from '../workers/diagnostics/contributions.ts';
import type { Atlas } from '../workers/diagnostics/atlas.ts';
import { readNifti } from '../workers/input/nifti.ts';
import { publicationCsv, publicationHtml, publicationMarkdown, publicationRows, type PublicationRow } from '../workers/reports/publicationTable.ts';
import { hasReference, loadDataset, painGeometry, readCsv } from './support/reference.ts';

const asset = (name: string) => readFileSync(new URL(`../public/assets/${name}`, import.meta.url));

describe.skipIf(!hasReference)('the publication table of the pain data', () => {
  let reports: ClusterReport[];
  let contributions: ClusterContributions[];

  beforeAll(() => {
    const geometry = painGeometry();
    const prepared = prepareInput(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    const { experiments } = prepared.input;
    const observed = analyseObserved(experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
    const volume = readNifti(asset('aal_2mm.nii.gz'), 'aal');
    const atlas: Atlas = { shape: volume.shape, affine: volume.affine, labels: Uint8Array.from(volume.data), regions: JSON.parse(asset('aal_labels.json').toString('utf8')) };
    reports = clusterReports(observed.clusters.clusters, observed.clusters.labels, geometry, experiments, atlas, undefined).slice(0, 4);
    contributions = clusterContributions(experiments, observed.kernels, observed.ale, observed.clusters.labels, [1, 2], geometry);
  });

  it('prints volume, peak, peak ALE and Z as NiMARE’s cluster table has them', () => {
    const rows = publicationRows(reports, contributions, 0);
    const nimare = readCsv('pain/fwe_niters-1000_ncores-1_seed-0/clusters_ale_p001.csv').slice(0, 4);
    expect(rows.map((r) => [r.cluster, r.volume, r.x, r.y, r.z, r.ale, r.zScore])).toEqual(
      nimare.map((c) => [c.cluster, Number(c.size_mm3).toLocaleString('en'), c.peak_x, c.peak_y, c.peak_z, Number(c.peak_ale).toFixed(4), Number(c.peak_z_uncorr).toFixed(2)].map(String)),
    );
    // Without a Monte Carlo there is no FWE p.
    expect(rows.every((r) => r.p === '—')).toBe(true);
    expect(rows[0].region).not.toBe('unlabelled');
  });

  it('lists contributing experiments by their share of the cluster where computed, else by their foci', () => {
    const rows = publicationRows(reports, contributions, 1000, (id) => `«${id}»`);
    const shares = contributions[0].experiments.filter((e) => e.percent >= 1).sort((a, b) => b.percent - a.percent);
    expect(shares.length).toBeGreaterThan(3);
    expect(rows[0].experiments).toBe(shares.map((e) => `«${e.id}» (${e.percent.toFixed(0)} %)`).join('; '));
    // Cluster 3 has no contributions computed: its experiments with foci inside, with how many.
    expect(rows[2].experiments).toBe(reports[2].experiments.map((e) => `«${e.id}» (${e.foci} ${e.foci === 1 ? 'focus' : 'foci'})`).join('; '));
    expect(rows[2].experiments).toMatch(/\(1 focus\)|\(\d+ foci\)/);
  });
});

describe('the publication table’s rows', () => {
  const report = (id: number, experiments: { id: string; foci: number }[], peakRegion: string | null) =>
    ({ id, cluster: { sizeMm3: 12345, peak: { xyz: [-38, 4, 2], ale: 0.034149, z: 6.7449 } }, pFweSize: 0.0004, peakRegion, experiments }) as unknown as ClusterReport;
  const shares = { clusterId: 1, experiments: [{ id: 'small', percent: 0.99 }, { id: 'edge', percent: 1 }, { id: 'big', percent: 50.4 }, { id: 'mid', percent: 20.6 }] } as unknown as ClusterContributions;

  it('lists shares of at least 1 %, largest first, and otherwise foci, one or several; a peak outside the atlas is unlabelled', () => {
    const rows = publicationRows([report(1, [], 'Insula_R'), report(2, [{ id: 'a', foci: 1 }, { id: 'b', foci: 3 }], null)], [shares], 5000, (id) => id.toUpperCase());
    expect(rows).toEqual([
      { cluster: '1', volume: '12,345', x: '-38', y: '4', z: '2', ale: '0.0341', zScore: '6.74', p: '< 0.001', region: 'Insula_R', experiments: 'BIG (50 %); MID (21 %); EDGE (1 %)' },
      { cluster: '2', volume: '12,345', x: '-38', y: '4', z: '2', ale: '0.0341', zScore: '6.74', p: '< 0.001', region: 'unlabelled', experiments: 'A (1 focus); B (3 foci)' },
    ]);
  });
});

describe('the publication table’s formats', () => {
  const row: PublicationRow = { cluster: '1', volume: '6,488', x: '-38', y: '4', z: '2', ale: '0.0341', zScore: '6.74', p: '≤ 0.001', region: 'Insula_R', experiments: 'Smith, J. "pain" (40 %); =HYPERLINK(x) (3 %)' };

  it('writes CSV that a spreadsheet reads back as the same cells, formulas defused', () => {
    expect(publicationCsv([row])).toBe(
      'Cluster,Volume (mm³),x,y,z,Peak ALE,Peak Z,p (FWE),Region at peak,Contributing experiments\r\n' + '1,"6,488",-38,4,2,0.0341,6.74,≤ 0.001,Insula_R,"Smith, J. ""pain"" (40 %); =HYPERLINK(x) (3 %)"\r\n',
    );
    expect(publicationCsv([{ ...row, experiments: '=cmd' }]).split('\r\n')[1].endsWith(",'=cmd")).toBe(true);
    // A minus before a number is a coordinate; before anything else, a formula; inside a name, a hyphen.
    expect(publicationCsv([{ ...row, region: 'Cingulum_Mid-L' }]).split('\r\n')[1]).toContain(',Cingulum_Mid-L,');
    expect(publicationCsv([{ ...row, x: '-38', region: '-x', experiments: 'a\nb' }]).split('\r\n')[1]).toBe(`1,"6,488",-38,4,2,0.0341,6.74,≤ 0.001,'-x,"a\nb"`);
  });

  it('writes Markdown with pipes escaped, and a Word-ready HTML table with the caption', () => {
    const md = publicationMarkdown([{ ...row, region: 'A|B' }]);
    expect(md.split('\n')[1]).toBe('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    expect(md.split('\n')[2]).toBe('| 1 | 6,488 | -38 | 4 | 2 | 0.0341 | 6.74 | ≤ 0.001 | A\\|B | Smith, J. "pain" (40 %); =HYPERLINK(x) (3 %) |');
    expect(publicationMarkdown([{ ...row, region: 'a\\b', experiments: 'one\r\ntwo\n\nthree' }]).split('\n')[2]).toBe('| 1 | 6,488 | -38 | 4 | 2 | 0.0341 | 6.74 | ≤ 0.001 | a\\\\b | one two three |');
    const html = publicationHtml([{ ...row, region: '<b>' }], 'Table 1 & more');
    expect(html).toContain('<caption style="text-align:left;padding-bottom:4pt">Table 1 &amp; more</caption>');
    expect(html).toContain('>&lt;b&gt;</td>');
    expect(html).toContain('<td style="border:1px solid #000;padding:2pt 4pt;text-align:right;">6,488</td>');
    expect(html.match(/<th /g)).toHaveLength(10);
  });
});
