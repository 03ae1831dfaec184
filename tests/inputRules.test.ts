/**
 * Known answers for the input gate's decisions that no reference file
 * exercises: NiMARE's study/contrast naming, renaming repeated ids, the
 * blank-line warnings, malformed NIMADS parts, the writers' notes, space
 * names and how an experiment is named to people.
 */
import { createGeometry } from '../workers/core/grid.ts';
import { datasetStem } from '../workers/input/writers.ts';
import { prepareInput } from '../workers/core/prepare.ts';
import { describe, expect, it } from 'vitest';
import { writeDataset } from '../workers/input/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { experimentLabel, parseSpaceName, type Experiment } from '../workers/input/dataset.ts';
import { splitStudyContrast } from '../workers/input/sleuth.ts';
import { splitDataset, studysetFetchProblem } from '../workers/input/index.ts';
import { checkSampleSize, DiagnosticLog, parseCoordinate, parseSampleSize, quote, short } from '../workers/input/diagnostics.ts';

function parsed(text: string, source = 'test.txt') {
  const r = parseCoordinates(text, source);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r;
}

const block = (name: string, foci = '-38 -22 56') => `// ${name}\n// Subjects=12\n${foci}\n`;

describe('NiMARE’s study and contrast naming', () => {
  it.each([
    // After a four-digit year, the first ";" or ":" splits, whichever comes first.
    ['Smith et al., 2010: finger tapping', 'Smith et al., 2010', 'finger tapping'],
    ['Smith 2010; a: b', 'Smith 2010', 'a: b'],
    ['Smith 2010: a; b', 'Smith 2010', 'a; b'],
    // A ";" or ":" before the year does not split when one follows the year.
    ['Lab: Smith 2010; task', 'Lab: Smith 2010', 'task'],
    // No year (or none followed by a separator): the first ";", else the first ":".
    ['Smith: a; b', 'Smith: a', 'b'],
    ['Smith: a: b', 'Smith', 'a: b'],
    ['Smith 2010 a; b', 'Smith 2010 a', 'b'],
    ['Study 1999', 'Study 1999', 'analysis_1'],
    ['', 'study', 'analysis_1'],
  ])('%j → study %j, contrast %j', (info, study, contrast) => {
    expect(splitStudyContrast(info)).toEqual({ study, contrast });
  });
});

describe('repeated experiment names', () => {
  it('gives every experiment its own id, also when a renamed id is already taken', () => {
    const r = parsed(`// Reference=MNI\n${[block('A: b'), block('A: b (2)'), block('A: b')].join('\n')}`);
    expect(r.dataset.experiments.map((e) => e.id)).toEqual(['A-b', 'A-b (2)', 'A-b (3)']);
    expect(r.warnings.map((w) => w.message)).toEqual(['experiment "A-b" (line 10) has the same name as an earlier one; kept as "A-b (3)"']);
    // Each writer then reads back: a share link (a table) and every export work.
    for (const format of ['sleuth', 'nimare-json', 'nimads', 'tsv'] as const) expect(() => writeDataset(r.dataset, format)).not.toThrow();
  });

  it('numbers the third and fourth repeats on', () => {
    const r = parsed(`// Reference=MNI\n${[block('A: b'), block('A: b'), block('A: b'), block('A: b (3)')].join('\n')}`);
    expect(r.dataset.experiments.map((e) => e.id)).toEqual(['A-b', 'A-b (2)', 'A-b (4)', 'A-b (3)']);
  });
});

describe('Sleuth warnings', () => {
  it('gives a clean file no warning at all', () => {
    const r = parsed(`// Reference=MNI\n${block('Smith 2010: a', '1 2 3\n4 5 6')}\n${block('Jones 2011: b')}`);
    expect(r.warnings).toEqual([]);
  });

  it('warns where GingerALE would split an experiment at a blank line, naming the line', () => {
    const r = parsed(`// Reference=MNI\n${block('Smith 2010: a', '1 2 3\n\n4 5 6')}`);
    expect(r.warnings.map((w) => [w.line, w.message])).toEqual([[6, "blank line inside one experiment's coordinates: GingerALE would start a new experiment here, NiMARE and this tool do not"]]);
    expect(r.dataset.experiments[0].foci.length).toBe(2);
  });

  it('warns where experiments have no blank line between them', () => {
    const r = parsed(`// Reference=MNI\n${block('Smith 2010: a')}${block('Jones 2011: b')}`);
    expect(r.warnings.map((w) => [w.line, w.message])).toEqual([[5, 'no blank line before this experiment header: GingerALE expects one between experiments']]);
  });
});

