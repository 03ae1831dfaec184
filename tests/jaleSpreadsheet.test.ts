/**
 * JALE's spreadsheets: the inhibition example's experiment and analysis
 * sheets read as JALE reads them (the same 57 experiments as the Sleuth
 * conversion, the analyses and how many experiments each selects), the tag
 * logic, both layouts of the experiment sheet, and messages that name the
 * row and column.
 */
import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseInput, readAnalysisSheet, type Dataset } from '../workers/input/index.ts';
import { parseJaleAnalysisInfo, selectAnalyses, selectExperiments } from '../workers/input/jaleAnalyses.ts';
import { DiagnosticLog } from '../workers/input/diagnostics.ts';
import { isJaleHeader, isXlsx, parseJaleExperimentInfo, readXlsxRows, type Cell } from '../workers/input/jaleSpreadsheet.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { hasReference, loadDataset, referencePath } from './support/reference.ts';

const example = (file: string) => readFileSync(referencePath(`datasets/inhibition_jale_example/${file}`));
const messages = (r: { ok: boolean; errors?: { message: string }[] }) => (r.ok ? [] : (r.errors ?? []).map((e) => e.message));

describe.skipIf(!hasReference)('the inhibition example', () => {
  it('reads experiment_info.xlsx into the 57 experiments of the Sleuth conversion', async () => {
    const r = await parseInput(example('experiment_info.xlsx'), 'experiment_info.xlsx');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    const sleuth = loadDataset('datasets/inhibition_jale_example/inhibition_all_MNI.sleuth.txt');
    expect(r.dataset.format).toBe('jale');
    expect(r.dataset.experiments.length).toBe(57);
    expect(r.dataset.experiments.map((e) => [e.sampleSize, e.foci.length])).toEqual(sleuth.experiments.map((e) => [e.sampleSize, e.foci.length]));
    expect(r.dataset.experiments.reduce((n, e) => n + e.foci.length, 0)).toBe(1152);
    // MNI experiments keep their coordinates; the 4 Talairach ones stay Talairach until an analysis converts them.
    r.dataset.experiments.forEach((e, n) => {
      if (e.foci[0].space === 'MNI') expect(e.foci.map((f) => [f.x, f.y, f.z])).toEqual(sleuth.experiments[n].foci.map((f) => [f.x, f.y, f.z]));
    });
    expect(r.dataset.experiments.filter((e) => e.foci[0].space === 'TAL').length).toBe(4);
    expect(r.dataset.experiments[0]).toMatchObject({ id: 'study_1', tags: ['inhibition', 'high'], where: 'row 2' });
    expect(r.warnings).toEqual([]);
  });

  it('reads analysis_info.xlsx: the analyses and the experiments each selects', async () => {
    const data = await parseInput(example('experiment_info.xlsx'), 'experiment_info.xlsx');
    const sheet = await readAnalysisSheet(example('analysis_info.xlsx'), 'analysis_info.xlsx');
    if (!data.ok || !sheet.ok) throw new Error('not read');
    const counts = sheet.analyses.map((a) => [a.kind, a.name, a.subsetSize, ...a.groups.map((g) => { const s = selectExperiments(data.dataset, g.conditions); return s.ok ? s.indices.length : s.message; })]);
    expect(counts).toEqual([
      ['main', 'ResponseInhibition', null, 57],
      ['main', 'ResponseInhibition_low', null, 32],
      ['main', 'ResponseInhibition_no_high', null, 32],
      ['main', 'lowCondition', null, 32],
      ['main', 'highCondition', null, 25],
      ['probabilistic', 'ResponseInhibition_CV', 25, 57],
      ['contrast', 'lowCondition vs highCondition', null, 32, 25],
      ['balanced', 'lowCondition vs highCondition', 20, 32, 25],
    ]);
  });
});

const csv = (rows: string[]) => `Articles,Subjects,x,y,z,CoordinateSpace,Task,Group\n${rows.join('\n')}\n`;

