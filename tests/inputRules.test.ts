/**
 * Known answers for the input gate's decisions that no reference file
 * exercises: NiMARE's study/contrast naming, renaming repeated ids, the
 * blank-line warnings, malformed NIMADS parts, and the writers' notes.
 */
import { describe, expect, it } from 'vitest';
import { writeDataset } from '../workers/input/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { splitStudyContrast } from '../workers/input/sleuth.ts';

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

  it('accepts a study without analyses, saying it was left out', () => {
    const r = parseCoordinates(studyset(undefined), 'set.json');
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.dataset.experiments.map((e) => e.id)).toEqual(['good-a1']);
    expect(r.warnings.map((w) => w.message)).toEqual(['studies[1] ("broken") has no analyses and was left out']);
  });
});

describe('writers’ notes', () => {
  const single = parsed(`// Reference=MNI\n${block('Smith 2010: a')}\n${block('Jones 2011: b')}`).dataset;
  const mixed = parsed('experiment\tx\ty\tz\tn\tspace\nA\t1\t2\t3\t10\tMNI\nA\t4\t5\t6\t10\tTAL\nB\t1\t2\t3\t12\tMNI\n', 't.tsv').dataset;

  it('adds no note where nothing was converted', () => {
    for (const format of ['sleuth', 'nimare-json', 'nimads', 'tsv'] as const) expect(writeDataset(single, format).notes).toEqual([]);
  });

  it('counts the experiments whose Talairach foci NiMARE JSON converted', () => {
    expect(writeDataset(mixed, 'nimare-json').notes).toEqual(['NiMARE JSON holds one space per experiment: in 1 experiment(s) with MNI and Talairach foci, the Talairach ones were converted to MNI with icbm_other']);
  });
});