describe('NIMADS studies with malformed parts', () => {
  const studyset = (analyses: unknown) =>
    JSON.stringify({
      id: 'set',
      studies: [
        { id: 'good', analyses: [{ id: 'a1', metadata: { sample_sizes: [10] }, points: [{ coordinates: [1, 2, 3], space: 'MNI' }] }] },
        { id: 'broken', analyses },
      ],
    });

  it.each([['an object', { id: 'a' }], ['a string', 'none'], ['null', null]])('names a study whose analyses is %s', (_what, analyses) => {
    const r = parseCoordinates(studyset(analyses), 'set.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual(['studies[1] ("broken"): "analyses" must be a list of analyses']);
  });

  it('marks points of an unknown space as used as MNI, and the analysis counts them', () => {
    const text = JSON.stringify({ id: 'set', studies: [{ id: 's', analyses: [{ id: 'a', metadata: { sample_sizes: [10] }, points: [{ coordinates: [1, 2, 3], space: 'MNI' }, { coordinates: [4, 5, 6], space: 'ICBM152?' }, { coordinates: [7, 8, 9] }] }] }] });
    const r = parseCoordinates(text, 'set.json');
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.dataset.experiments[0].foci.map((f) => [f.space, f.spaceAssumed ?? false])).toEqual([['MNI', false], ['MNI', true], ['MNI', true]]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'studies[0].analyses[0].points[1]: space "ICBM152?" is not MNI or Talairach; such coordinates are used as MNI, untransformed (as NiMARE does)',
      '2 coordinate sets or points had an unknown space and were used as MNI',
    ]);
    const geometry = createGeometry([10, 10, 10], Float64Array.from([2, 0, 0, -10, 0, 2, 0, -10, 0, 0, 2, -10, 0, 0, 0, 1]), new Uint8Array(1000).fill(1));
    const prepared = prepareInput(r.dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    expect([prepared.input.nFoci, prepared.input.nFociSpaceAssumed, prepared.input.nFociTalairach]).toEqual([3, 2, 0]);
  });

  it('accepts a study without analyses, saying it was left out', () => {
    const r = parseCoordinates(studyset(undefined), 'set.json');
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.dataset.experiments.map((e) => e.id)).toEqual(['good-a1']);
    expect(r.warnings.map((w) => w.message)).toEqual(['studies[1] ("broken") has no analyses and was left out']);
  });
});

describe('download names', () => {
  it.each([
    ['x.sleuth.txt', 'x'],
    ['dir/pain_nidm21_MNI.sleuth.txt', 'pain_nidm21_MNI'],
    ['C:\\data\\a_nimads.json', 'a'],
    ['a_nimare.json', 'a'],
    ['c.tsv', 'c'],
    ['experiment_info.xlsx: highCondition', 'experiment_info_highCondition'],
    ['Neurostore studyset abc123', 'Neurostore_studyset_abc123'],
    ['https://x.org/d.txt', 'd'],
    ['sheet.csv: a/b: c', 'sheet_a_b_c'],
    ['???', 'dataset'],
    // Only the last suffix goes, and only at the end.
    ['notes.txt.csv', 'notes.txt'],
    ['a.tsv.json', 'a.tsv'],
    ['b.json.txt', 'b.json'],
    ['x.json', 'x'],
    ['a.json.bak', 'a.json.bak'],
    ['__a__.txt', 'a'],
  ])('%s → %s', (source, stem) => {
    expect(datasetStem(source)).toBe(stem);
  });
});