describe('the experiment sheet’s two layouts', () => {
  it('groups fully filled rows by article and tags, and pools an article’s experiments on request', () => {
    const text = csv(['A,10,1,2,3,MNI,Tapping,young', 'A,10,4,5,6,MNI,Tapping,young', 'A,10,7,8,9,MNI,Tapping,old', 'B,12,1,1,1,TAL,Reading,young']);
    const r = parseCoordinates(text, 'e.csv');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.experiments.map((e) => [e.id, e.foci.length, e.tags])).toEqual([
      ['A-tapping, young', 2, ['tapping', 'young']],
      ['A-tapping, old', 1, ['tapping', 'old']],
      ['B', 1, ['reading', 'young']],
    ]);
    const pooled = parseCoordinates(text, 'e.csv', { pool: true });
    expect(pooled.ok && pooled.dataset.experiments.map((e) => [e.id, e.foci.length, e.tags])).toEqual([
      ['A', 3, ['tapping', 'young', 'old']],
      ['B', 1, ['reading', 'young']],
    ]);
  });

  it('reads the first-row layout: rows without an article belong to the one above', () => {
    const r = parseCoordinates(csv(['A,10,1,2,3,MNI,tapping,', ',,4,5,6,,,', 'A,16,7,8,9,MNI,tapping,', 'B,12,1,1,1,TAL,reading,', ',,2,2,2,,,']), 'e.csv');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.experiments.map((e) => [e.id, e.sampleSize, e.foci.map((f) => f.line)])).toEqual([
      ['A-tapping', 10, [2, 3]],
      ['A-tapping (2)', 16, [4]],
      ['B', 12, [5, 6]],
    ]);
    expect(r.dataset.experiments[2].foci[1].space).toBe('TAL');
  });

  it.each([
    [['A,10,1,2,x,MNI,t'], 'row 2, column E (z): "x" is not a number'],
    [['A,10,1,2,3,XYZ,t'], 'row 2, column F (CoordinateSpace): unknown coordinate space "XYZ"; expected MNI or TAL'],
    [['A,zero,1,2,3,MNI,t'], 'row 2, column B (Subjects): the number of subjects must be a whole number ≥ 1, got "zero"'],
    [['A,10,1,2,3,MNI,t', ',,5,,,,'], 'row 3: only 1 of the cells are filled'],
    [[',,1,2,3,,', 'A,10,1,2,3,MNI,t'], 'row 2, column A (Articles): coordinates before the first article'],
    [['A,10,1,2,3000,MNI,t'], 'row 2, column E (z): "3000" is outside ±1,000 mm: not a brain coordinate'],
    // Text cells pass the gate every other format passes: no hex (it read as 16), no words, a decimal comma named.
    [['A,10,0x10,2,3,MNI,t'], 'row 2, column C (x): "0x10" is not a number (coordinates are decimal numbers such as -38.5)'],
    [['A,10,1,Infinity,3,MNI,t'], 'row 2, column D (y): "Infinity" is not a number'],
    [['A,10,"-12,5",2,3,MNI,t'], 'row 2, column C (x): "-12,5" is not a number (a decimal comma: write -12.5)'],
  ])('names the row and column of a mistake: %j', (rows, message) => {
    expect(messages(parseCoordinates(csv(rows), 'e.csv')).join('\n')).toContain(message);
  });

  it('refuses an Excel workbook in the synchronous gate, and one that is not JALE’s sheet', async () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(messages(parseCoordinates(zip, 'w.xlsx'))[0]).toContain('an Excel workbook');
    expect(messages(await parseInput(zip, 'w.xlsx'))[0]).toContain('not a readable .xlsx workbook');
  });

  it('refuses a workbook whose first column is not JALE’s "Articles", naming what it found', async () => {
    const files = unzipSync(example('experiment_info.xlsx'));
    const strings = new TextDecoder().decode(files['xl/sharedStrings.xml']);
    expect(strings).toContain('<t>Article</t>');
    files['xl/sharedStrings.xml'] = new TextEncoder().encode(strings.replace('<t>Article</t>', '<t>Paper</t>'));
    const r = await parseInput(zipSync(files), 'paper.xlsx');
    expect(r.ok ? [] : r.errors.map((e) => [e.message, e.line])).toEqual([
      ['a workbook is read as JALE\'s experiment sheet, whose first column is "Articles" (then Subjects, x, y, z, CoordinateSpace and tags); this one starts with "Paper"', 1],
    ]);
  });

  it('refuses a workbook that would unzip to more than 64 MB, before unzipping it, and one too large to read', async () => {
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(70 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(messages(await parseInput(bomb, 'bomb.xlsx'))).toEqual(['the workbook unzips to 70 MB; workbooks that unzip to more than 64 MB are refused']);
    expect(messages(await readAnalysisSheet(bomb, 'bomb.xlsx'))).toEqual(['the workbook unzips to 70 MB; workbooks that unzip to more than 64 MB are refused']);
    const huge = new Uint8Array(65 * 1024 * 1024);
    huge.set([0x50, 0x4b, 0x03, 0x04]);
    expect(messages(await parseInput(huge, 'huge.xlsx'))[0]).toBe('file is 65.0 MB; coordinate files larger than 64 MB are refused');
    expect(messages(await readAnalysisSheet(huge, 'huge.xlsx'))).toEqual(['file is larger than 64 MB']);
    // One byte over the limit is refused; the limit itself is read (and here fails as the zip it is not).
    expect(messages(await readAnalysisSheet(huge.subarray(0, 64 * 1024 * 1024 + 1), 'huge.xlsx'))).toEqual(['file is larger than 64 MB']);
    expect(messages(await readAnalysisSheet(huge.subarray(0, 64 * 1024 * 1024), 'huge.xlsx'))).not.toEqual(['file is larger than 64 MB']);
  });
});

