/**
 * Known answers for coordinate tables (CSV or TSV, one focus per row): the
 * columns found, each row's checks with the line it names, attributes kept
 * per experiment, and line numbers past the rows a spreadsheet leaves empty.
 */
import { describe, expect, it } from 'vitest';
import { parseTable } from '../workers/input/table.ts';

const refused = (text: string) => {
  const r = parseTable(text, 't.csv');
  if (r.ok) throw new Error('expected a refusal');
  return r.errors.map((e) => [e.message, e.line]);
};
const read = (text: string) => {
  const r = parseTable(text, 't.csv');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return r;
};

describe('a coordinate table’s header', () => {
  it('needs a header and a row', () => {
    expect(refused('experiment,x,y,z\n')).toEqual([['a coordinate table needs a header row and at least one row of coordinates', undefined]]);
  });

  it('names the columns it lacks and quotes the header found', () => {
    expect(refused('Study,X,Why,Zed\nA,1,2,3\n')).toEqual([['header lacks the column(s) y, z; found: "Study, X, Why, Zed"', 1]]);
    expect(refused('foo,x,y,z\nA,1,2,3\n')).toEqual([['header lacks the column(s) experiment; found: "foo, x, y, z"', 1]]);
  });

  it('finds columns whatever their case, blanks or byte-order mark, and a clean table has no warnings', () => {
    const r = read('\uFEFF Experiment ,X, y ,Z,Sample Size,SPACE\nA,1,2,3,12,MNI\n');
    expect(r.warnings).toEqual([]);
    expect(r.dataset.experiments).toEqual([{ id: 'A', study: 'A', contrast: '', sampleSize: 12, foci: [{ x: 1, y: 2, z: 3, space: 'MNI', line: 2 }], where: 'line 2', attributes: {} }]);
    expect(r.dataset.format).toBe('table');
  });

  it('says when there is no space column (MNI is assumed) and no sample-size column', () => {
    const r = read('id,x,y,z\nA,1,2,3\n');
    expect(r.warnings.map((w) => [w.message, w.line])).toEqual([
      ['no "space" column: coordinates are taken as MNI', 1],
      ['no sample-size column ("n", "sample_size" or "subjects")', 1],
    ]);
    expect(r.dataset.experiments[0].foci[0].space).toBe('MNI');
    expect(r.dataset.experiments[0].sampleSize).toBeNull();
  });

  it('finds the space and the sample size in the first column too', () => {
    const r = read('space,x,y,z,n,study\nTAL,1,2,3,10,A\n');
    expect(r.dataset.experiments.map((e) => [e.id, e.sampleSize, e.foci[0].space])).toEqual([['A', 10, 'TAL']]);
    expect(r.warnings).toEqual([]);
    const first = read('n,experiment,x,y,z,space\n8,B,1,2,3,mni\n');
    expect(first.dataset.experiments.map((e) => [e.id, e.sampleSize, e.foci[0].space])).toEqual([['B', 8, 'MNI']]);
    expect(first.warnings).toEqual([]);
  });

  it('keeps other named columns as each experiment’s attributes, trimmed, and ignores unnamed ones', () => {
    const r = read('experiment,x,y,z,n,Group, ,task\nA,1,2,3,10, old ,junk,tap\nA,4,5,6,10,old,other,tap\nB,7,8,9,12,young,,rest\n');
    expect(r.dataset.experiments.map((e) => [e.id, e.attributes])).toEqual([
      ['A', { group: 'old', task: 'tap' }],
      ['B', { group: 'young', task: 'rest' }],
    ]);
  });
});

describe('a coordinate table’s rows', () => {
  const header = 'experiment,x,y,z,n,space,group\n';

  it('names each bad row with its line and reads none of them', () => {
    const rows = [
      'A,1,2,3,10,MNI,g', // 2: good
      'B,1,2,10,MNI,g', // 3: a field short
      ' ,1,2,3,10,MNI,g', // 4: no name
      'C,1,2,3e,10,MNI,g', // 5: not a number
      'D,1,-12\u002c5,3,10,MNI,g', // 6: a field too many (the comma splits)
      'E,1,2,3,10,XYZ,g', // 7: unknown space
      'F,1,2,3,ten,MNI,g', // 8: bad N
      'A,4,5,6,11,MNI,g', // 9: another N for A
      'A,4,5,6,10,MNI,h', // 10: another group for A
      'G,1,2,1001,10,MNI,g', // 11: outside the brain
    ];
    expect(refused(header + rows.join('\n'))).toEqual([
      ['expected 7 fields but found 6', 3],
      ['empty experiment name', 4],
      ['"3e" is not a number (coordinates are decimal numbers such as -38.5)', 5],
      ['expected 7 fields but found 8', 6],
      ['unknown space "XYZ"; expected MNI or TAL', 7],
      ['the number of subjects must be a whole number ≥ 1, got "ten"', 8],
      ['experiment "A" has sample size 11 here but 10 on its first row', 9],
      ['experiment "A" has "group" "h" here but "g" on its first row', 10],
      ['"1001" is outside ±1,000 mm: not a brain coordinate', 11],
    ]);
  });

  it('takes an empty sample size as unknown, on every row of the experiment', () => {
    const r = read(`${header}A,1,2,3,,MNI,g\nA,4,5,6, ,MNI,g\n`);
    expect(r.dataset.experiments.map((e) => [e.sampleSize, e.foci.length])).toEqual([[null, 2]]);
  });

  it('numbers lines past blank rows, rows of empty fields, Windows line ends and a quoted field over two lines', () => {
    const text = ['experiment\tx\ty\tz\tn\tnote', '', 'A\t1\t2\t3\t10\tx', '\t\t\t\t\t', '  ', '"B\nsecond line"\t4\t5\t6\t10\t"a\nb"', 'C\t7\t8\t9\t10\ty', '\t\t\t\t\t', 'C\t7\t8\tbad\t10\ty'].join('\r\n');
    expect(refused(text)).toEqual([['"bad" is not a number (coordinates are decimal numbers such as -38.5)', 11]]);
    const good = read(text.replace('bad', '9.5'));
    expect(good.dataset.experiments.map((e) => [e.id, e.where, e.foci.map((f) => f.line)])).toEqual([
      ['A', 'line 3', [3]],
      ['B\nsecond line', 'line 6', [6]],
      ['C', 'line 9', [9, 11]],
    ]);
  });

  it('numbers rows of a file whose line ends are mixed, as an editor does', () => {
    expect(refused('experiment,x,y,z\nA,1,2,3\r\n\rB,1,2,3\nC,1,2,x\n')).toEqual([['"x" is not a number (coordinates are decimal numbers such as -38.5)', 5]]);
  });

  it('numbers the last row when the file has no final line break', () => {
    expect(refused('experiment,x,y,z\n\nA,1,2,3\n,,,\nB,1,2,x')).toEqual([['"x" is not a number (coordinates are decimal numbers such as -38.5)', 5]]);
  });
});