describe('writers’ notes', () => {
  const single = parsed(`// Reference=MNI\n${block('Smith 2010: a')}\n${block('Jones 2011: b')}`).dataset;
  const mixed = parsed('experiment\tx\ty\tz\tn\tspace\nA\t1\t2\t3\t10\tMNI\nA\t4\t5\t6\t10\tTAL\nB\t1\t2\t3\t12\tMNI\n', 't.tsv').dataset;

  it('adds no note where nothing was converted', () => {
    for (const format of ['sleuth', 'nimare-json', 'nimads', 'tsv'] as const) expect(writeDataset(single, format).notes).toEqual([]);
  });

  const experiment = (id: string, extra: Partial<Experiment> = {}): Experiment => ({ id, study: id, contrast: '', sampleSize: 10, foci: [{ x: 1, y: 2, z: 3, space: 'MNI', line: 1 }], where: '', ...extra });

  it('writes every extra column a table had, and not again the six it always writes', () => {
    const attributes = { experiment: 'e', x: '9', y: '9', z: '9', n: '9', space: 'TAL', group: 'g', site: 's' };
    const dataset = { source: 't', format: 'table' as const, experiments: [experiment('A', { attributes }), experiment('B'), experiment('C', { attributes: { site: 't' } })] };
    expect(writeDataset(dataset, 'tsv').text).toBe('experiment\tx\ty\tz\tn\tspace\tgroup\tsite\nA\t1\t2\t3\t10\tMNI\tg\ts\nB\t1\t2\t3\t10\tMNI\t\t\nC\t1\t2\t3\t10\tMNI\t\tt\n');
  });

  it('keeps a study’s authors and year in NIMADS, and its contrasts together whatever their order', () => {
    const a1 = experiment('A-1', { study: 'A', contrast: '1', attributes: { authors: 'Smith J, Jones K', year: '2020' } });
    const dataset = { source: 't', format: 'table' as const, experiments: [a1, experiment('B'), experiment('A-2', { study: 'A', contrast: '2' })] };
    const studies = JSON.parse(writeDataset(dataset, 'nimads').text).studies;
    expect(studies.map((s: { id: string; authors?: string; year?: number; analyses: { id: string }[] }) => [s.id, s.authors, s.year, s.analyses.map((a) => a.id)])).toEqual([
      ['A', 'Smith J, Jones K', 2020, ['1', '2']],
      ['B', undefined, undefined, ['']],
    ]);
    // NiMARE JSON groups A's contrasts too: read back, the experiments come in another order and are still the same.
    expect(Object.keys(JSON.parse(writeDataset(dataset, 'nimare-json').text))).toEqual(['A', 'B']);
  });

  it('refuses to write what would not read back as the same experiments, and says which format', () => {
    const spaced = { source: 't', format: 'table' as const, experiments: [experiment('a ')] };
    expect(() => writeDataset(spaced, 'tsv')).toThrow('the tsv file would not read back as the same experiments; save in another format');
    expect(() => writeDataset(spaced, 'sleuth')).toThrow('experiment "a " has a name a Sleuth header cannot keep (":" or ";" in it, a line break, or spaces at its ends); save as NIMADS, NiMARE JSON or TSV instead');
    expect(() => writeDataset({ ...spaced, experiments: [experiment('')] }, 'tsv')).toThrow('the tsv file would not read back: empty experiment name');
  });

  it('counts the experiments whose Talairach foci NiMARE JSON converted', () => {
    expect(writeDataset(mixed, 'nimare-json').notes).toEqual(['NiMARE JSON holds one space per experiment: in 1 experiment(s) with MNI and Talairach foci, the Talairach ones were converted to MNI with icbm_other']);
  });
});