describe('tag logic', () => {
  const dataset: Dataset = {
    source: 't',
    format: 'jale',
    experiments: [['a', 'b'], ['a'], ['b'], ['c'], ['a', 'c']].map((tags, n) => ({ id: `E${n}`, study: `E${n}`, contrast: '', sampleSize: 10, foci: [], where: '', tags })),
  };
  const pick = (...conditions: string[]) => {
    const r = selectExperiments(dataset, conditions);
    return r.ok ? r.indices : r.message;
  };

  it('ANDs the +tags, removes the -tags, ORs the +tags before a ?, and knows "all"', () => {
    expect(pick('+a')).toEqual([0, 1, 4]);
    expect(pick('+a', '+b')).toEqual([0]);
    expect(pick('+a', '-c')).toEqual([0, 1]);
    expect(pick('+b', '+c', '?')).toEqual([0, 2, 3, 4]);
    expect(pick('+b', '+c', '?', '-a')).toEqual([2, 3]);
    expect(pick('+all', '-a')).toEqual([2, 3]);
    expect(pick('+A')).toEqual([0, 1, 4]);
  });

  it('names an unknown tag and a selection that is empty', () => {
    expect(pick('+d')).toBe('no experiment has the tag "d" (the sheet\'s tags: a, b, c)');
    expect(pick('+b', '+c')).toBe('the conditions +b +c select no experiment');
  });
});

describe('the analysis sheet', () => {
  const sheet = (rows: string[]) => readAnalysisSheet(new TextEncoder().encode(rows.join('\n')), 'a.csv');

  it.each([
    [['X,name,+a'], 'row 1: column A: unknown analysis type "X"'],
    [['P,name,+a'], 'row 1: P needs the subset size, e.g. P20, got "P"'],
    [['C,low,+low'], 'row 1: a C row needs the next row (with column A empty) for group B'],
    [['M,,+a'], 'row 1: column B (the analysis name) is empty'],
    [['M,name,a'], 'row 1: "a" is not a condition'],
    [['M,name,-a'], 'row 1: no +tag selects experiments'],
    [['', ''], 'no analyses found'],
  ])('names what is wrong: %j', async (rows, message) => {
    expect(messages(await sheet(rows)).join('\n')).toContain(message);
  });

  it('reads a CSV sheet with Cluster and P rows', async () => {
    const r = await sheet(['Cluster,all studies,+all', 'p10,subsets,+a,+b']);
    expect(r.ok && r.analyses.map((a) => [a.kind, a.name, a.subsetSize, a.groups[0].conditions])).toEqual([
      ['cluster', 'all studies', null, ['+all']],
      ['probabilistic', 'subsets', 10, ['+a', '+b']],
    ]);
  });
});

