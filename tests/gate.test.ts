/**
 * The input gate on the inputs a review and a fuzzing pass found wrong: each
 * gives a clear message (file, line, at most ~200 characters of the input)
 * within bounded time and memory, never a silently different analysis.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateParameters, DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { MNI_2MM_AFFINE, MNI_2MM_SHAPE } from '../workers/core/grid.ts';
import { formatDiagnostic, readMask, type ParseResult } from '../workers/input/index.ts';
import { MAX_INPUT_BYTES, parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { writeNifti } from '../workers/reports/niftiWriter.ts';
import { methodsMarkdown } from '../workers/reports/methodsReport.ts';
import { nullPlot } from '../workers/reports/nullDistributionPlot.ts';
import { tsvField } from '../workers/reports/tables.ts';
import { hasReference, referencePath } from './support/reference.ts';

const head = '// Reference=MNI\n// Smith 2020: a > b\n';
const messages = (r: ParseResult) => (r.ok ? r.warnings : [...r.errors, ...r.warnings]).map(formatDiagnostic);
const errorsOf = (text: string) => {
  const r = parseCoordinates(text, 'f.txt');
  expect(r.ok, `${text.slice(0, 80)} should be refused`).toBe(false);
  return messages(r);
};

describe('coordinates and sample sizes', () => {
  it.each([
    [`${head}// Subjects=10\n8589934590 0 0\n`, 'f.txt:4: error: "8589934590" is outside ±1,000 mm'],
    [`${head}// Subjects=10\n0x10 0 0\n`, 'f.txt:4: error: "0x10" is not a number'],
    [`${head}// Subjects=0x14\n1 2 3\n`, 'f.txt:3: error: the number of subjects must be a whole number ≥ 1, got "0x14"'],
    [`${head}// Subjects=2 5\n1 2 3\n`, 'f.txt:3: error: the number of subjects must be a whole number ≥ 1, got "2 5"'],
    [`${head}// Subjects=0.01\n1 2 3\n`, 'got "0.01"'],
    [`${head}// Subjects=1e-6\n1 2 3\n`, 'got "1e-6"'],
    [`${head}// Subjects=1e-300\n1 2 3\n`, 'got "1e-300"'],
    [`${head}// Subjects=5000000\n1 2 3\n`, 'more than the 100,000 this tool accepts'],
    ['experiment,x,y,z,n\nA,1,2,3,0x14\n', 'f.txt:2: error: the number of subjects must be a whole number ≥ 1, got "0x14"'],
    ['{"s": {"contrasts": {"c": {"coords": {"x": [1e9], "y": [0], "z": [0]}, "metadata": {"sample_sizes": [20]}}}}}', 'outside ±1,000 mm'],
    ['{"s": {"contrasts": {"c": {"coords": {"x": [1], "y": [0], "z": [0]}, "metadata": {"sample_sizes": [0.01]}}}}}', 'sample_sizes[0]: the number of subjects must be a whole number ≥ 1'],
  ])('refuses %j', (text, expected) => {
    expect(errorsOf(text).join('\n')).toContain(expected);
  });

  it('refuses iterations above 100,000 and a fractional sample size in the one parameter schema', () => {
    expect(() => validateParameters({ ...DEFAULT_PARAMETERS, iterations: 1_000_000 })).toThrow('iterations must be at most 100,000');
    expect(() => validateParameters({ ...DEFAULT_PARAMETERS, sampleSize: 0.5 })).toThrow('the sample size must be a whole number');
    expect(() => validateParameters({ ...DEFAULT_PARAMETERS, connectivity: 7 })).toThrow('connectivity must be 6, 18 or 26');
  });
});

describe('Sleuth structure', () => {
  it('reads two Sleuth files pasted together in their own spaces, and says so', () => {
    const r = parseCoordinates('// Reference=MNI\n// A 2001: x\n// Subjects=10\n1 2 3\n\n// Reference=Talairach\n// B 2002: y\n// Subjects=12\n4 5 6\n', 'two.txt');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.dataset.experiments.map((e) => [e.id, e.foci[0].space])).toEqual([['A 2001-x', 'MNI'], ['B 2002-y', 'TAL']]);
    expect(messages(r).join('\n')).toContain('two.txt:6: warning: another "// Reference=" line: the coordinates after it are read as Talairach');
  });

  it('refuses an experiment header with no coordinates instead of merging it into the next', () => {
    expect(errorsOf('// Reference=MNI\n// A 2001: x\n// Subjects=10\n// B 2002: y\n// Subjects=12\n1 2 3\n').join('\n')).toContain('f.txt:3: error: experiment "A 2001: x" has no coordinates before the next experiment\'s header');
  });

  it('refuses a second Subjects line for one experiment', () => {
    expect(errorsOf('// Reference=MNI\n// A 2001: x\n// Subjects=10\n// Subjects=12\n1 2 3\n').join('\n')).toContain('f.txt:4: error: a second "// Subjects=" line for one experiment (the first is line 3)');
  });
});

describe('encodings, JSON and sizes', () => {
  const sleuth = `${head}// Subjects=10\n-38 -22 56\n`;
  it.each([
    ['UTF-16 LE', Uint8Array.from([0xff, 0xfe, ...[...sleuth].flatMap((c) => [c.charCodeAt(0), 0])])],
    ['UTF-16 BE', Uint8Array.from([0xfe, 0xff, ...[...sleuth].flatMap((c) => [0, c.charCodeAt(0)])])],
    ['UTF-8 with BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(sleuth)])],
  ])('reads %s', (_, bytes) => {
    const r = parseCoordinates(bytes, 'excel.txt');
    expect(r.ok && r.dataset.experiments[0].foci[0]).toMatchObject({ x: -38, y: -22, z: 56 });
  });

  it('reads Latin-1 with a warning, and names a broken UTF-16 file by its byte-order mark', () => {
    const latin1 = Uint8Array.from(`${head.replace('Smith', 'M\u00fcller')}// Subjects=10\n1 2 3\n`, (c) => c.charCodeAt(0));
    const r = parseCoordinates(latin1, 'l.txt');
    expect(r.ok && [messages(r), r.dataset.experiments[0].study]).toEqual([['l.txt: warning: file is not valid UTF-8; read it as Latin-1'], 'Müller 2020']);
    // A lone high surrogate, then "a".
    expect(messages(parseCoordinates(Uint8Array.from([0xff, 0xfe, 0x00, 0xd8, 0x61, 0x00]), 'le.txt'))).toEqual(['le.txt: error: the file starts with a UTF-16LE byte-order mark but is not valid UTF-16LE text']);
    expect(messages(parseCoordinates(Uint8Array.from([0xfe, 0xff, 0xd8, 0x00, 0x00, 0x61]), 'be.txt'))).toEqual(['be.txt: error: the file starts with a UTF-16BE byte-order mark but is not valid UTF-16BE text']);
  });

  it('calls a file binary from a NUL byte in its first 8 KiB, and reads on past one later', () => {
    const withNul = (at: number) => {
      const bytes = new TextEncoder().encode(`${head}// Subjects=10\n-38 -22 56\n${' '.repeat(9000)}`);
      bytes[at] = 0;
      return bytes;
    };
    expect(messages(parseCoordinates(withNul(8191), 'n.txt'))).toEqual(['n.txt: error: this is a binary file, not a text coordinate file (Sleuth, JSON or CSV/TSV)']);
    expect(messages(parseCoordinates(withNul(8192), 'n.txt'))).toEqual(['n.txt:5: error: expected 3 coordinates (x y z) but found 1: "\u0000"']);
  });

  it('refuses text and files of more than 64 MB, and reads 64 MB exactly', () => {
    expect(messages(parseCoordinates(' '.repeat(MAX_INPUT_BYTES), 's.txt'))).toEqual(['s.txt: error: file is empty']);
    expect(messages(parseCoordinates(' '.repeat(MAX_INPUT_BYTES + 1), 's.txt'))).toEqual(['s.txt: error: the text is 64.0 MB; coordinate files larger than 64 MB are refused']);
    expect(messages(parseCoordinates(new Uint8Array(MAX_INPUT_BYTES).fill(32), 'b.txt'))).toEqual(['b.txt: error: file is empty']);
    expect(messages(parseCoordinates(new Uint8Array(MAX_INPUT_BYTES + 1).fill(32), 'b.txt'))).toEqual(['b.txt: error: file is 64.0 MB; coordinate files larger than 64 MB are refused']);
  });

  it('reads JSON after a UTF-8 byte-order mark, a table split by semicolons with a quoted header, and JALE’s sheet with both', () => {
    const json = parseCoordinates(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"s": {"contrasts": {"c": {"coords": {"space": "MNI", "x": [1], "y": [2], "z": [3]}, "metadata": {"sample_sizes": [10]}}}}}')]), 'b.json');
    expect(json.ok && json.dataset.experiments.map((e) => [e.id, e.foci.length])).toEqual([['s-c', 1]]);
    const table = parseCoordinates('study;"X";y;z;n\na;1;2;3;10\n', 't.csv');
    expect(table.ok && [table.dataset.experiments[0].foci[0], messages(table)]).toEqual([{ x: 1, y: 2, z: 3, space: 'MNI', line: 2 }, ['t.csv:1: warning: no "space" column: coordinates are taken as MNI']]);
    const jale = parseCoordinates(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('"Articles",Subjects,x,y,z,CoordinateSpace\nA,10,1,2,3,MNI\n')]), 'j.csv');
    expect(jale.ok && jale.dataset.experiments.map((e) => [e.id, e.sampleSize])).toEqual([['A', 10]]);
  });

  it("reads Python's NaN as missing, with a warning, and names the path it breaks", () => {
    const r = parseCoordinates('{"s": {"contrasts": {"c": {"coords": {"x": [1, NaN], "y": [0, 0], "z": [0, 0]}, "metadata": {"sample_sizes": [NaN]}}}}}', 'py.json');
    const text = messages(r).join('\n');
    expect(text).toContain('py.json:1: warning: 2 NaN or Infinity value(s) (as Python writes them) were read as missing (null)');
    expect(text).toContain('s.contrasts.c.coords.x[1] is not a finite number: null');
  });

  it('refuses JSON nested 100,000 deep without exhausting the stack', () => {
    expect(errorsOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`).join('\n')).toContain('nested more than 64 levels deep');
  });

  // How fast these hostile inputs are answered is measured by `npm run bench -- --only=gate`; here, that they are.
  it('answers a first line of 300,000 tabs', () => {
    expect(errorsOf(`${'\t'.repeat(300_000)}\nx`).length).toBeGreaterThan(0);
  });

  it('quotes at most ~200 characters of the input and lists at most 20 warnings', () => {
    const long = errorsOf(`${head}// Subjects=10\n1 2 ${'9'.repeat(6_000_000)}\n`);
    expect(Math.max(...long.map((m) => m.length))).toBeLessThan(400);
    const lines = Array.from({ length: 30_000 }, (_, n) => `// E${n}: c\n// Subjects=10\n1 2 3`).join('\n');
    const r = parseCoordinates(`// Reference=MNI\n${lines}\n`, 'many.txt');
    expect(r.ok).toBe(true);
    expect(r.warnings.length).toBeLessThanOrEqual(21);
    expect(r.warnings.at(-1)?.message).toMatch(/more warnings not listed$/);
  });
});

describe('masks', () => {
  const [n0, n1, n2] = MNI_2MM_SHAPE;
  const brain = (i: number, j: number, k: number) => (i - 45) ** 2 + (j - 55) ** 2 + (k - 40) ** 2 < 30 ** 2;
  const volume = (value: (inside: boolean) => number) => {
    const data = new Float32Array(n0 * n1 * n2);
    for (let i = 0, v = 0; i < n0; i++) for (let j = 0; j < n1; j++) for (let k = 0; k < n2; k++, v++) data[v] = value(brain(i, j, k));
    return data;
  };
  const file = (data: Float32Array, edit?: (view: DataView) => void) => {
    const bytes = writeNifti(MNI_2MM_SHAPE, MNI_2MM_AFFINE, data);
    edit?.(new DataView(bytes.buffer));
    return gzipSync(bytes);
  };

  it('keeps a binary mask as is', () => {
    const r = readMask(file(volume((inside) => (inside ? 1 : 0))), 'ball.nii.gz');
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('takes a mask of one value stored with a scale (32767 × 1/32767) as binary, and one of 255s too', () => {
    const scaled = readMask(file(volume((inside) => (inside ? 32767 : 0)), (h) => h.setFloat32(112, Math.fround(1 / 32767), true)), 'scaled.nii.gz');
    expect(scaled.ok && scaled.warnings).toEqual([]);
    const bytes = readMask(file(volume((inside) => (inside ? 255 : 0))), '255.nii.gz');
    expect(bytes.ok && bytes.warnings).toEqual([]);
    const almost = readMask(file(volume((inside) => (inside ? 1 : 0)).map((v, n) => (v > 0 && n % 2 ? 1.0001 : v))), 'almost.nii.gz');
    expect(almost.ok && almost.warnings[0].message).toMatch(/^not a binary mask: kept the 112,931 voxels whose value is > 0 \(56,32\d of them differ from the first, 1(\.0001\d*)?\)$/);
  });

  it.skipIf(!hasReference)('takes GingerALE’s Grey10 mask as binary', () => {
    const r = readMask(readFileSync(referencePath('atlases/ale_gm_mask_grey10/Grey10.nii.gz')), 'Grey10.nii.gz');
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('thresholds a probabilistic mask at > 0 and says how many voxels it kept', () => {
    const r = readMask(file(volume((inside) => (inside ? 1 : 0)).map((v, n) => (v > 0 ? 0.3 + (n % 7) / 10 : 0))), 'prob.nii.gz');
    expect(r.ok && r.warnings[0].message).toMatch(/^not a binary mask: kept the [\d,]+ voxels whose value is > 0/);
  });

  it('refuses a probability map with a floor above 0 (it would be the whole box)', () => {
    const r = readMask(file(volume((inside) => (inside ? 1 : 0.001))), 'floor.nii.gz');
    expect(!r.ok && r.errors[0].message).toContain('every voxel of its 91×109×91 grid is > 0');
  });

  it('applies scl_inter, and refuses the inverted mask it makes', () => {
    const r = readMask(file(volume((inside) => (inside ? 1 : 0)), (h) => h.setFloat32(116, -1, true)), 'inverted.nii.gz');
    expect(!r.ok && r.errors[0].message).toContain('is scl_inter inverting it?');
  });

  it('refuses a one-voxel mask', () => {
    const data = new Float32Array(n0 * n1 * n2);
    data[12345] = 1;
    expect(readMask(file(data), 'one.nii.gz').ok).toBe(false);
  });

  it('refuses a 1.4 MB .nii.gz that declares 1000³ voxels, before inflating it', () => {
    const header = writeNifti([2, 2, 2], MNI_2MM_AFFINE, new Float32Array(8));
    const view = new DataView(header.buffer);
    for (const [at, n] of [[42, 1000], [44, 1000], [46, 1000]]) view.setInt16(at, n, true);
    const bomb = gzipSync(Uint8Array.from([...header, ...new Uint8Array(8_000_000)]));
    const r = readMask(bomb, 'bomb.nii.gz');
    expect(!r.ok && r.errors[0].message).toContain('declares 1000×1000×1000 voxels');
  });

  it('stops inflating a .nii.gz that holds more than its header declares, and names it', () => {
    // 20³ float32 voxels declared (32,352 bytes with the header), 4 MB of zeros behind them.
    const header = writeNifti([20, 20, 20], MNI_2MM_AFFINE, new Float32Array(8000));
    const liar = gzipSync(Uint8Array.from([...header, ...new Uint8Array(4_000_000)]));
    const r = readMask(liar, 'liar.nii.gz');
    expect(!r.ok && r.errors[0].message).toBe('liar.nii.gz: inflates to more than its header declares (1 MB)');
    // The same file without the extra bytes passes the size check (and is then refused as a mask of no voxels).
    const honest = readMask(gzipSync(header), 'honest.nii.gz');
    expect(!honest.ok && honest.errors[0].message).toContain('only 0 voxels are > 0');
  });

  it('names a gzip that is cut short, a gzip of something else, and a file that is no NIfTI', () => {
    const whole = file(volume((inside) => (inside ? 1 : 0)));
    const cut = readMask(whole.subarray(0, 200), 'cut.nii.gz');
    expect(!cut.ok && cut.errors[0].message).toBe('cut.nii.gz: not a readable gzip file (unexpected EOF)');
    const short = readMask(gzipSync(new Uint8Array(100)), 'short.nii.gz');
    expect(!short.ok && short.errors[0].message).toBe("short.nii.gz: not a readable gzip'd NIfTI file");
    const text = readMask(gzipSync(new TextEncoder().encode('not an image '.repeat(100))), 'text.nii.gz');
    expect(!text.ok && text.errors[0].message).toBe('text.nii.gz: not a NIfTI-1 or NIfTI-2 file');
    const plain = readMask(new TextEncoder().encode('x'.repeat(2000)), 'plain.nii');
    expect(!plain.ok && plain.errors[0].message).toBe('plain.nii: not a NIfTI-1 or NIfTI-2 file');
  });

  it('keeps the grid, affine and name of a mask, and reads one whose gzip stream spans many 64 KB chunks', () => {
    // Incompressible values: the stream is far longer than one chunk of the bounded inflater.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let first = true;
    const data = volume((inside) => (inside ? (first ? ((first = false), 1) : 2 + random()) : 0));
    const bytes = file(data);
    expect(bytes.length).toBeGreaterThan(4 * 65536);
    const r = readMask(bytes, 'noisy.nii.gz');
    if (!r.ok) throw new Error(r.errors[0].message);
    expect([r.mask.shape, Array.from(r.mask.affine), r.mask.name]).toEqual([MNI_2MM_SHAPE, Array.from(MNI_2MM_AFFINE), 'noisy.nii.gz']);
    expect(r.mask.values.reduce((a, b) => a + b, 0)).toBe(112_931);
    expect(r.warnings.map((w) => [w.severity, w.source, w.message])).toEqual([['warning', 'noisy.nii.gz', 'not a binary mask: kept the 112,931 voxels whose value is > 0 (112,930 of them differ from the first, 1)']]);
  });

  it('takes a mask of 1,000 voxels and refuses one of 999, saying how many it found', () => {
    const some = (count: number) => file(new Float32Array(n0 * n1 * n2).map((_, v) => (v % 500 === 0 && v / 500 < count ? 1 : 0)));
    const enough = readMask(some(1000), 'thousand.nii.gz');
    expect(enough.ok && enough.mask.values.reduce((a, b) => a + b, 0)).toBe(1000);
    const few = readMask(some(999), 'few.nii.gz');
    expect(!few.ok && few.errors).toEqual([{ severity: 'error', source: 'few.nii.gz', message: "few.nii.gz: only 999 voxels are > 0 (after the header's scaling); a brain mask at 2 mm has hundreds of thousands" }]);
  });

  it('lets a gzip inflate to 1,024 bytes past its declared size, not one more, and says the size in MB', () => {
    const header = writeNifti([20, 20, 20], MNI_2MM_AFFINE, new Float32Array(8000));
    const padded = (extra: number) => gzipSync(Uint8Array.from([...header, ...new Uint8Array(extra)]));
    const within = readMask(padded(1024), 'within.nii.gz');
    expect(!within.ok && within.errors[0].message).toBe("within.nii.gz: only 0 voxels are > 0 (after the header's scaling); a brain mask at 2 mm has hundreds of thousands");
    const over = readMask(padded(1025), 'over.nii.gz');
    expect(!over.ok && over.errors[0].message).toBe('over.nii.gz: inflates to more than its header declares (1 MB)');
    // 91×109×91 float32 declared: 3,610,868 bytes, "3 MB".
    const big = writeNifti(MNI_2MM_SHAPE, MNI_2MM_AFFINE, new Float32Array(n0 * n1 * n2));
    const bigLiar = readMask(gzipSync(Uint8Array.from([...big, ...new Uint8Array(2_000_000)])), 'big.nii.gz');
    expect(!bigLiar.ok && bigLiar.errors[0].message).toBe('big.nii.gz: inflates to more than its header declares (3 MB)');
  });

  it('lets a header declare 256³ voxels but not one slice more, and counts every dimension', () => {
    const declaring = (dims: number[]) => {
      const bytes = writeNifti([2, 2, 2], MNI_2MM_AFFINE, new Float32Array(8));
      const view = new DataView(bytes.buffer);
      view.setInt16(40, dims.length, true);
      dims.forEach((n, d) => view.setInt16(42 + 2 * d, n, true));
      return bytes;
    };
    for (const [bytes, name] of [[gzipSync(declaring([256, 256, 256])), 'edge.nii.gz'], [declaring([256, 256, 256]), 'edge.nii']] as const) {
      const edge = readMask(bytes, name);
      expect(!edge.ok && edge.errors[0].message).toBe(`${name}: image data is truncated (8 of 16777216 voxels)`);
    }
    const slice = readMask(gzipSync(declaring([256, 256, 257])), 'slice.nii.gz');
    expect(!slice.ok && slice.errors[0].message).toBe('slice.nii.gz: declares 256×256×257 voxels; an analysis mask on a 2 mm grid has at most 16,777,216');
    const fourD = readMask(gzipSync(declaring([256, 256, 256, 2])), '4d.nii.gz');
    expect(!fourD.ok && fourD.errors[0].message).toBe('4d.nii.gz: declares 256×256×256×2 voxels; an analysis mask on a 2 mm grid has at most 16,777,216');
  });

  it('tells a gzip too short to hold a NIfTI header from one that holds something else', () => {
    const short = readMask(gzipSync(new Uint8Array(347)), 'short.nii.gz');
    expect(!short.ok && short.errors[0].message).toBe("short.nii.gz: not a readable gzip'd NIfTI file");
    const other = readMask(gzipSync(new Uint8Array(348)), 'other.nii.gz');
    expect(!other.ok && other.errors[0].message).toBe('other.nii.gz: not a NIfTI-1 or NIfTI-2 file');
  });

  it('leaves negative voxels out with a warning that counts them', () => {
    const r = readMask(file(volume((inside) => (inside ? 1 : 0)).map((v, n) => (v === 0 && n % 1000 === 0 ? -1 : v))), 'neg.nii.gz');
    const negatives = volume((inside) => (inside ? 1 : 0)).filter((v, n) => v === 0 && n % 1000 === 0).length;
    expect(r.ok && r.warnings.map((w) => w.message)).toEqual([`${negatives.toLocaleString('en')} voxels are negative after scaling and were left out`]);
  });
});

describe('outputs for spreadsheets', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['a\tb', '"a\tb"'],
    ['line\nbreak', '"line\nbreak"'],
    ['+1 thing', "'+1 thing"],
    ['-12.5', '-12.5'],
    ['@sum', "'@sum"],
    ['plain', 'plain'],
  ])('writes %j as %j', (text, expected) => {
    expect(tsvField(text)).toBe(expected);
  });
});

describe('reports', () => {
  it('plots a null of 200,000 iterations without spreading it into Math.max', () => {
    const maxima = Float64Array.from({ length: 200_000 }, (_, i) => i % 97);
    const plot = nullPlot(maxima, [120], 0.05);
    expect(plot.top).toBe(120);
    expect(plot.counts.reduce((a, b) => a + b, 0)).toBe(200_000);
    // Every value lies in the bin whose edges hold it.
    const bin = (v: number) => plot.edges.findIndex((e, b) => b < plot.counts.length && v >= e && (v < plot.edges[b + 1] || b === plot.counts.length - 1));
    const expected = new Int32Array(plot.counts.length);
    for (let v = 0; v < 97; v++) expected[bin(v)] += maxima.filter((m) => m === v).length;
    expect([...plot.counts]).toEqual([...expected]);
    expect(plot.edges[0]).toBe(0);
    expect(plot.edges[plot.edges.length - 1]).toBe(120);
  });

  it('escapes a file name in the Markdown report, so it cannot carry HTML or links', () => {
    const summary = { input: '<img src=x onerror=alert(1)>[a](http://x)', mask: 'm', software: 's', parameters: { ...DEFAULT_PARAMETERS, iterations: 0 }, monte_carlo: { iterations_run: 0, stopped_when_settled: false }, n_experiments: 1, n_foci: 1, n_subjects: 1, n_foci_talairach: 0, n_foci_outside_mask: 0, n_mask_voxels: 1, cluster_forming_threshold: 0.01, kernel_fwhm_mm: { min: 10, max: 10 } };
    const md = methodsMarkdown({ summary: summary as unknown as Parameters<typeof methodsMarkdown>[0]['summary'], reports: [], alpha: 0.05, maskDescription: 'm', date: '2026-12-01' });
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;\\[a\\]\\(http://x\\)');
  });
});