describe('splitting a dataset into two groups', () => {
  const table = 'experiment,x,y,z,n,space,group\nA1,1,2,3,10,MNI,young\nA2,1,2,3,10,MNI,old\nB1,1,2,3,10,MNI,young\nB2,1,2,3,12,MNI,old\n';
  const dataset = parsed(table, 't.csv').dataset;

  it('by a column with two values, in order of first appearance', () => {
    const r = splitDataset(dataset, { column: ' Group ' });
    if (!r.ok) throw new Error(r.error.message);
    expect([r.names, r.a.experiments.map((e) => e.id), r.b.experiments.map((e) => e.id), r.a.source, r.b.source]).toEqual([['young', 'old'], ['A1', 'B1'], ['A2', 'B2'], 't.csv [young]', 't.csv [old]']);
  });

  it('by a case-insensitive pattern on the names', () => {
    const r = splitDataset(dataset, { pattern: '^a' });
    expect(r.ok && [r.names, r.a.experiments.map((e) => e.id)]).toEqual([['matching /^a/', 'not matching /^a/'], ['A1', 'A2']]);
  });

  it('by a list of group A’s experiments, with the groups’ names as given (how a share link carries a pattern split)', () => {
    const r = splitDataset(dataset, { ids: ['B2', 'A1'], names: ['matching /x/', 'not matching /x/'] });
    expect(r.ok && [r.names, r.a.experiments.map((e) => e.id), r.b.experiments.map((e) => e.id), r.a.source]).toEqual([['matching /x/', 'not matching /x/'], ['A1', 'B2'], ['A2', 'B1'], 't.csv [matching /x/]']);
  });

  it('refuses a list that names experiments the data do not have, quoting the first three', () => {
    const r = splitDataset(dataset, { ids: ['A1', 'Q1', 'Q2', 'Q3', 'Q4'], names: ['a', 'b'] });
    expect(!r.ok && r.error.message).toBe('group A names 4 experiment(s) the data do not have: "Q1", "Q2", "Q3"');
  });

  it.each([
    [{ column: 'task' }, 'no column "task" to split by (only tables with one row per focus have extra columns)'],
    [{ column: 'n' }, 'no column "n" to split by (only tables with one row per focus have extra columns)'],
    [{ pattern: '(' }, 'invalid pattern "(": '],
    [{ pattern: 'Z' }, 'the split leaves 0 and 4 experiments; both groups need some'],
    [{ pattern: '.' }, 'the split leaves 4 and 0 experiments; both groups need some'],
    [{ ids: ['A1', 'A2', 'B1', 'B2'], names: ['all', 'none'] as [string, string] }, 'the split leaves 4 and 0 experiments; both groups need some'],
  ])('names why %j cannot split it', (rule, message) => {
    const r = splitDataset(dataset, rule);
    expect(r.ok ? 'split' : `${r.error.source}: ${r.error.message}`).toContain(`t.csv: ${message}`);
  });

  it('needs exactly two values in the column', () => {
    const three = parsed(`${table}C1,1,2,3,10,MNI,middle\n`, 't.csv').dataset;
    const r = splitDataset(three, { column: 'group' });
    expect(!r.ok && r.error.message).toBe('column "group" must have exactly two values to split into groups, found 3: young, old, middle');
    // Many values: the first five are named.
    const many = parsed(`experiment,x,y,z,n,space,site\n${['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((v) => `${v},1,2,3,10,MNI,${v}`).join('\n')}\n`, 't.csv').dataset;
    const m = splitDataset(many, { column: 'site' });
    expect(!m.ok && m.error.message).toBe('column "site" must have exactly two values to split into groups, found 7: a, b, c, d, e');
  });
});

describe('Neurostore fetch problems', () => {
  it.each([
    [null, 'could not reach Neurostore for studyset X1: timeout. Are you offline?'],
    [404, 'Neurostore has no studyset with id X1 (HTTP 404)'],
    [401, 'studyset X1 is not public on Neurostore (HTTP 401)'],
    [403, 'studyset X1 is not public on Neurostore (HTTP 403)'],
    [500, 'Neurostore could not answer for studyset X1 (HTTP 500); try again later'],
    [503, 'Neurostore could not answer for studyset X1 (HTTP 503); try again later'],
    [418, 'Neurostore refused studyset X1 (HTTP 418)'],
    [499, 'Neurostore refused studyset X1 (HTTP 499)'],
  ])('HTTP %s: %s', (status, message) => {
    expect(studysetFetchProblem('X1', status, 'timeout')).toBe(message);
  });
});