describe('the analysis sheet, row by row', () => {
  const read = (rows: Cell[][]) => {
    const r = parseJaleAnalysisInfo(rows, 'a.xlsx');
    return r.ok ? r.analyses.map((a) => [a.kind, a.name, a.subsetSize, a.groups.map((g) => [g.name, g.conditions, g.row])]) : r.errors.map((e) => [e.message, e.line]);
  };

  it('reads every type in any case, trims names and conditions, and skips blank rows in its row numbers', () => {
    expect(read([[' m ', ' Go ', ' +go ', null, '-old'], [], [null, ' '], ['p2', 'Subsets', '+go'], ['c', 'Young', '+young'], [null, 'Old', '+old', '+go', '?'], ['B12', 'Y', '+young'], ['', 'O', '+old'], ['cluster', 'All', '+all']])).toEqual([
      ['main', 'Go', null, [['Go', ['+go', '-old'], 1]]],
      ['probabilistic', 'Subsets', 2, [['Subsets', ['+go'], 4]]],
      ['contrast', 'Young vs Old', null, [['Young', ['+young'], 5], ['Old', ['+old', '+go', '?'], 6]]],
      ['balanced', 'Y vs O', 12, [['Y', ['+young'], 7], ['O', ['+old'], 8]]],
      ['cluster', 'All', null, [['All', ['+all'], 9]]],
    ]);
  });

  it('names each mistake with its row, and only the types, sizes and conditions JALE defines', () => {
    expect(read([['MM', 'a', '+a'], ['', 'b', '+b'], ['P1', 'c', '+c'], ['M', 'd', '+d', 'e+', '??'], ['xM', 'e', '+e'], ['M2x', 'f', '+f']])).toEqual([
      ['row 1: column A: unknown analysis type "MM"; expected M, P<N>, C, B or B<N>, or Cluster', 1],
      ['row 2: column A: unknown analysis type ""; expected M, P<N>, C, B or B<N>, or Cluster (a row with no type follows a C or B row as its group B)', 2],
      ['row 3: P needs the subset size, e.g. P20, got "P1"', 3],
      ['row 4: "e+" is not a condition: use +tag (must have), -tag (must not have) or ? (any of the +tags before it)', 4],
      ['row 5: column A: unknown analysis type "xM"; expected M, P<N>, C, B or B<N>, or Cluster', 5],
      ['row 6: column A: unknown analysis type "M2x"; expected M, P<N>, C, B or B<N>, or Cluster', 6],
    ]);
    for (const bad of ['??', 'a+b', 'a-b']) expect(read([['M', 'a', '+a', bad]]), bad).toEqual([[`row 1: "${bad}" is not a condition: use +tag (must have), -tag (must not have) or ? (any of the +tags before it)`, 1]]);
    expect(read([['M', 'a', '+', '+x']])).toEqual([['row 1: "+" is not a condition: use +tag (must have), -tag (must not have) or ? (any of the +tags before it)', 1]]);
    expect(read([['M', 'a', 'x', '-y']])).toEqual([
      ['row 1: "x" is not a condition: use +tag (must have), -tag (must not have) or ? (any of the +tags before it)', 1],
      ['row 1: no +tag selects experiments (use +all for every experiment)', 1],
    ]);
    expect(read([['P2', 'a', '+a']])).toEqual([['probabilistic', 'a', 2, [['a', ['+a'], 1]]]]);
  });

  it('takes a contrast only when both groups are whole, and the row after it as group B only when its type is empty', () => {
    expect(read([['C', 'a', '+a'], ['M', 'b', '+b']])).toEqual([['row 1: a C row needs the next row (with column A empty) for group B', 1]]);
    expect(read([['B', 'a', '+a'], [null, '', '+b']])).toEqual([['row 2: column B (the analysis name) is empty', 2]]);
    expect(read([['C', '', '+a'], [null, 'b', '+b']])).toEqual([['row 1: column B (the analysis name) is empty', 1]]);
  });

  it('gives each group of an analysis its own dataset, named after the group', () => {
    const dataset: Dataset = { source: 'e.xlsx', format: 'jale', experiments: [['go'], ['stop']].map((tags, n) => ({ id: `E${n}`, study: `E${n}`, contrast: '', sampleSize: 10, foci: [], where: '', tags })) };
    const sheet = parseJaleAnalysisInfo([['C', 'Go', '+go'], [null, 'None', '+none']], 'a.xlsx');
    if (!sheet.ok) throw new Error('sheet');
    const [{ groups }] = selectAnalyses(dataset, sheet.analyses);
    expect(groups.map((g) => [g.name, g.selection.ok ? [g.selection.dataset.source, g.selection.dataset.experiments.map((e) => e.id)] : g.selection.message])).toEqual([
      ['Go', ['e.xlsx: Go', ['E0']]],
      ['None', 'no experiment has the tag "none" (the sheet\'s tags: go, stop)'],
    ]);
    expect(selectExperiments({ ...dataset, experiments: [{ ...dataset.experiments[0], tags: undefined }] }, ['+go'])).toEqual({ ok: false, message: 'no experiment has the tag "go" (the sheet\'s tags: none)' });
    expect(selectExperiments(dataset, ['+ Go '])).toEqual({ ok: true, indices: [0] });
  });
});

