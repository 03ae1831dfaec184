/**
 * The pieces of the workspace that are plain functions: Neurostore addresses,
 * experiment names, the reviewer checklist, FWE p at its floor, the cluster
 * table's order and its TSV, the tour's stops and the shipped demo copy.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { networkStops } from '../app/engine/tour.ts';
import { nextSort, sortClusters } from '../app/panels/clusterRows.ts';
import type { ClusterContributions, ClusterReport } from '../workers/diagnostics/index.ts';
import { experimentLabel, studysetAddress, studysetFetchProblem, type Dataset, type Experiment } from '../workers/input/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { displayedClustersTsv, formatFweP, reviewChecklist } from '../workers/reports/index.ts';
import { hasReference, referencePath } from './support/reference.ts';

const experiment = (study: string, contrast: string, extra: Partial<Experiment> = {}): Experiment => ({ id: `${study}-${contrast}`, study, contrast, sampleSize: 20, foci: [{ x: 0, y: 0, z: 0, space: 'MNI' }], where: 'line 1', ...extra });
const dataset = (experiments: Experiment[]): Dataset => ({ source: 'test', format: 'sleuth', experiments });

describe('Neurostore studyset addresses', () => {
  it.each([
    ['Cv2LLUqG76W9', 'Cv2LLUqG76W9'],
    ['  Cv2LLUqG76W9 ', 'Cv2LLUqG76W9'],
    ['https://neurostore.org/api/studysets/Cv2LLUqG76W9?nested=true', 'Cv2LLUqG76W9'],
    ['https://neurostore.org/studysets/Cv2LLUqG76W9', 'Cv2LLUqG76W9'],
    ['https://compose.neurosynth.org/studysets/Cv2LLUqG76W9/edit', 'Cv2LLUqG76W9'],
    ['https://www.Neurostore.org/studysets/Cv2LLUqG76W9', 'Cv2LLUqG76W9'],
  ])('reads %j as studyset %s, fetched nested', (input, id) => {
    expect(studysetAddress(input)).toEqual({ ok: true, id, url: `https://neurostore.org/api/studysets/${id}?nested=true` });
  });

  it.each([
    ['', /paste a Neurostore studyset id/],
    ['not an id!', /neither a studyset id .* nor a link/],
    ['https://evil.example/studysets/Cv2LLUqG76W9', /evil\.example is not Neurostore/],
    ['https://neurostore.org.evil.example/studysets/Cv2LLUqG76W9', /is not Neurostore/],
    ['https://neurostore.org/studies/Cv2LLUqG76W9', /names no studyset/],
    ['https://compose.neurosynth.org/projects/abc123XYZ', /Compose project link/],
    ['https://neurostore.org/studysets/..%2F..%2Fadmin', /names no studyset/],
    ['https://evilneurostore.org/studysets/Cv2LLUqG76W9', /evilneurostore\.org is not Neurostore/],
    // Only Compose has projects: a neurostore.org link of that shape names no studyset.
    ['https://neurostore.org/projects/abc123XYZ', /^the link names no studyset/],
    ['https://compose.neurosynth.org/studies/abc123XYZ', /^the link names no studyset/],
  ])('refuses %j', (input, message) => {
    const address = studysetAddress(input);
    expect(address.ok).toBe(false);
    expect(!address.ok && address.message).toMatch(message);
  });

  it('quotes at most 80 characters of what was pasted, trimmed', () => {
    const address = studysetAddress(`  ${'x '.repeat(100)}`);
    expect(!address.ok && address.message).toBe(`"${'x '.repeat(40)}" is neither a studyset id (letters and digits) nor a link`);
  });

  it('words each failed fetch', () => {
    expect(studysetFetchProblem('x1', 404, 'HTTP 404')).toBe('Neurostore has no studyset with id x1 (HTTP 404)');
    expect(studysetFetchProblem('x1', null, 'Failed to fetch')).toMatch(/could not reach Neurostore .* Are you offline\?/);
    expect(studysetFetchProblem('x1', 503, 'HTTP 503')).toMatch(/try again later/);
    expect(studysetFetchProblem('x1', 403, 'HTTP 403')).toMatch(/not public/);
  });
});

describe('experiment names', () => {
  it('put authors and year first where the source gives them', () => {
    expect(experimentLabel(experiment('Motor study', 'taps > rest', { attributes: { authors: 'Müller JL, Röder CH', year: '2002' } }))).toBe('Müller JL et al., 2002: Motor study — taps > rest');
    expect(experimentLabel(experiment('Solo study', '1', { attributes: { authors: 'Ramsey NF' } }))).toBe('Ramsey NF: Solo study');
    expect(experimentLabel(experiment('Jones 2021', 'early > late '))).toBe('Jones 2021 — early > late');
  });

  it.skipIf(!hasReference)('come from a NIMADS studyset’s authors and year', () => {
    const parsed = parseCoordinates(readFileSync(referencePath('datasets/nimare_repo/nimads_studyset_finger_tapping.json')), 'finger tapping');
    if (!parsed.ok) throw new Error('the studyset does not parse');
    const labels = parsed.dataset.experiments.map(experimentLabel);
    expect(labels).toContain('Catalan MJ et al., 1998: The functional neuroanatomy of simple and complex sequential finger movements: a PET study — sequence-12 vs rest');
    expect(labels.every((l) => /^[^:]+ et al\., (19|20)\d\d: /.test(l) || /^[^:,]+, (19|20)\d\d: /.test(l))).toBe(true);
  });
});

describe('the reviewer checklist', () => {
  const many = Array.from({ length: 22 }, (_, n) => experiment(`Study ${n}`, 'a'));
  const byId = (items: ReturnType<typeof reviewChecklist>) => Object.fromEntries(items.map((i) => [i.id, i.status]));

  it('passes a large, corrected analysis with one experiment per study and known N', () => {
    expect(byId(reviewChecklist({ dataset: dataset(many), iterations: 5000, clusterFormingP: 0.001, contributions: [] }))).toEqual({ experiments: 'ok', inference: 'ok', 'cluster-forming': 'ok', independence: 'ok', 'sample-size': 'ok', dominance: 'ok' });
  });

  it('flags too few experiments, no correction, repeated studies, unknown N and dominated clusters', () => {
    const few = [...many.slice(0, 14), experiment('Study 0', 'b'), experiment('Study 1', 'c', { sampleSize: null })];
    const dominated = { clusterId: 3, experiments: [], dominated: true, warning: 'one experiment' } as ClusterContributions;
    const items = reviewChecklist({ dataset: dataset(few), iterations: 0, clusterFormingP: 0.001, contributions: [dominated] });
    expect(byId(items)).toEqual({ experiments: 'flag', inference: 'flag', 'cluster-forming': 'ok', independence: 'flag', 'sample-size': 'flag', dominance: 'warn' });
    expect(items.find((i) => i.id === 'independence')?.title).toBe('2 studies contribute several experiments');
    expect(items.find((i) => i.id === 'sample-size')?.title).toBe('1 experiment without N');
    expect(items.find((i) => i.id === 'dominance')?.detail).toMatch(/^cluster 3:/);
  });

  it('warns at 17–19 experiments and at fewer than 1,000 iterations, and names a placeholder N', () => {
    const items = reviewChecklist({ dataset: dataset(many.slice(0, 18)), iterations: 500, placeholderSampleSize: 20, clusterFormingP: 0.001, contributions: [] });
    expect(byId(items)).toMatchObject({ experiments: 'warn', inference: 'warn', 'sample-size': 'flag' });
    expect(items.find((i) => i.id === 'sample-size')?.title).toBe('Sample sizes unknown (placeholder N = 20)');
  });
});

describe('the reviewer checklist’s words and edges', () => {
  const many = (n: number) => Array.from({ length: n }, (_, k) => experiment(`Study ${k}`, 'a'));
  const item = (id: string, input: Parameters<typeof reviewChecklist>[0]) => reviewChecklist(input).find((i) => i.id === id);

  it('counts experiments with the edges at 17 and 20', () => {
    expect([16, 17, 19, 20].map((n) => item('experiments', { dataset: dataset(many(n)), iterations: 1000, clusterFormingP: 0.001, contributions: [] })?.status)).toEqual(['flag', 'warn', 'warn', 'ok']);
    expect(item('experiments', { dataset: dataset(many(20)), iterations: 1000, clusterFormingP: 0.001, contributions: [] })).toEqual({ id: 'experiments', status: 'ok', title: '20 experiments', detail: 'At least the 17–20 experiments Eickhoff et al. (2016) found ALE needs for adequate power and to keep single experiments from driving results.' });
    expect(item('experiments', { dataset: dataset(many(19)), iterations: 1000, clusterFormingP: 0.001, contributions: [] })?.detail).toBe('Fewer than the 17–20 experiments Eickhoff et al. (2016) recommend: results may be driven by one or two experiments and power is low.');
  });

  it('judges the inference with the edge at 1,000 iterations', () => {
    const at = (iterations: number) => item('inference', { dataset: dataset(many(20)), iterations, clusterFormingP: 0.001, contributions: [] });
    expect(at(1000)).toEqual({ id: 'inference', status: 'ok', title: 'Cluster-level FWE, 1,000 Monte-Carlo iterations', detail: 'Cluster-level FWE, as Eickhoff et al. (2016) recommend.' });
    expect(at(999)).toEqual({ id: 'inference', status: 'warn', title: 'Cluster-level FWE, 999 Monte-Carlo iterations', detail: 'Cluster-level FWE as recommended (Eickhoff et al. 2016), but with few iterations the p-values are coarse (smallest possible 1/999); use ≥ 1,000 (NiMARE and GingerALE use 1,000–10,000).' });
    expect(at(0)).toEqual({ id: 'inference', status: 'flag', title: 'Uncorrected inference', detail: 'No Monte Carlo was run, so the clusters are uncorrected. Eickhoff et al. (2016) recommend cluster-level FWE (voxel-level FDR is not recommended for ALE).' });
  });

  it('accepts few iterations when the run stopped because every decision was settled', () => {
    const settled = item('inference', { dataset: dataset(many(20)), iterations: 400, stoppedWhenSettled: true, clusterFormingP: 0.001, contributions: [] });
    expect(settled).toMatchObject({ status: 'ok', title: 'Cluster-level FWE, 400 Monte-Carlo iterations (stopped once settled)' });
    expect(settled?.detail).toContain('stopped once every cluster’s decision at α was settled');
    expect(item('inference', { dataset: dataset(many(20)), iterations: 400, stoppedWhenSettled: false, clusterFormingP: 0.001, contributions: [] })?.status).toBe('warn');
  });

  it('flags a cluster-forming threshold more lenient than p < 0.001', () => {
    const at = (p: number) => item('cluster-forming', { dataset: dataset(many(20)), iterations: 1000, clusterFormingP: p, contributions: [] });
    expect(at(0.001)).toEqual({ id: 'cluster-forming', status: 'ok', title: 'Clusters formed at p < 0.001', detail: 'The cluster-forming threshold Eickhoff et al. (2016) recommend with cluster-level FWE (p < 0.001) or stricter.' });
    expect(at(0.0001)?.status).toBe('ok');
    expect(at(0.005)).toMatchObject({ status: 'flag', title: 'Clusters formed at p < 0.005' });
    expect(at(0.0011)?.status).toBe('flag');
  });

  it('names the studies that repeat, at most three and how many more, long names cut', () => {
    const long = 'L'.repeat(70);
    const repeated = [long, 'B', 'C', 'D'].flatMap((study) => [experiment(study, 'x'), experiment(study, 'y')]);
    const one = item('independence', { dataset: dataset([...repeated.slice(0, 2), ...many(20)]), iterations: 1000, clusterFormingP: 0.001, contributions: [] });
    expect(one?.title).toBe('1 study contributes several experiments');
    const four = item('independence', { dataset: dataset([...repeated, ...many(20)]), iterations: 1000, clusterFormingP: 0.001, contributions: [] });
    expect(four?.detail).toBe(`${'L'.repeat(59)}… (2), B (2), C (2) and 1 more. ALE treats experiments as independent; pool each study's contrasts of the same subjects into one experiment (Turkeltaub et al. 2012).`);
    expect(item('independence', { dataset: dataset(many(20)), iterations: 1000, clusterFormingP: 0.001, contributions: [] })?.detail).toBe('No study contributes more than one experiment, so no subject group is counted twice.');
  });

  it('says how the sample sizes were set', () => {
    const base = { dataset: dataset(many(20)), iterations: 1000, clusterFormingP: 0.001, contributions: [] };
    expect(item('sample-size', base)).toEqual({ id: 'sample-size', status: 'ok', title: 'Every experiment has its own N', detail: 'Kernel widths follow each experiment’s own sample size (Eickhoff et al. 2009).' });
    expect(item('sample-size', { ...base, sampleSizeOverride: 15 })).toMatchObject({ status: 'flag', title: 'One N = 15 for every experiment' });
    const unknown = many(20).map((e, n) => (n < 2 ? { ...e, sampleSize: null } : e));
    expect(item('sample-size', { ...base, dataset: dataset(unknown) })).toEqual({ id: 'sample-size', status: 'flag', title: '2 experiments without N', detail: 'The kernel width follows each experiment’s sample size (Eickhoff et al. 2009); with a placeholder every kernel has the same width and the maps are approximate. Look up each study’s N before publishing.' });
  });

  it('names the clusters driven by one or two experiments', () => {
    const dominated = (clusterId: number, flag: boolean) => ({ clusterId, experiments: [], dominated: flag, warning: flag ? 'w' : null }) as ClusterContributions;
    const base = { dataset: dataset(many(20)), iterations: 1000 };
    expect(item('dominance', { ...base, clusterFormingP: 0.001, contributions: [dominated(1, false)] })).toEqual({ id: 'dominance', status: 'ok', title: 'No cluster driven by one or two experiments', detail: 'In every significant cluster, no experiment contributes 50 % or more and no two 80 % or more (Eickhoff et al. 2016).' });
    expect(item('dominance', { ...base, clusterFormingP: 0.001, contributions: [dominated(1, true), dominated(2, false), dominated(4, true)] })).toEqual({ id: 'dominance', status: 'warn', title: '2 clusters are driven by one or two experiments', detail: 'cluster 1, cluster 4: one experiment contributes ≥ 50 % or two ≥ 80 % (Eickhoff et al. 2016); see the Diagnostics tab.' });
    expect(item('dominance', { ...base, clusterFormingP: 0.001, contributions: [dominated(7, true)] })?.title).toBe('1 cluster is driven by one or two experiments');
  });
});

describe('FWE p at the Monte-Carlo floor', () => {
  it('prints p ≤ 1/n as "≤ 1/n", and as "< 0.001" once 1/n is below that', () => {
    expect(formatFweP(1 / 500, 500)).toBe('≤ 0.002');
    expect(formatFweP(0.01, 500)).toBe('0.010');
    expect(formatFweP(1 / 5000, 5000)).toBe('< 0.001');
    expect(formatFweP(0.0004, 5000)).toBe('< 0.001');
    expect(formatFweP(null, 5000)).toBe('—');
  });
});

function report(id: number, sizeVoxels: number, z: number, p: number | null, region: string): ClusterReport {
  return {
    id,
    cluster: { id, sizeVoxels, sizeMm3: 8 * sizeVoxels, mass: 0, peak: { xyz: [id, -id, 2 * id], ale: z / 100, z }, center: [0, 0, 0], subPeaks: id === 1 ? [{ xyz: [5, 5, 5], ale: 0.01, z: 3.5 }] : [] },
    pFweSize: p,
    pFweMass: p,
    peakRegion: region,
    subPeakRegions: id === 1 ? ['Sub_region'] : [],
    regions: [{ index: 1, name: region, share: 0.75 }],
    system: 'motor cortex',
    experiments: [{ id: `e${id}`, foci: id }],
  } as unknown as ClusterReport;
}

describe('the cluster table', () => {
  const reports = [report(1, 300, 5.1, 0.001, 'Precentral_L'), report(2, 120, 6.2, 0.02, 'Putamen_R'), report(3, 120, 4.0, 0.04, 'Cerebelum_6_L')];
  const pOf = (r: ClusterReport) => r.pFweSize;

  it('sorts by a column, keeps the engine’s order for ties, and flips on a second click', () => {
    expect(sortClusters(reports, { key: 'z-score', descending: true }, pOf).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortClusters(reports, { key: 'volume', descending: true }, pOf).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(sortClusters(reports, { key: 'region', descending: false }, pOf).map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortClusters(reports, { key: 'p', descending: false }, pOf).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(nextSort({ key: 'id', descending: false }, 'volume')).toEqual({ key: 'volume', descending: true });
    expect(nextSort({ key: 'volume', descending: true }, 'volume')).toEqual({ key: 'volume', descending: false });
    expect(nextSort({ key: 'id', descending: false }, 'x')).toEqual({ key: 'x', descending: false });
  });

  it('copies as TSV: a row per peak, sub-peaks after their cluster, names and p as shown', () => {
    const tsv = displayedClustersTsv(reports.slice(0, 2), (r) => formatFweP(r.pFweSize, 1000), (id) => `Name of ${id}`);
    const rows = tsv.trimEnd().split('\n').map((line) => line.split('\t'));
    expect(rows[0]).toEqual(['cluster', 'x', 'y', 'z', 'volume_mm3', 'voxels', 'peak_ale', 'peak_z', 'p_fwe_size', 'region_at_peak', 'regions', 'system', 'experiments']);
    expect(rows[1]).toEqual(['1', '1', '-1', '2', '2400', '300', '0.05100', '5.10', '≤ 0.001', 'Precentral_L', 'Precentral_L 75%', 'motor cortex', 'Name of e1 (1)']);
    expect(rows[2].slice(0, 4)).toEqual(['1a', '5', '5', '5']);
    expect(rows[2][9]).toBe('Sub_region');
    expect(rows[3][0]).toBe('2');
    expect(rows).toHaveLength(4);
  });
});

describe('the tour’s network', () => {
  it('visits the simulated truth where there is one, else the literature’s peaks', () => {
    const truth = JSON.parse(readFileSync(new URL('../public/demo/ground_truth.json', import.meta.url), 'utf8')).nodes;
    expect(networkStops(truth).map((s) => [s.key, s.name, s.mni])).toEqual([
      ['M1', 'left primary motor cortex', [-40, -6, 52]],
      ['SMA', 'left SMA', [-6, 4, 62]],
      ['putamen', 'left putamen', [-24, 4, 2]],
      ['cerebellum', 'right cerebellum lobule VI', [24, -58, -24]],
    ]);
    expect(networkStops(null).map((s) => s.mni)).toEqual([
      [-44, -30, 50],
      [-2, 0, 56],
      [26, 2, 5],
      [-21, -54, -22],
    ]);
  });
});

describe.skipIf(!hasReference)('the shipped demo against the reference copy', () => {
  it('is byte for byte the reference dataset', () => {
    const demo = new URL('../public/demo/motor_sequence_learning/', import.meta.url);
    const about = JSON.parse(readFileSync(new URL('demo.json', demo), 'utf8'));
    for (const file of Object.keys(about.sha256 as Record<string, string>)) {
      expect(readFileSync(new URL(file, demo)).equals(readFileSync(referencePath(`datasets/motor_sequence_learning/${file}`))), file).toBe(true);
    }
  });
});

describe('the shipped published-studies demo', () => {
  it('is an unchanged copy of the reference dataset, with its licence', () => {
    const demo = new URL('../public/demo/motor_sequence_learning/', import.meta.url);
    const about = JSON.parse(readFileSync(new URL('demo.json', demo), 'utf8'));
    for (const [file, sha] of Object.entries(about.sha256 as Record<string, string>)) {
      expect(createHash('sha256').update(readFileSync(new URL(file, demo))).digest('hex'), file).toBe(sha);
    }
    const licence = readFileSync(new URL('LICENSE.md', demo), 'utf8');
    for (const term of ['ODbL 1.0', 'BSD 3-Clause', 'Yarkoni', 'Dockès', 'placeholder']) expect(licence).toContain(term);
    const parsed = parseCoordinates(readFileSync(new URL(about.coordinates, demo), 'utf8'), about.coordinates);
    expect(parsed.ok && parsed.dataset.experiments.length).toBe(65);
    expect(parsed.ok && parsed.dataset.experiments.every((e) => e.sampleSize === about.placeholderSampleSize)).toBe(true);
  });
});