describe('the diagnostics log', () => {
  it('lists 20 errors and 20 warnings, then says how many more there were', () => {
    const log = new DiagnosticLog('f.txt');
    for (let n = 0; n < 23; n++) log.error(`e${n}`, n + 1);
    for (let n = 0; n < 21; n++) log.warn(`w${n}`);
    expect(log.allErrors().length).toBe(21);
    expect(log.allErrors()[19]).toEqual({ severity: 'error', source: 'f.txt', line: 20, message: 'e19' });
    expect(log.allErrors()[20]).toEqual({ severity: 'error', source: 'f.txt', message: '3 more errors not listed' });
    expect(log.warnings.at(-1)).toEqual({ severity: 'warning', source: 'f.txt', message: '1 more warnings not listed' });
    expect(log.hasErrors).toBe(true);
    expect(new DiagnosticLog('g').hasErrors).toBe(false);
    expect(new DiagnosticLog('g').allErrors()).toEqual([]);
  });

  it('quotes at most 200 characters on one line, and shortens names to 60', () => {
    expect(quote('a\tb\r\nc')).toBe('"a b c"');
    expect(quote('x'.repeat(201))).toBe(`"${'x'.repeat(200)}…"`);
    expect(quote('x'.repeat(200))).toBe(`"${'x'.repeat(200)}"`);
    expect(short('y'.repeat(61))).toBe(`${'y'.repeat(60)}…`);
    expect(short('y'.repeat(60))).toBe('y'.repeat(60));
  });

  it.each([
    ['12', 12],
    [' 12.0 ', 12],
    ['12.5', 'the number of subjects must be a whole number ≥ 1, got "12.5"'],
    ['0', 'the number of subjects must be ≥ 1, got "0"'],
    ['100000', 100000],
    ['100001', '100,001 subjects is more than the 100,000 this tool accepts; is it a typo?'],
    ['1e3', 'the number of subjects must be a whole number ≥ 1, got "1e3"'],
  ])('reads the sample size %j as %j', (text, expected) => {
    expect(parseSampleSize(text)).toBe(expected);
  });

  it.each([
    [12, 12],
    [12.5, 'the number of subjects must be a whole number ≥ 1, got "12.5"'],
    [0, 'the number of subjects must be a whole number ≥ 1, got "0"'],
    ['12', 'the number of subjects must be a whole number ≥ 1, got ""12""'],
    [100001, '100,001 subjects is more than the 100,000 this tool accepts; is it a typo?'],
  ])('checks the JSON sample size %j as %j', (value, expected) => {
    expect(checkSampleSize(value)).toBe(expected);
  });

  it.each([
    ['-38.5', -38.5],
    ['+.5', 0.5],
    ['1e2', 100],
    ['0x10', '"0x10" is not a number (coordinates are decimal numbers such as -38.5)'],
    ['1,5', '"1,5" is not a number (a decimal comma: write 1.5)'],
    ['-12,25', '"-12,25" is not a number (a decimal comma: write -12.25)'],
    ['1,5,2', '"1,5,2" is not a number (coordinates are decimal numbers such as -38.5)'],
    ['1000', 1000],
    ['-1000.5', '"-1000.5" is outside ±1,000 mm: not a brain coordinate'],
    ['1e400', '"1e400" is not a finite coordinate'],
  ])('reads the coordinate %j as %j', (text, expected) => {
    expect(parseCoordinate(text)).toBe(expected);
  });
});

describe('the writers’ choices', () => {
  it('writes an all-Talairach dataset as a Talairach Sleuth file, unconverted', () => {
    const tal = parsed('// Reference=Talairach\n// A 2001: x\n// Subjects=9\n1.5 -2 3\n').dataset;
    expect(writeDataset(tal, 'sleuth').text).toBe('// Reference=Talairach\n// A 2001: x\n// Subjects=9\n1.5\t-2\t3\n');
  });

  it('refuses a Sleuth file for an experiment without N, naming the formats that can hold it', () => {
    const noN = parsed('experiment,x,y,z\nA,1,2,3\n', 't.csv').dataset;
    expect(() => writeDataset(noN, 'sleuth')).toThrow('experiment "A" has no sample size, which a Sleuth file requires; save as NIMADS, NiMARE JSON or TSV instead');
    expect(writeDataset(noN, 'tsv').text).toBe('experiment\tx\ty\tz\tn\tspace\nA\t1\t2\t3\t\tMNI\n');
    expect(JSON.parse(writeDataset(noN, 'nimare-json').text)).toEqual({ A: { contrasts: { '': { coords: { space: 'MNI', x: [1], y: [2], z: [3] }, metadata: {} } } } });
  });

  it('keeps a table’s extra columns and a studyset’s authors and year', () => {
    const withGroup = parsed('experiment,x,y,z,n,space,group\nA,1,2,3,10,MNI,young\n', 't.csv').dataset;
    expect(writeDataset(withGroup, 'tsv').text).toBe('experiment\tx\ty\tz\tn\tspace\tgroup\nA\t1\t2\t3\t10\tMNI\tyoung\n');
    const studyset = { id: 's', studies: [{ id: 'st1', authors: 'Smith J', year: 2001, analyses: [{ id: 'a1', metadata: { sample_sizes: [12] }, points: [{ coordinates: [1, 2, 3], space: 'MNI' }] }] }] };
    const nimads = parsed(JSON.stringify(studyset), 's.json').dataset;
    expect(JSON.parse(writeDataset(nimads, 'nimads').text)).toEqual({ id: 's.json', name: 's.json', studies: [{ id: 'st1', name: 'st1', authors: 'Smith J', year: 2001, analyses: [{ id: 'a1', name: 'a1', metadata: { sample_sizes: [12] }, points: [{ coordinates: [1, 2, 3], space: 'MNI' }] }] }] });
  });
});

