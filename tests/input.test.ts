import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { talToMni } from '../workers/core/coordinates.ts';
import { createGeometry, MNI_2MM_AFFINE, MNI_2MM_SHAPE } from '../workers/core/grid.ts';
import { formatDiagnostic } from '../workers/input/dataset.ts';
import { MAX_INPUT_BYTES, parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { prepareInput } from '../workers/core/prepare.ts';
import { hasReference, referencePath } from './support/reference.ts';

const parseFile = (relative: string) => parseCoordinates(readFileSync(referencePath(relative)), relative.split('/').pop() as string);
const messages = (r: ReturnType<typeof parseCoordinates>) => (r.ok ? [] : r.errors.map(formatDiagnostic));

describe.skipIf(!hasReference)('NiMARE’s Sleuth test files', () => {
  it('reads test_sleuth_file.txt as NiMARE does: 3 experiments, 4/2/1 foci, N 50/46/20', () => {
    const r = parseFile('datasets/nimare_repo/sleuth/test_sleuth_file.txt');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    const e = r.dataset.experiments;
    expect(e.map((x) => x.foci.length)).toEqual([4, 2, 1]);
    expect(e.map((x) => x.sampleSize)).toEqual([50, 46, 20]);
    expect(e[2].contrast).toBe('ExperimentName StudyName3: ExperimentName2 StudyName3: ExperimentName3');
    expect(e[0].foci[0]).toMatchObject({ x: -16, y: -58, z: -22, space: 'MNI', line: 4 });
  });

  it('reads the Talairach file with mixed tabs and spaces: 2 experiments, 1 and 3 foci', () => {
    const r = parseFile('datasets/nimare_repo/sleuth/test_sleuth_file2.txt');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.experiments.map((x) => [x.foci.length, x.sampleSize, x.foci[0].space])).toEqual([
      [1, 25, 'TAL'],
      [3, 20, 'TAL'],
    ]);
    expect(r.dataset.experiments[1].foci[0]).toMatchObject({ x: -18, y: -58, z: -24 });
  });

  it('reads NiMARE’s own Sleuth output, whose headers carry DOI and PubMedId lines after Subjects', () => {
    const r = parseFile('datasets/nimare_repo/sleuth_generated/nimads_studyset_familial_vulnerability/nimads_sleuth_file.txt');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.experiments.length).toBe(15);
    expect(r.dataset.experiments[0].sampleSize).toBe(20);
    expect(r.dataset.experiments[0].foci.length).toBe(9);
  });

  it.each([
    ['test_sleuth_file3_malformed.txt', 'test_sleuth_file3_malformed.txt:5: error: "dog" is not a number'],
    ['test_sleuth_file4_malformed.txt', 'test_sleuth_file4_malformed.txt:5: error: expected 3 coordinates (x y z) but found 2'],
    ['test_sleuth_file5_malformed.txt', 'test_sleuth_file5_malformed.txt:1: error: unknown space "Dog"'],
  ])('rejects %s naming the line', (file, expected) => {
    const r = parseFile(`datasets/nimare_repo/sleuth/${file}`);
    expect(r.ok).toBe(false);
    expect(messages(r)[0]).toContain(expected);
  });
});

describe.skipIf(!hasReference)('Talairach to MNI', () => {
  it('matches NiMARE’s tal2mni on the 14 Talairach points of the familial-vulnerability studyset', () => {
    const json = parseFile('datasets/nimare_repo/nimads_studyset_familial_vulnerability.json');
    const converted = parseFile('datasets/nimare_repo/sleuth_generated/nimads_studyset_familial_vulnerability/nimads_sleuth_file.txt');
    if (!json.ok || !converted.ok) throw new Error('parse failed');
    const tal = json.dataset.experiments.flatMap((e) => e.foci.filter((f) => f.space === 'TAL'));
    const written = converted.dataset.experiments.flatMap((e) => e.foci);
    expect(tal.length).toBe(14);
    for (const f of tal) {
      const m = talToMni(f.x, f.y, f.z, 'other');
      // NiMARE wrote its conversion with 2 decimals.
      const nearest = Math.min(...written.map((g) => Math.max(Math.abs(g.x - m[0]), Math.abs(g.y - m[1]), Math.abs(g.z - m[2]))));
      expect(nearest, `${f.x} ${f.y} ${f.z}`).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('gives different points with the SPM and FSL transforms', () => {
    const other = talToMni(40, -11, 7, 'other');
    expect(talToMni(40, -11, 7, 'spm')).not.toEqual(other);
    expect(talToMni(40, -11, 7, 'fsl')).not.toEqual(other);
  });
});

describe.skipIf(!hasReference)('JSON formats', () => {
  it('reads NiMARE JSON with sample sizes and drops contrasts without coordinates, saying so', () => {
    const r = parseFile('datasets/nimare_repo/test_pain_dataset.json');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.format).toBe('nimare-json');
    expect(r.dataset.experiments.length).toBe(19);
    expect(r.dataset.experiments.reduce((n, e) => n + e.foci.length, 0)).toBe(243);
    expect(r.warnings.filter((w) => w.message.includes('has no coordinates')).length).toBe(2);
  });

  it('reads the 21-study pain JSON: 267 foci, 334 subjects', () => {
    const r = parseCoordinates(readFileSync(referencePath('pain/nidm_pain_dset.json')), 'nidm_pain_dset.json');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.experiments.length).toBe(21);
    expect(r.dataset.experiments.reduce((n, e) => n + e.foci.length, 0)).toBe(267);
    expect(r.dataset.experiments.reduce((n, e) => n + (e.sampleSize ?? 0), 0)).toBe(334);
  });

  it('reads NIMADS studysets with mixed MNI and Talairach points', () => {
    const r = parseFile('datasets/nimare_repo/nimads_studyset_familial_vulnerability.json');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.format).toBe('nimads');
    expect(r.dataset.experiments.length).toBe(15);
    const foci = r.dataset.experiments.flatMap((e) => e.foci);
    expect(foci.length).toBe(69);
    expect(foci.filter((f) => f.space === 'TAL').length).toBe(14);
  });
});

