/** The command line as a user runs it: real processes, real files. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { worldToVoxel } from '../workers/core/grid.ts';
import { inverseNormalCdf } from '../workers/core/normal.ts';
import { readNifti } from '../workers/input/nifti.ts';
import { runCli } from './support/cli.ts';
import { hasReference, loadDataset, referencePath } from './support/reference.ts';

const ROOT = new URL('..', import.meta.url).pathname;

const ale = (args: string[]) => runCli(args);

const tmp = () => mkdtempSync(join(tmpdir(), 'ale-cli-'));

describe('command line errors', () => {
  it('exits 2 with usage on a bad option value', async () => {
    const r = await ale(['x.txt', '--out', tmp(), '--connectivity', '7']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--connectivity must be one of 6, 18, 26, got "7"');
    expect(r.stderr).toContain('usage: npm run ale');
  });

  it('takes --min-volume for contrasts only, as a volume in mm³', async () => {
    const main = await ale(['x.txt', '--out', tmp(), '--min-volume', '200']);
    expect(main.code).toBe(2);
    expect(main.stderr).toContain('--min-volume goes with a contrast (the contrast command, or a C row of --analysis-info)');
    const bad = await ale(['contrast', 'a.txt', 'b.txt', '--out', tmp(), '--min-volume', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--min-volume must be a volume in mm³ from 0 to 10,000,000, got "lots"');
  });

  it('names the allowed analytic nulls when --null is something else', async () => {
    const r = await ale(['x.txt', '--out', tmp(), '--null', 'binned']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--null must be one of nimare, exact, jale, got "binned"');
  });

  it('exits 1 naming a missing input file', async () => {
    const r = await ale(['no/such/file.txt', '--out', tmp()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no/such/file.txt: no such coordinate file');
  });

  it('exits 1 naming the file and line of a malformed focus', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.txt');
    writeFileSync(file, '// Reference=MNI\n// A: b\n// Subjects=12\n10 20 30\n10 20 dog\n');
    const r = await ale([file, '--out', join(dir, 'out'), '--iters', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.txt:5: error: "dog" is not a number');
  });

  it('exits 1 on a mask that is not a NIfTI file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'mask.nii.gz'), 'not an image');
    writeFileSync(join(dir, 'ok.txt'), '// Reference=MNI\n// A: b\n// Subjects=12\n10 20 30\n');
    const r = await ale([join(dir, 'ok.txt'), '--out', join(dir, 'out'), '--mask', join(dir, 'mask.nii.gz')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mask.nii.gz: not a NIfTI-1 or NIfTI-2 file');
  });
});

describe.skipIf(!hasReference)('command line on the pain data', () => {
  const input = referencePath('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
  const mask = referencePath('pain/mask.nii.gz');
  const one = tmp();
  const two = tmp();
  let first: Awaited<ReturnType<typeof ale>>;

  beforeAll(async () => {
    const common = [input, '--mask', mask, '--snap', 'trunc', '--iters', '300', '--seed', '7'];
    first = await ale([...common, '--out', one, '--workers', '1', '--contributions', '--predict-cutoffs']);
    await ale([...common, '--out', two, '--workers', '2', '--quiet']);
  });

  it('succeeds and reports progress and counts on stderr', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('ALE: Monte Carlo: 300/300 (100%)');
    expect(first.stderr).toContain('21 experiments, 267 foci (26 outside the mask); threshold ALE > 0.01083; 21 clusters');
  });

  it('forms clusters from the exact null with --null exact, and says so in summary.json', async () => {
    const out = tmp();
    const r = await ale([input, '--mask', mask, '--snap', 'trunc', '--iters', '0', '--null', 'exact', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.parameters.nullMethod).toBe('exact');
    // NiMARE's null gives 0.01083 on these foci (above); the exact 0.999 quantile lies higher.
    expect(s.cluster_forming_threshold).toBe(0.010876);
    expect(r.stderr).toContain('threshold ALE > 0.010876');
  });

  it('runs with JALE’s conventions under --preset jale, each still overridable', async () => {
    const out = tmp();
    const r = await ale([input, '--mask', mask, '--iters', '0', '--preset', 'jale', '--null', 'exact', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.parameters).toMatchObject({ snap: 'ceil', talTransform: 'jale', kernel: 'jale', nullMethod: 'exact' });
    const bad = await ale([input, '--out', tmp(), '--preset', 'gingerale']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--preset must be one of jale, got "gingerale"');
  });

  it('thresholds each Monte-Carlo iteration at its own null under --mc-threshold per-iteration, only with JALE’s null', async () => {
    const out = tmp();
    const r = await ale([input, '--mask', mask, '--iters', '6', '--preset', 'jale', '--mc-threshold', 'per-iteration', '--engine', 'cpu', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect([s.parameters.mcThreshold, s.monte_carlo.engine]).toEqual(['per-iteration', "JALE's design: each iteration's own analytic null, every kernel stamped"]);
    const nimare = await ale([input, '--out', tmp(), '--mc-threshold', 'per-iteration']);
    expect(nimare.code).toBe(2);
    expect(nimare.stderr).toContain("a per-iteration Monte-Carlo threshold follows JALE's rules: use it with JALE's null (null jale, or the jale preset)");
  });

  it('gives byte-identical null arrays with 1 and 2 workers for the same seed', () => {
    const a = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(two, 'summary.json'), 'utf8'));
    expect(a.null.max_cluster_size.length).toBe(300);
    expect(JSON.stringify(a.null)).toBe(JSON.stringify(b.null));
    expect(a.parameters.seed).toBe(7);
  });

  it('adds JALE’s predicted cut-offs to summary.json and prints them beside the Monte-Carlo ones', () => {
    const s = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8'));
    const jale = JSON.parse(readFileSync(referencePath('jale/predictions.json'), 'utf8')).pain_nidm21;
    expect(s.predicted_cutoffs).toMatchObject({ vfwe_ale: Math.fround(jale.vFWE), cfwe_size: jale.cFWE, tfce: Math.fround(jale.tfce), warnings: [] });
    expect(s.predicted_cutoffs.source).toContain('trained on JALE');
    expect(first.stderr).toMatch(/cluster-level FWE: 89 voxels; this run's Monte Carlo: \d+\n/);
  });

  it('writes contributions.tsv with focus counts and percentages summing to 100 per cluster', () => {
    const [header, ...rows] = readFileSync(join(one, 'contributions.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    expect(header).toEqual(['cluster_id', 'experiment', 'foci_in_cluster', 'jackknife', 'contribution_percent', 'max_contribution_percent', 'dominance_warning']);
    const clusters = new Set(rows.map((r) => r[0]));
    expect(clusters.size).toBe(6);
    for (const id of clusters) {
      const mine = rows.filter((r) => r[0] === id);
      expect(mine.length).toBe(21);
      expect(mine.reduce((s, r) => s + Number(r[4]), 0)).toBeCloseTo(100, 6);
    }
  });

  it('writes the summary fields and float32 maps on the mask grid', () => {
    const s = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8'));
    expect(s).toMatchObject({ n_experiments: 21, n_foci: 267, n_foci_outside_mask: 26, cluster_forming_threshold: 0.01083 });
    expect(s.clusters.map((c: { size_voxels: number }) => c.size_voxels).slice(0, 6)).toEqual([811, 665, 329, 201, 198, 145]);
    expect(s.clusters[0]).toMatchObject({ id: 1, size_mm3: 6488, peak_xyz: [38, 4, 2] });
    expect(s.clusters[0].p_fwe_size).toBeCloseTo(1 / 300, 10);
    for (const name of ['ale', 'p', 'z', 'logp', 'logp_level-cluster_desc-size_corr-FWE', 'logp_level-cluster_desc-mass_corr-FWE', 'logp_level-voxel_corr-FWE']) {
      const bytes = readFileSync(join(one, `${name}.nii.gz`));
      const v = readNifti(bytes, name);
      expect(v.shape).toEqual([91, 109, 91]);
      expect(Array.from(v.affine)).toEqual([2, 0, 0, -90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1]);
    }
    const aleMap = readNifti(readFileSync(join(one, 'ale.nii.gz')), 'ale');
    const peak = ((64 * 109 + 65) * 91) + 37;
    expect(aleMap.data[peak]).toBeCloseTo(0.0341202, 7);
    const labels = readNifti(readFileSync(join(one, 'clusters.nii.gz')), 'clusters');
    expect(labels.data[peak]).toBe(1);
    expect(labels.data.filter((v) => v === 2).length).toBe(665);
    const tsv = readFileSync(join(one, 'clusters.tsv'), 'utf8').trim().split('\n');
    expect(tsv[0].split('\t').slice(0, 5)).toEqual(['cluster_id', 'peak', 'x', 'y', 'z']);
    expect(tsv[1].split('\t').slice(0, 5)).toEqual(['1', '1', '38', '4', '2']);
    // The AAL region at the peak, looked up here by hand: the atlas voxel whose centre is nearest (38, 4, 2).
    const aal = readNifti(readFileSync(join(ROOT, 'public/assets/aal_2mm.nii.gz')), 'aal');
    const [a, b, c, d, e, f, g, h, i, j, k, l] = aal.affine;
    const solve = (mm: number[]) => {
      // An axis-aligned affine: each voxel index from its own axis.
      expect([b, c, e, g, i, j]).toEqual([0, 0, 0, 0, 0, 0]);
      return [Math.round((mm[0] - d) / a), Math.round((mm[1] - h) / f), Math.round((mm[2] - l) / k)];
    };
    const [vi, vj, vk] = solve([38, 4, 2]);
    // Volumes are flat in C order: i slowest, k fastest.
    const label = aal.data[(vi * aal.shape[1] + vj) * aal.shape[2] + vk];
    const names = JSON.parse(readFileSync(join(ROOT, 'public/assets/aal_labels.json'), 'utf8')) as { index: number; name: string }[];
    expect(tsv[0].split('\t').at(-1)).toBe('region');
    expect(tsv[1].split('\t').at(-1)).toBe(names.find((n) => n.index === label)?.name);
    expect(tsv[1].split('\t').at(-1)).toBe('Insula_R');
  });
  it('writes FWE maps whose values are the p computed by hand from the written null arrays', () => {
    const s = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8'));
    const read = (name: string) => readNifti(readFileSync(join(one, `${name}.nii.gz`)), name).data;
    const [labels, ale, inMask] = [read('clusters'), read('ale'), readNifti(readFileSync(mask), 'mask').data];
    const n = s.null.max_cluster_size.length;
    // NiMARE's rule: the share of null maxima at least as large, clamped to [1/n, 1 − 1/n], as −log10 p in float32.
    const logp = (value: number, nullValues: number[]) => {
      const p = Math.min(Math.max(nullValues.filter((v) => v >= value).length / n, 1 / n), 1 - 1 / n);
      return Math.fround(-Math.log10(p));
    };
    const background = Math.fround(-Math.log10(1 - 1 / n));
    const sizeMap = read('logp_level-cluster_desc-size_corr-FWE');
    const massMap = read('logp_level-cluster_desc-mass_corr-FWE');
    const voxelMap = read('logp_level-voxel_corr-FWE');
    const seen = new Set<number>();
    let checkedVoxels = 0;
    for (let f = 0; f < labels.length; f++) {
      if (inMask[f] === 0) continue;
      const id = labels[f];
      const cluster = s.clusters[id - 1];
      expect(sizeMap[f]).toBeCloseTo(id > 0 ? logp(cluster.size_voxels, s.null.max_cluster_size) : background, 5);
      expect(massMap[f]).toBeCloseTo(id > 0 ? logp(cluster.mass, s.null.max_cluster_mass) : background, 5);
      if (id > 0) seen.add(id);
      // The max-ALE null is compared in float32, as NiMARE keeps it.
      if (f % 97 === 0 || id > 0) {
        expect(voxelMap[f]).toBeCloseTo(logp(ale[f], s.null.max_ale.map(Math.fround)), 5);
        checkedVoxels++;
      }
    }
    expect(seen.size).toBe(21);
    expect(checkedVoxels).toBeGreaterThan(5000);
    // The largest cluster beats every null maximum: its p is the floor 1/n.
    expect(sizeMap.reduce((a, b) => Math.max(a, b), 0)).toBeCloseTo(-Math.log10(1 / n), 5);
  });
});

describe.skipIf(!hasReference)('command line on JALE’s spreadsheets', () => {
  const data = (f: string) => referencePath(`datasets/inhibition_jale_example/${f}`);

  it('runs one analysis of the sheet, with TFCE and JALE’s predicted cut-offs', async () => {
    const out = tmp();
    const r = await ale([data('experiment_info.xlsx'), '--analysis-info', data('analysis_info.xlsx'), '--analysis', 'highCondition', '--iters', '0', '--tfce', '--predict-cutoffs', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    // The Sleuth conversion marks the experiments that were Talairach in the sheet.
    const talairach = loadDataset('datasets/inhibition_jale_example/inhibition_high_MNI.sleuth.txt').experiments.filter((e) => e.contrast.includes('original space TAL'));
    expect(s).toMatchObject({ n_experiments: 25, n_foci: 591, n_subjects: 519, n_foci_talairach: talairach.reduce((n, e) => n + e.foci.length, 0) });
    expect(talairach.length).toBe(1);
    const jale = JSON.parse(readFileSync(referencePath('jale/predictions.json'), 'utf8')).inhibition_high;
    expect(s.predicted_cutoffs).toMatchObject({ vfwe_ale: Math.fround(jale.vFWE), cfwe_size: jale.cFWE, tfce: Math.fround(jale.tfce) });
    const tfce = readNifti(readFileSync(join(out, 'tfce.nii.gz')), 'tfce').data;
    expect(s.tfce.max).toBeGreaterThan(1000);
    expect(tfce.reduce((a, b) => Math.max(a, b), 0)).toBeCloseTo(s.tfce.max, 0);
    // Without a Monte Carlo there is no TFCE null and no FWE map.
    expect(s.null.max_tfce).toBeUndefined();
    expect(existsSync(join(out, 'logp_level-voxel_corr-FWE_method-tfce.nii.gz'))).toBe(false);
  });

  it('runs TFCE in the Monte Carlo: a null of maxima, the cut-off at α and an FWE map with the p counted by hand', async () => {
    const out = tmp();
    const r = await ale([data('experiment_info.xlsx'), '--analysis-info', data('analysis_info.xlsx'), '--analysis', 'highCondition', '--iters', '40', '--tfce', '--alpha', '0.1', '--workers', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const nullTfce: number[] = s.null.max_tfce;
    expect(nullTfce).toHaveLength(40);
    expect(Math.min(...nullTfce)).toBeGreaterThan(0);
    // The 36th of 40 sorted maxima: the smallest value whose count of null maxima ≥ it is below 0.1 · 40.
    const sorted = [...nullTfce].sort((a, b) => a - b);
    expect(s.tfce).toMatchObject({ fwe_alpha: 0.1, fwe_cutoff: sorted[36] });
    expect(r.stderr).toContain(`TFCE: voxel-level FWE 0.1 cut-off ${sorted[36].toPrecision(6)}`);
    const tfce = readNifti(readFileSync(join(out, 'tfce.nii.gz')), 'tfce').data;
    const logpMap = readNifti(readFileSync(join(out, 'logp_level-voxel_corr-FWE_method-tfce.nii.gz')), 'logp').data;
    let checked = 0;
    let significant = 0;
    for (let f = 0; f < tfce.length; f++) {
      if (tfce[f] === 0) continue;
      const p = Math.min(Math.max(nullTfce.filter((v) => v >= tfce[f]).length / 40, 1 / 40), 1 - 1 / 40);
      expect(logpMap[f]).toBeCloseTo(-Math.log10(p), 4);
      if (p < 0.1) significant++;
      checked++;
    }
    expect(checked).toBeGreaterThan(10000);
    expect(significant).toBeGreaterThan(100);
  });

  it('clusters the experiments of a Cluster row: scores per k, labels, the correlation matrix and its figure', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'analysis_info.csv'), 'Cluster,inhibitionClusters,+inhibition\n');
    const bad = await ale([data('experiment_info.xlsx'), '--analysis-info', join(dir, 'analysis_info.csv'), '--analysis', 'inhibitionClusters', '--linkage', 'single', '--out', tmp()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--linkage must be one of complete, average, got "single"');
    const out = tmp();
    const r = await ale([data('experiment_info.xlsx'), '--analysis-info', join(dir, 'analysis_info.csv'), '--analysis', 'inhibitionClusters', '--iters', '3', '--max-clusters', '3', '--cluster-method', 'kmedoids', '--linkage', 'average', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s).toMatchObject({ analysis: 'clustering of experiments', n_experiments: 57, method: 'kmedoids', linkage: 'average', subsample_size: 51, subsamples: 500, null_iterations: 3 });
    expect(s.levels.map((l: { k: number }) => l.k)).toEqual([2, 3]);
    const labels = readFileSync(join(out, 'clustering_labels.tsv'), 'utf8').trim().split('\n');
    expect(labels[0]).toBe('experiment\tk=2\tk=3');
    expect(labels).toHaveLength(58);
    expect(new Set(labels.slice(1).map((l) => l.split('\t')[2]))).toEqual(new Set(['1', '2', '3']));
    const correlation = readFileSync(join(out, 'correlation.tsv'), 'utf8').trim().split('\n');
    expect(correlation).toHaveLength(58);
    expect(correlation[1].split('\t')[1]).toBe('1');
    expect(readFileSync(join(out, 'correlation_matrix.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // The tree of 57 experiments: 56 merges, average linkage as asked.
    const tree = readFileSync(join(out, 'dendrogram.svg'), 'utf8');
    expect(tree.match(/<path d=/g)).toHaveLength(56);
    expect(tree).toContain('Average-linkage tree');
    expect(r.stderr).toContain(`silhouette furthest above its null at k = ${s.best_k_by_silhouette_z}`);
    // One ALE map per group of that k, its experiments listed in the summary.
    expect(s.groups_at_best_k.map((g: { experiments: string[] }) => g.experiments.length).reduce((a: number, b: number) => a + b, 0)).toBe(57);
    for (const g of s.groups_at_best_k) expect(existsSync(join(out, `ale_k-${s.best_k_by_silhouette_z}_group-${g.group}.nii.gz`))).toBe(true);
  });

  it('lists the sheet’s analyses when none is named', async () => {
    const r = await ale([data('experiment_info.xlsx'), '--analysis-info', data('analysis_info.xlsx'), '--iters', '0', '--out', tmp()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('analysis_info.xlsx: name one analysis with --analysis:\n  ResponseInhibition (M; 57 experiments)\n');
    expect(r.stderr).toContain('  lowCondition vs highCondition (C; 32 vs 25 experiments)\n  lowCondition vs highCondition (B20; 32 vs 25 experiments)');
    const p = await ale([data('experiment_info.xlsx'), '--analysis-info', data('analysis_info.xlsx'), '--analysis', 'ResponseInhibition_CV', '--iters', '0', '--out', tmp()]);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('probabilistic ALE needs Monte-Carlo iterations for its cluster-size cut-off');
  });

  it('runs a balanced contrast (B<N>) of a sheet, and asks for the type where a C and a B row share a name', async () => {
    const same = await ale([data('experiment_info.xlsx'), '--analysis-info', data('analysis_info.xlsx'), '--analysis', 'lowCondition vs highCondition', '--iters', '4', '--out', tmp()]);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('2 analyses are named "lowCondition vs highCondition"; name one with its type: "C:lowCondition vs highCondition" or "B:lowCondition vs highCondition"');
    const out = tmp();
    const r = await ale([data('experiment_info.xlsx'), '--analysis-info', data('analysis_info.xlsx'), '--analysis', 'B:lowCondition vs highCondition', '--iters', '6', '--alpha', '0.5', '--workers', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s).toMatchObject({ analysis: 'balanced contrast', groups: ['lowCondition', 'highCondition'], n_experiments: [32, 25], subset_size: 20, alpha: 0.5 });
    expect(s.monte_carlo.max_difference).toHaveLength(6);
    const read = (name: string) => readNifti(readFileSync(join(out, `${name}.nii.gz`)), name).data;
    const [diff, z, significant] = [read('balanced_diff'), read('balanced_z'), read('balanced_z_significant')];
    // With 6 iterations p ≥ 1/7: at α = 0.5 a voxel is significant when at most two iterations reach its d on its side.
    let checked = 0;
    for (let f = 0; f < diff.length; f++) {
      if (diff[f] <= 0) continue;
      const beyond = s.monte_carlo.max_difference.filter((v: number) => v >= diff[f]).length;
      const p = (beyond + 1) / 7;
      expect(significant[f] !== 0).toBe(p < 0.25);
      if (significant[f] !== 0) expect(significant[f]).toBe(z[f]);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
    expect(s.significant_voxels['lowCondition > highCondition']).toBe(significant.filter((v) => v > 0).length);
    expect(s.significant_voxels['highCondition > lowCondition']).toBe(significant.filter((v) => v < 0).length);
    expect(s.significant_voxels['lowCondition > highCondition']).toBeGreaterThan(0);
  });

  it('runs a probabilistic ALE (P<N>) of a sheet: the fraction map and its summary', async () => {
    // Six experiments of the pain data as a JALE sheet; P5 takes all six subsets of five.
    const pain = loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt').experiments.slice(0, 6);
    const rows = pain.flatMap((e, n) => e.foci.map((f) => `study${n},${e.sampleSize},${f.x},${f.y},${f.z},MNI,pain`));
    const dir = tmp();
    writeFileSync(join(dir, 'experiment_info.csv'), `Articles,Subjects,x,y,z,CoordinateSpace,Tag\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'analysis_info.csv'), 'P5,pain_cv,+pain\n');
    const out = join(dir, 'out');
    const r = await ale([join(dir, 'experiment_info.csv'), '--analysis-info', join(dir, 'analysis_info.csv'), '--analysis', 'pain_cv', '--iters', '12', '--workers', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s).toMatchObject({ analysis: 'probabilistic ALE', n_experiments: 6, subset_size: 5, subsets_possible: 6, subsets: 6, alpha: 0.05 });
    expect(s.monte_carlo.max_cluster_size).toHaveLength(12);
    const sorted = [...s.monte_carlo.max_cluster_size].sort((a: number, b: number) => a - b);
    expect(s.cluster_size_cutoff).toBe(sorted[12 - Math.ceil(0.05 * 12)]);
    const fraction = readNifti(readFileSync(join(out, 'probabilistic.nii.gz')), 'p').data;
    // Six subsets: every value is a multiple of 1/6.
    expect(fraction.every((v) => Math.abs(v * 6 - Math.round(v * 6)) < 1e-5)).toBe(true);
    expect(fraction.filter((v) => v > 0).length).toBe(s.voxels_ever_significant);
    expect(r.stderr).toContain('probabilistic ALE: 6 subsets of 5 of 6 experiments');
    const tfce = await ale([join(dir, 'experiment_info.csv'), '--analysis-info', join(dir, 'analysis_info.csv'), '--analysis', 'pain_cv', '--tfce', '--out', tmp()]);
    expect(tfce.code).toBe(1);
    expect(tfce.stderr).toContain('--tfce: for main effects');
  });
});

describe.skipIf(!hasReference)('command line contrast', () => {
  const data = (f: string) => referencePath(`datasets/inhibition_jale_example/${f}`);
  it('contrasts two files and a split of one file the same way', async () => {
    const [twoFiles, split] = [tmp(), tmp()];
    const common = ['--mask', referencePath('pain/mask.nii.gz'), '--iters', '40', '--seed', '3', '--quiet'];
    const r1 = await ale(['contrast', data('inhibition_high_MNI.sleuth.txt'), data('inhibition_low_MNI.sleuth.txt'), '--out', twoFiles, ...common]);
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = await ale(['contrast', data('inhibition_all_MNI.sleuth.txt'), '--split-pattern', '\\(high\\)', '--out', split, '--min-volume', '100', ...common]);
    expect(r2.code, r2.stderr).toBe(0);
    const s1 = JSON.parse(readFileSync(join(twoFiles, 'summary.json'), 'utf8'));
    const s2 = JSON.parse(readFileSync(join(split, 'summary.json'), 'utf8'));
    expect([s1.groups.A.n_experiments, s1.groups.B.n_experiments]).toEqual([25, 32]);
    expect([s2.groups.A.n_experiments, s2.groups.B.n_experiments]).toEqual([25, 32]);
    for (const name of ['z_desc-AvsB', 'z_desc-AvsB_gated', 'z_desc-conjunction', 'A/z', 'B/z']) {
      const v = readNifti(readFileSync(join(twoFiles, `${name}.nii.gz`)), name);
      expect(v.shape).toEqual([91, 109, 91]);
    }
    expect(readFileSync(join(twoFiles, 'contrast_clusters.tsv'), 'utf8').split('\n')[0]).toBe('direction\tcluster_id\tx\ty\tz\tpeak_z\tpeak_p\tsize_voxels\tsize_mm3\tcenter_x\tcenter_y\tcenter_z');
    // Each direction's peak p is the permutation p its z was made from: a multiple of 1/40, at least 1/40.
    const directions = [...s1.clusters.a_over_b, ...s1.clusters.b_over_a];
    expect(directions.length).toBeGreaterThan(0);
    for (const c of directions) {
      expect(c.peak_p).toBeGreaterThanOrEqual(1 / 40);
      expect(Math.round(c.peak_p * 40) / 40).toBe(c.peak_p);
      expect(c.peak_z).toBeCloseTo(-inverseNormalCdf(c.peak_p), 5);
    }
    // --min-volume 100 on the split: no cluster of either direction or the conjunction under 100 mm³, where the
    // run without it has some.
    const all = (summary: { clusters: Record<string, { size_mm3: number }[]> }) => Object.values(summary.clusters).flat().map((c) => c.size_mm3);
    expect(all(s1).some((v) => v < 100)).toBe(true);
    expect(all(s2).length).toBeGreaterThan(0);
    expect(all(s2).every((v) => v >= 100)).toBe(true);
    expect([s1.parameters.min_volume_mm3, s2.parameters.min_volume_mm3]).toEqual([0, 100]);
    // The conjunction's: the larger of the two main effects' p at its peak.
    const [pA, pB] = ['A/p', 'B/p'].map((name) => readNifti(readFileSync(join(twoFiles, `${name}.nii.gz`)), name));
    expect(s1.clusters.conjunction.length).toBeGreaterThan(0);
    for (const c of s1.clusters.conjunction) {
      const [i, j, k] = worldToVoxel(pA.affine, c.peak_xyz[0], c.peak_xyz[1], c.peak_xyz[2]);
      const f = (i * pA.shape[1] + j) * pA.shape[2] + k;
      expect(c.peak_p).toBeCloseTo(Math.max(pA.data[f], pB.data[f]), 9);
    }
  });

  it('refuses a split column that a Sleuth file does not have', async () => {
    const r = await ale(['contrast', data('inhibition_all_MNI.sleuth.txt'), '--split-column', 'group', '--out', tmp(), '--iters', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('inhibition_all_MNI.sleuth.txt: error: no column "group" to split by');
  });
});
