/**
 * Known answers for the JSON formats' gate (NiMARE's Dataset JSON and NIMADS
 * studysets): what is read, what is refused, and each message with its path
 * or line, for the malformed parts that no reference file has.
 */
import { describe, expect, it, vi } from 'vitest';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';

const read = (value: unknown, source = 'd.json') => parseCoordinates(typeof value === 'string' ? value : JSON.stringify(value), source);
const errors = (value: unknown) => {
  const r = read(value);
  if (r.ok) throw new Error('expected a refusal');
  return r.errors.map((e) => [e.message, e.line]);
};
const dataset = (value: unknown) => {
  const r = read(value);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r;
};
/** A NiMARE Dataset JSON of one study and contrast. */
const nimare = (contrast: unknown) => ({ s: { contrasts: { c: contrast } } });
const coords = (x: unknown[], y: unknown[], z: unknown[], space: unknown = 'MNI') => ({ coords: { space, x, y, z }, metadata: { sample_sizes: [10] } });
/** A NIMADS studyset of one study. */
const studyset = (study: unknown) => ({ id: 'set', studies: [study] });

describe('JSON text', () => {
  it('names the line of a syntax error from the position the engine gives', () => {
    const text = `{"s": {"contrasts": {"c": {"coords": {"space": "MNI",\n"x": [1,\n2],\n"y": [1, 2],\n"z": [1 2]}}}}}`;
    expect(errors(text)).toEqual([[`invalid JSON: Expected ',' or ']' after array element in JSON at position ${text.indexOf('1 2') + 2}`, 5]]);
  });

  it('counts lines as an editor does, in files with Windows or old Mac line ends', () => {
    for (const end of ['\r\n', '\r']) {
      const text = `{"s": {"contrasts": {"c": {"coords": {"space": "MNI",\n"x": [1,\n2],\n"y": [1, 2],\n"z": [1 2]}}}}}`.replaceAll('\n', end);
      expect(errors(text).map(([, line]) => line), JSON.stringify(end)).toEqual([5]);
    }
  });

  it('names the right line after a NaN or -Infinity that was read as null (a shorter or longer token)', () => {
    expect(errors('[\n-Infinity,\n1 2]')).toEqual([["invalid JSON: Expected ',' or ']' after array element in JSON at position 10", 3]]);
    expect(errors('[NaN,NaN,NaN,NaN,\n1 2\n]')).toEqual([["invalid JSON: Expected ',' or ']' after array element in JSON at position 24", 2]]);
  });

  it('takes the line from engines that say "line L column C" (Firefox, newer V8), at any length', () => {
    for (const [message, line] of [
      ["JSON.parse: expected ',' or '}' after property value in object at line 12 column 34 of the JSON data", 12],
      ["Expected ',' or ']' after array element in JSON at position 9 (line 3 column 2)", 3],
    ] as const) {
      const spy = vi.spyOn(JSON, 'parse').mockImplementationOnce(() => {
        throw new SyntaxError(message);
      });
      try {
        expect(errors('[1]')).toEqual([[`invalid JSON: ${message}`, line]]);
      } finally {
        spy.mockRestore();
      }
    }
  });

  it('takes no line from text that the engine quotes back', () => {
    // V8 quotes the text around an unexpected token; "line 12 column 1" there is the data, not the place.
    const [[message, line]] = errors('["line 12 column 1", x]');
    expect(message).toMatch(/^invalid JSON: Unexpected token 'x'/);
    expect(line).toBeUndefined();
  });

  it('reads Python’s NaN, Infinity and -Infinity as missing and says where the first one is', () => {
    const text = `{"s": {"contrasts": {"c": {"coords": {"space": "MNI",\n"x": [1, -2],\n"y": [NaN, Infinity],\n"z": [-Infinity, 3]}, "metadata": {"sample_sizes": [10]}}}}}`;
    const r = read(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.warnings.map((w) => [w.message, w.line])).toEqual([['3 NaN or Infinity value(s) (as Python writes them) were read as missing (null)', 3]]);
    expect(r.errors.map((e) => e.message)).toEqual(['s.contrasts.c.coords.y[0] is not a finite number: null', 's.contrasts.c.coords.z[0] is not a finite number: null', 's.contrasts.c.coords.y[1] is not a finite number: null']);
  });

  it('leaves NaN, Infinity and brackets inside strings alone, escaped quotes included', () => {
    const r = dataset({ 'NaN [Infinity {': { contrasts: { 'a \\" NaN [': coords([-1], [-2], [3]) } } });
    expect(r.warnings).toEqual([]);
    expect(r.dataset.experiments.map((e) => [e.study, e.contrast, e.foci.map((f) => [f.x, f.y, f.z])])).toEqual([['NaN [Infinity {', 'a \\" NaN [', [[-1, -2, 3]]]]);
  });

  it('refuses nesting deeper than 64 levels and names its line, and reads 64', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(errors(`{"s":\n{"contrasts": ${nested(63)}}}`)).toEqual([['JSON nested more than 64 levels deep; no coordinate format needs that', 2]]);
    expect(errors(`{"s":\n{"contrasts": ${nested(62)}}}`)).toEqual([['study "s" has no "contrasts" object', undefined]]);
  });
});