describe('CSV/TSV tables', () => {
  it('groups rows by experiment and keeps the sample size and space', () => {
    const r = parseCoordinates('experiment,x,y,z,n,space\nA,10,20,30,12,MNI\nA,-4,2,8,12,MNI\nB,1,2,3,20,TAL\n', 'foci.csv');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.experiments.map((e) => [e.id, e.foci.length, e.sampleSize, e.foci[0].space])).toEqual([
      ['A', 2, 12, 'MNI'],
      ['B', 1, 20, 'TAL'],
    ]);
  });

  it('names the line of a bad cell', () => {
    const r = parseCoordinates('experiment\tx\ty\tz\tn\nA\t1\t2\t3\t10\nB\t1\tx\t3\t10\n', 'foci.tsv');
    expect(messages(r)[0]).toMatch(/^foci\.tsv:3: error: .*"x" is not a number/);
  });
});

describe('bad input', () => {
  it.each([
    ['// Reference=MNI\n// a: b\n// Subjects=10\n1 2 NaN\n', 'nan.txt:4: error: "NaN" is not a number'],
    ['// Reference=MNI\n// a: b\n// Subjects=10\n1 2 1e400\n', 'nan.txt:4: error: "1e400" is not a finite coordinate'],
    ['// Reference=MNI\n// a: b\n// Subjects=-3\n1 2 3\n', 'nan.txt:3: error: the number of subjects must be a whole number ≥ 1, got "-3"'],
    ['', 'nan.txt: error: file is empty'],
    ['hello world\n', 'nan.txt:1: error: not a recognised coordinate file'],
  ])('rejects %j', (text, expected) => {
    expect(messages(parseCoordinates(text, 'nan.txt'))[0]).toContain(expected);
  });

  it('rejects binary and oversized files without decoding them', () => {
    expect(messages(parseCoordinates(new Uint8Array([0x1f, 0x8b, 0, 0, 1]), 'x.gz'))[0]).toContain('binary file');
    const huge = new Uint8Array(MAX_INPUT_BYTES + 1);
    expect(messages(parseCoordinates(huge, 'big.txt'))[0]).toContain('are refused');
  });

  it('reports a JSON syntax error', () => {
    expect(messages(parseCoordinates('{\n "a": [1,\n', 'x.json'))[0]).toContain('invalid JSON');
  });
});

describe('preparing a dataset', () => {
  const mask = new Uint8Array(MNI_2MM_SHAPE[0] * MNI_2MM_SHAPE[1] * MNI_2MM_SHAPE[2]).fill(1);
  const geometry = createGeometry(MNI_2MM_SHAPE, MNI_2MM_AFFINE, mask);

  it('converts Talairach to MNI with icbm_other by default and snaps to the nearest voxel', () => {
    const r = parseCoordinates('// Reference=Talairach\n// a: b\n// Subjects=10\n-18 -58 -24\n', 'tal.txt');
    if (!r.ok) throw new Error('parse failed');
    const p = prepareInput(r.dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!p.ok) throw new Error('prepare failed');
    const [x, y, z] = talToMni(-18, -58, -24, 'other');
    expect(Array.from(p.input.experiments[0].mni)).toEqual([x, y, z]);
    expect(Array.from(p.input.experiments[0].ijk)).toEqual([Math.round((x + 90) / 2), Math.round((y + 126) / 2), Math.round((z + 72) / 2)]);
  });

  it('errors on missing sample sizes unless one is given, and warns about small, duplicated and outside data', () => {
    const text = 'experiment,x,y,z,space\nA,10,20,30,MNI\nB,10,20,30,MNI\nC,0,0,500,MNI\n';
    const r = parseCoordinates(text, 't.csv');
    if (!r.ok) throw new Error('parse failed');
    const missing = prepareInput(r.dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    expect(!missing.ok && missing.errors[0].message).toContain('3 experiment(s) have no sample size');
    const given = prepareInput(r.dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'drop', sampleSize: 15 });
    if (!given.ok) throw new Error('prepare failed');
    const warnings = given.input.warnings.map((w) => w.message).join('\n');
    expect(warnings).toContain('1 focus/foci fall outside the mask and were dropped');
    expect(warnings).toContain('experiments "A" and "B" report identical foci');
    expect(warnings).toContain('only 2 experiments');
    expect(given.input.experiments.map((e) => e.id)).toEqual(['A', 'B']);
  });
});