describe('the experiment sheet’s cells as a workbook gives them', () => {
  const header: Cell[] = ['Articles', 'Subjects', 'x', 'y', 'z', 'CoordinateSpace', 'Task', 'Group'];
  const read = (rows: Cell[][], pool = false) => parseJaleExperimentInfo([header, ...rows], 'e.xlsx', { pool });
  const errors = (r: ReturnType<typeof read>) => (r.ok ? [] : r.errors.map((e) => [e.message, e.line]));

  it('knows an .xlsx by its four zip bytes and JALE’s sheet by its first header, trimmed, in any case', () => {
    expect(isXlsx(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toBe(true);
    for (const bytes of [[0x50, 0x4b, 0x03], [0x50, 0x4b, 0x03, 0x05], [0x50, 0x4b, 0x05, 0x04], [0x50, 0x4c, 0x03, 0x04], [0x51, 0x4b, 0x03, 0x04]]) expect(isXlsx(Uint8Array.from(bytes)), String(bytes)).toBe(false);
    for (const first of ['Articles', 'article', ' ARTICLES ']) expect(isJaleHeader([first]), first).toBe(true);
    for (const first of ['My articles', 'Articles 2', 'Articlesx', 5, null]) expect(isJaleHeader([first]), String(first)).toBe(false);
    expect(isJaleHeader([])).toBe(false);
  });

  it('needs a row under the header, and an experiment in it', () => {
    expect(errors(parseJaleExperimentInfo([header], 'e.xlsx'))).toEqual([['an experiment sheet needs a header row and at least one row of coordinates', undefined]]);
    expect(errors(read([[null, null, ' ', null]]))).toEqual([['no experiments found', undefined]]);
    const one = read([['A', 10, 1, 2, 3, 'MNI']]);
    expect(one.ok && one.dataset.experiments.map((e) => [e.id, e.foci.length])).toEqual([['A', 1]]);
  });

  it('names cells that are empty, true or a date where a coordinate belongs, and the ±1,000 mm edge', () => {
    expect(errors(read([['A', 10, null, 2, 3, 'MNI'], ['A', 10, 1, true, 3, 'MNI']]))).toEqual([
      ['row 2, column C (x): "" is not a number', 2],
      ['row 3, column D (y): "true" is not a number', 3],
    ]);
    expect(errors(read([['A', 10, 1, 2, Number.NaN, 'MNI']]))).toEqual([['row 2, column E (z): "NaN" is not a number', 2]]);
    expect(errors(read([['A', 10, 1, 2, -1000.5, 'MNI']]))).toEqual([['row 2, column E (z): -1000.5 is outside ±1,000 mm: not a brain coordinate', 2]]);
    const edge = read([['A', 10, -1000, 1000, 0, 'MNI']]);
    expect(edge.ok && edge.dataset.experiments[0].foci.map((f) => [f.x, f.y, f.z])).toEqual([[-1000, 1000, 0]]);
  });

  it('refuses a row with two filled cells at its own row, and reads nothing further', () => {
    expect(errors(read([['A', 10, 1, 2, 3, 'MNI'], [null, null, 4, 5], ['B', 10, 'x', 2, 3, 'MNI']]))).toEqual([
      ['row 3: only 2 of the cells are filled; a focus needs x, y and z (and the first row of an experiment its article, subjects and space)', 3],
    ]);
  });

  it('reads the space in any case and spelling JALE takes, and names a missing one', () => {
    const r = read([['A', 10, 1, 2, 3, ' mni '], ['B', 10, 1, 2, 3, 'tal'], ['C', 10, 1, 2, 3, 'Talairach']]);
    expect(r.ok && r.dataset.experiments.map((e) => e.foci[0].space)).toEqual(['MNI', 'TAL', 'TAL']);
    expect(errors(read([['A', 10, 1, 2, 3, null, 'tag']]))).toEqual([['row 2, column F (CoordinateSpace): unknown coordinate space ""; expected MNI or TAL', 2]]);
  });

  it('trims articles and tags, and keeps tag lists apart that would run together', () => {
    const r = read([[' A ', 10, 1, 2, 3, 'MNI', ' Ab ', 'c'], ['A', 10, 4, 5, 6, 'MNI', 'a', 'bc'], ['A', 10, 7, 8, 9, 'MNI', 'ab', ' C']]);
    expect(r.ok && r.dataset.experiments.map((e) => [e.id, e.study, e.foci.length, e.attributes])).toEqual([
      ['A-ab, c', 'A', 2, { tags: 'ab, c' }],
      ['A-a, bc', 'A', 1, { tags: 'a, bc' }],
    ]);
    const untagged = read([['B', 10, 1, 2, 3, 'MNI']]);
    expect(untagged.ok && untagged.dataset.experiments[0]).toMatchObject({ id: 'B', contrast: '', tags: [], attributes: undefined });
  });
});

describe('reading the workbook', () => {
  it('reads a workbook that lies inside a larger buffer', async () => {
    const bytes = example('experiment_info.xlsx');
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes, 7);
    const r = await parseInput(padded.subarray(7, 7 + bytes.length), 'experiment_info.xlsx');
    expect(r.ok && r.dataset.experiments.length).toBe(57);
  });

  it('names an empty workbook by what its first cell holds: nothing', async () => {
    const files = unzipSync(example('experiment_info.xlsx'));
    const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    files['xl/worksheets/sheet1.xml'] = new TextEncoder().encode(sheet.replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData/>'));
    const r = await parseInput(zipSync(files), 'empty.xlsx');
    expect(r.ok ? [] : r.errors.map((e) => [e.message, e.line])).toEqual([
      ['a workbook is read as JALE\'s experiment sheet, whose first column is "Articles" (then Subjects, x, y, z, CoordinateSpace and tags); this one starts with ""', 1],
    ]);
  });

  it('reads an analysis sheet saved as CSV after a byte-order mark, counting blank lines in its row numbers', async () => {
    const csvSheet = (text: string) => readAnalysisSheet(new TextEncoder().encode(text), 'a.csv');
    const r = await csvSheet('\uFEFFM,Go,+go\r\n');
    expect(r.ok && r.analyses.map((a) => [a.kind, a.name])).toEqual([['main', 'Go']]);
    const bad = await csvSheet('M,Go,+go\n\nX,Stop,+stop\n');
    expect(bad.ok ? [] : bad.errors.map((e) => e.line)).toEqual([3]);
  });

  it('names a zip that is not a workbook, and reads one that unzips to exactly 64 MB as far as it is one', async () => {
    const log = new DiagnosticLog('a.xlsx');
    expect(await readXlsxRows(zipSync({ 'a.txt': new Uint8Array(10) }), log)).toBeNull();
    expect(log.allErrors().map((e) => e.message)).toEqual([expect.stringMatching(/^not a readable \.xlsx workbook \(.+\)$/)]);
    // The archive's directory, not its content, decides: a small zip whose directory declares 64 MB and one byte more.
    const declaring = (bytes: number) => {
      const zip = zipSync({ 'xl/a.bin': new Uint8Array(10) }, { level: 0 });
      const view = new DataView(zip.buffer);
      for (let at = 0; at + 4 <= zip.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, bytes, true);
      return zip;
    };
    const edge = new DiagnosticLog('b.xlsx');
    expect(await readXlsxRows(declaring(64 * 1024 * 1024), edge)).toBeNull();
    expect(edge.allErrors().map((e) => e.message)).toEqual([expect.stringMatching(/^not a readable \.xlsx workbook \(/)]);
    const over = new DiagnosticLog('c.xlsx');
    expect(await readXlsxRows(declaring(64 * 1024 * 1024 + 1), over)).toBeNull();
    expect(over.allErrors().map((e) => e.message)).toEqual(['the workbook unzips to 64 MB; workbooks that unzip to more than 64 MB are refused']);
  });
});