describe('NiMARE’s Dataset JSON', () => {
  it('refuses a file that is not an object of studies', () => {
    expect(errors([1, 2])).toEqual([['expected a JSON object of studies ({"study": {"contrasts": {...}}})', undefined]]);
  });

  it('names each malformed study, contrast and coordinate list', () => {
    const value = {
      noContrasts: { id: 1 },
      s: {
        contrasts: {
          notObject: 3,
          unequal: coords([1, 2], [1], [1, 2]),
          missingZ: { coords: { x: [1], y: [1] } },
          badY: coords([1, 2], [1, 2000], [1, 2]),
          badX: coords(['12'], [1], [1]),
          empty: coords([], [], []),
          noCoords: { metadata: {} },
        },
      },
    };
    const r = read(value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual([
      'study "noContrasts" has no "contrasts" object',
      's.contrasts.notObject is not an object',
      's.contrasts.unequal.coords needs x, y and z lists of equal length',
      's.contrasts.missingZ.coords needs x, y and z lists of equal length',
      's.contrasts.badY.coords.y[1] is 2000: outside ±1,000 mm, not a brain coordinate',
      's.contrasts.badX.coords.x[0] is not a finite number: "12"',
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual(['s.contrasts.empty has an empty coordinate list and was left out', 's.contrasts.noCoords has no coordinates and was left out']);
  });

  it('keeps coordinates at ±1,000 mm, and the foci of a contrast whose one focus is bad are not half-read', () => {
    expect(dataset(nimare(coords([1000, -1000], [0, 0], [0, 0]))).dataset.experiments[0].foci.map((f) => f.x)).toEqual([1000, -1000]);
    for (const bad of [coords([1, 1e4], [1, 2], [1, 2]), coords([1, 2], [1, 2], [1, null])]) {
      const r = read(nimare(bad));
      expect(r.ok).toBe(false);
    }
  });

  it('takes the sample size as NiMARE does: the mean of sample_sizes, else sample_size', () => {
    const n = (metadata: unknown) => dataset(nimare({ coords: { space: 'MNI', x: [1], y: [2], z: [3] }, metadata })).dataset.experiments[0].sampleSize;
    expect(n({ sample_sizes: [10, 21] })).toBe(15.5);
    expect(n({ sample_sizes: [], sample_size: 20 })).toBe(20);
    expect(n({ sample_size: 12 })).toBe(12);
    expect(n({ sample_size: null })).toBeNull();
    expect(n('twelve')).toBeNull();
    expect(errors(nimare({ coords: { space: 'MNI', x: [1], y: [2], z: [3] }, metadata: { sample_size: -3 } }))[0][0]).toMatch(/^s\.contrasts\.c\.metadata\.sample_size: /);
    expect(errors(nimare({ coords: { space: 'MNI', x: [1], y: [2], z: [3] }, metadata: { sample_sizes: [10, 'x'] } }))[0][0]).toMatch(/^s\.contrasts\.c\.metadata\.sample_sizes\[1\]: /);
  });

  it('uses an unknown space as MNI, names it once, and counts the sets only when there are several', () => {
    const one = dataset(nimare(coords([1], [2], [3], 7)));
    expect(one.warnings.map((w) => w.message)).toEqual(['s.contrasts.c.coords: space 7 is not MNI or Talairach; such coordinates are used as MNI, untransformed (as NiMARE does)']);
    expect(one.dataset.experiments[0].foci[0]).toEqual({ x: 1, y: 2, z: 3, space: 'MNI', spaceAssumed: true });
    const two = dataset({ s: { contrasts: { a: coords([1], [2], [3], null), b: coords([1], [2], [3], 'mystery'), c: coords([1], [2], [3], 'TAL') } } });
    expect(two.warnings.map((w) => w.message)).toEqual([
      's.contrasts.a.coords: space null is not MNI or Talairach; such coordinates are used as MNI, untransformed (as NiMARE does)',
      '2 coordinate sets or points had an unknown space and were used as MNI',
    ]);
    expect(two.dataset.experiments.map((e) => e.foci[0].space)).toEqual(['MNI', 'MNI', 'TAL']);
  });

  it('refuses a file with no coordinates at all', () => {
    expect(errors({})).toEqual([['no experiments with coordinates found', undefined]]);
  });
});

describe('NIMADS studysets', () => {
  const point = (coordinates: unknown, space: unknown = 'MNI') => ({ coordinates, space });

  it('names a study or analysis that is not an object, and a point that is not [x, y, z]', () => {
    const r = read({ id: 'set', studies: [5, { id: 's', analyses: ['a', { id: 'b', points: [point([1, 2]), point([1, 2, 3]), 7, point([1, 'x', 3])] }] }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual([
      'studies[0] is not an object',
      'studies[1].analyses[0] is not an object',
      'studies[1].analyses[1].points[0].coordinates must be [x, y, z]',
      'studies[1].analyses[1].points[2].coordinates must be [x, y, z]',
      'studies[1].analyses[1].points[3].coordinates[1] is not a finite number: "x"',
    ]);
  });

  it('leaves out an analysis without points, saying which, and numbers unnamed studies and analyses from 1', () => {
    const r = dataset({ id: 'set', studies: [{ analyses: [{ id: 'empty', points: [] }, { points: 'none' }, { metadata: { sample_size: 9 }, points: [point([1, 2, 3])] }] }] });
    expect(r.warnings.map((w) => w.message)).toEqual(['studies[0].analyses[0] ("empty") has no points and was left out', 'studies[0].analyses[1] ("") has no points and was left out']);
    expect(r.dataset.experiments.map((e) => [e.id, e.study, e.contrast, e.sampleSize, e.where])).toEqual([['study_1-analysis_3', 'study_1', 'analysis_3', 9, 'studies[0].analyses[2]']]);
  });

  it('takes the study’s sample size when an analysis has none, and names study and analysis as given', () => {
    const r = dataset(studyset({ id: 's1', name: 'Smith 2001', metadata: { sample_sizes: [20, 30] }, analyses: [{ id: 'a1', name: 'tapping', points: [point([1, 2, 3])] }] }));
    expect(r.dataset.experiments.map((e) => [e.id, e.study, e.contrast, e.sampleSize])).toEqual([['s1-a1', 'Smith 2001', 'tapping', 25]]);
  });

  it('keeps authors and a four-digit year as attributes, and nothing else', () => {
    const attributes = (study: Record<string, unknown>) => dataset(studyset({ id: 's', analyses: [{ id: 'a', metadata: { sample_size: 5 }, points: [point([1, 2, 3])] }], ...study })).dataset.experiments[0].attributes;
    expect(attributes({ authors: '  Smith J, Doe A ', year: 2001 })).toEqual({ authors: 'Smith J, Doe A', year: '2001' });
    expect(attributes({ year: ' 1999 ' })).toEqual({ year: '1999' });
    expect(attributes({ authors: '   ', year: 2001.5 })).toBeUndefined();
    expect(attributes({ authors: 12, year: '99' })).toBeUndefined();
    expect(attributes({ year: '19999' })).toBeUndefined();
    expect(attributes({ year: 'in 1999' })).toBeUndefined();
    expect(attributes({ authors: 'A'.repeat(600) })?.authors).toHaveLength(500);
  });

  it('uses a point of an unknown space as MNI, naming the first by its path', () => {
    const r = dataset(studyset({ id: 's', analyses: [{ id: 'a', metadata: { sample_size: 5 }, points: [point([1, 2, 3], 'weird'), point([4, 5, 6], 'talairach')] }] }));
    expect(r.warnings.map((w) => w.message)).toEqual(['studies[0].analyses[0].points[0]: space "weird" is not MNI or Talairach; such coordinates are used as MNI, untransformed (as NiMARE does)']);
    expect(r.dataset.experiments[0].foci.map((f) => [f.space, f.spaceAssumed ?? false])).toEqual([['MNI', true], ['TAL', false]]);
  });
});