describe('space names found in the wild', () => {
  it.each([
    ['MNI', 'MNI'],
    [' mni ', 'MNI'],
    ['MNI152NLin2009cAsym', 'MNI'],
    ['ALE', 'MNI'],
    ['GingerALE', 'MNI'],
    ['ICBM', 'MNI'],
    ['TAL', 'TAL'],
    ['Talairach', 'TAL'],
    ['tal88', 'TAL'],
    ['  TALAIRACH\t', 'TAL'],
    ['xyz', null],
    ['', null],
    ['native', null],
  ])('%j is %s', (name, space) => {
    expect(parseSpaceName(name)).toBe(space);
  });
});

describe('experiment labels', () => {
  const experiment = (study: string, contrast: string, attributes?: Record<string, string>): Experiment => ({ id: study, study, contrast, sampleSize: 10, foci: [], where: 'line 1', attributes });
  it.each([
    [experiment('Motor', 'taps', { authors: ' Smith J; Doe K', year: '2001' }), 'Smith J et al., 2001: Motor — taps'],
    [experiment('Motor', 'taps', { authors: 'Smith J', year: '2001' }), 'Smith J, 2001: Motor — taps'],
    [experiment('Motor', '', { year: '2001' }), '2001: Motor'],
    [experiment(' Motor ', ' 1 ', {}), 'Motor'],
    [experiment(' Motor ', ' taps ', { authors: '  ' }), 'Motor — taps'],
    [experiment('Motor', 'taps', { authors: ',', year: '1999' }), '1999: Motor — taps'],
  ])('%#: %s', (e, label) => {
    expect(experimentLabel(e)).toBe(label);
  });
});

describe('Sleuth structure, with the line each message names', () => {
  const outcome = (text: string) => {
    const r = parseCoordinates(text, 's.txt');
    return { ok: r.ok, messages: (r.ok ? r.warnings : [...r.errors, ...r.warnings]).map((d) => [d.severity, d.line, d.message]) };
  };
  it.each([
    ['// A: b\n// Subjects=10\n1 2 3\n', [['error', 1, 'the first line must declare the space, e.g. "// Reference=MNI" (or Talairach)']]],
    ['// Reference=Colin\n// A: b\n// Subjects=10\n1 2 3\n', [['error', 1, 'unknown space "Colin"; expected MNI, TAL or Talairach']]],
    ['// Reference=MNI\n1 2 3\n\n// A: b\n// Subjects=10\n1 2 3\n', [['error', 2, 'coordinates before the first experiment header ("// Study: contrast" and "// Subjects=N" lines)']]],
    ['// Reference=MNI\n// A: b\n// more name\n1 2 3\n', [['error', 3, 'the experiment header ending here has no "// Subjects=N" line after its name']]],
    ['// Reference=MNI\n// A: b\n// Subjects=10\n', [['error', 3, 'experiment "A: b" has no coordinates after its Subjects line']]],
    ['// Reference=MNI\n// Subjects=10\n// B: c\n// Subjects=12\n1 2 3\n', [['error', 2, 'experiment "(unnamed)" has no coordinates before the next experiment\'s header']]],
    ['// Reference=MNI\n\n', [['error', undefined, 'no experiments found']]],
    ['// Reference=MNI\n// Subjects=10\n', [['error', 2, 'experiment "(unnamed)" has no coordinates after its Subjects line']]],
    // Reading stops at a bad Reference line: the stray coordinates after it add no second error.
    ['// Reference=MNI\n// A: b\n// Subjects=10\n1 2 3\n\n// Reference=Nowhere\n1 2 3\n', [['error', 6, 'unknown space "Nowhere"; expected MNI, TAL or Talairach']]],
  ])('%j', (text, messages) => {
    expect(outcome(text)).toEqual({ ok: false, messages });
  });

  it('reads the coordinates after a second Reference line in its space, says so, and takes \\n\\r line ends', () => {
    const r = parseCoordinates('// Reference=MNI\n\r// A: b\n\r// Subjects=10\n\r1 2 3\n\r\n\r// Reference=Talairach\n\r\n\r// C: d\n\r// Subjects=12\n\r4 5 6\n\r', 's.txt');
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.warnings.map((d) => [d.line, d.message])).toEqual([[6, 'another "// Reference=" line: the coordinates after it are read as Talairach (two Sleuth files pasted together?)']]);
    expect(r.dataset.experiments.map((e) => [e.id, e.sampleSize, e.foci.map((f) => [f.x, f.y, f.z, f.space, f.line])])).toEqual([
      ['A-b', 10, [[1, 2, 3, 'MNI', 4]]],
      ['C-d', 12, [[4, 5, 6, 'TAL', 10]]],
    ]);
  });
});
