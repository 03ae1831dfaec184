/** The publication figure's choices: the slices a user lists or the clusters' peaks, the print size, and the PNG's stated resolution. */
import { describe, expect, it } from 'vitest';
import { mosaicString, parseSlices, peakSlices } from '../app/viewer/mosaicSlices.ts';
import { crc32, figureWidthPx, withDpi } from '../app/viewer/pngDpi.ts';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A chunk as PNG stores it: length, type, data, CRC over type and data. */
function chunk(type: string, data: number[]): number[] {
  const body = Uint8Array.from([...bytes(type), ...data]);
  const c = crc32(body);
  return [0, 0, 0, data.length, ...body, c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255];
}
const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const IHDR = chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
const IEND = chunk('IEND', []);

describe('the figure\'s slices', () => {
  it('reads a typed list in its order, with commas or spaces and a typographic minus', () => {
    expect(parseSlices('−24, 0 12;48')).toEqual({ ok: true, z: [-24, 0, 12, 48] });
    expect(parseSlices(' -72 108 ')).toEqual({ ok: true, z: [-72, 108] });
  });

  it('refuses what would draw nothing or the wrong slice, saying why', () => {
    expect(parseSlices('  ')).toEqual({ ok: false, error: 'list at least one slice (MNI z in mm), e.g. -24, 0, 24' });
    expect(parseSlices('0, 1e1')).toEqual({ ok: false, error: '"1e1" is not a number (slices are MNI z in mm)' });
    expect(parseSlices('0, x')).toEqual({ ok: false, error: '"x" is not a number (slices are MNI z in mm)' });
    expect(parseSlices('12.5')).toEqual({ ok: false, error: 'z = 12.5: give whole millimetres' });
    expect(parseSlices('110')).toEqual({ ok: false, error: "z = 110 mm is outside the brain's grid (-72 to 108 mm)" });
    expect(parseSlices('-74')).toEqual({ ok: false, error: "z = -74 mm is outside the brain's grid (-72 to 108 mm)" });
    expect(parseSlices('4 8 4')).toEqual({ ok: false, error: 'z = 4 is listed twice' });
    expect(parseSlices(Array.from({ length: 21 }, (_, n) => n).join(' '))).toEqual({ ok: false, error: '21 slices listed; a figure takes at most 20' });
    expect(parseSlices(Array.from({ length: 20 }, (_, n) => n).join(' ')).ok).toBe(true);
  });

  it('takes one slice per distinct peak z, bottom to top, the first 20 clusters listed', () => {
    expect(peakSlices([40, -2, 40, 56, -30])).toEqual([-30, -2, 40, 56]);
    expect(peakSlices(Array.from({ length: 25 }, (_, n) => 100 - 2 * n))).toEqual(Array.from({ length: 20 }, (_, n) => 62 + 2 * n));
  });

  it('lays them out five to a row in NiiVue\'s mosaic syntax', () => {
    expect(mosaicString([-36, -24, -12, 0, 12, 24, 36])).toBe('A -36 -24 -12 0 12 ; A 24 36');
    expect(mosaicString([8])).toBe('A 8');
  });
});

describe('the figure\'s print size', () => {
  it('gives the pixels for a width on the page at a resolution', () => {
    expect(figureWidthPx(174, 300)).toBe(2055);
    expect(figureWidthPx(85, 600)).toBe(2008);
    expect(figureWidthPx(50.8, 72)).toBe(144);
    expect(() => figureWidthPx(174, 50)).toThrow('50 dpi is outside 72–1200 dpi');
    expect(() => figureWidthPx(400, 300)).toThrow('a width of 400 mm is outside 30–300 mm');
    expect(() => figureWidthPx(Number.NaN, 300)).toThrow(RangeError);
  });

  it('computes PNG\'s CRC-32 (the IEND chunk\'s is AE426082)', () => {
    expect(crc32(bytes('IEND')).toString(16)).toBe('ae426082');
  });

  it('writes a pHYs chunk after IHDR in pixels per metre, replacing one already there', () => {
    const png = Uint8Array.from([...SIGNATURE, ...IHDR, ...chunk('pHYs', [0, 0, 11, 19, 0, 0, 11, 19, 1]), ...IEND]);
    const out = withDpi(png, 300);
    // 300 dpi = 11,811 px/m = 0x2E23.
    expect(Array.from(out)).toEqual([...SIGNATURE, ...IHDR, ...chunk('pHYs', [0, 0, 0x2e, 0x23, 0, 0, 0x2e, 0x23, 1]), ...IEND]);
    expect(Array.from(withDpi(Uint8Array.from([...SIGNATURE, ...IHDR, ...IEND]), 300))).toEqual(Array.from(out));
    expect(() => withDpi(bytes('GIF89a-not-a-png-at-all-but-long-enough'), 300)).toThrow('not a PNG');
    expect(() => withDpi(Uint8Array.from([...SIGNATURE, ...IHDR, 0, 0, 0, 100, ...bytes('IDAT'), 1, 2, 3]), 300)).toThrow('the PNG is cut short');
  });
});
