/** Share links as untrusted input: every way a link can be wrong is named, and a good one decodes to what was encoded. */
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { chooseData, decodeShareHash, encodeShareHash, isShareHash, type ShareState } from '../app/share/shareLink.ts';
import { DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { Xoshiro128 } from '../workers/inference/rng.ts';

const state: ShareState = {
  data: { kind: 'text', name: 'motor.txt', text: '// Reference=MNI\n// A: b\n// Subjects=10\n1 2 3\n' },
  parameters: { ...DEFAULT_PARAMETERS, iterations: 123, seed: 9 },
  alpha: 0.01,
  view: { layout: 'sagittal', crosshair: [1, 2, 3], zThreshold: 3.5, layers: { ale: true, z: false, clusters: true, aOverB: false, bOverA: true, conjunction: true, atlas: true, tfce: false }, showFoci: true, inference: 'tfce' },
};
const raw = (value: unknown, version = 1) => `#share=${version}.${Buffer.from(deflateSync(strToU8(JSON.stringify(value)))).toString('base64url')}`;
const reason = (hash: string) => {
  try {
    decodeShareHash(hash);
  } catch (err) {
    return (err as Error).message;
  }
  return 'decoded';
};

describe('share links', () => {
  it('decode to exactly what was encoded', () => {
    const hash = encodeShareHash(state);
    expect(isShareHash(hash)).toBe(true);
    expect(hash.startsWith('#share=1.')).toBe(true);
    expect(decodeShareHash(hash)).toEqual(state);
  });

  it('name a shipped demo and the version that made the link, and read links without a version', () => {
    const demo = { ...state, data: { kind: 'demo' as const, name: 'simulated' as const }, version: '0.1.0' };
    expect(decodeShareHash(encodeShareHash(demo))).toEqual(demo);
    expect(decodeShareHash(raw(state)).version).toBeUndefined();
  });

  it('fill in the atlas layer that older links lack', () => {
    const { atlas: _, ...layers } = state.view.layers;
    expect(decodeShareHash(raw({ ...state, view: { ...state.view, layers } })).view.layers.atlas).toBe(false);
  });

  it('carry the publication figure’s slices, width and resolution, and read older links without them', () => {
    const withFigure = { ...state, view: { ...state.view, figure: { slices: '-12, 0, 60', widthMm: 120 as const, dpi: 600 as const } } };
    expect(decodeShareHash(encodeShareHash(withFigure))).toEqual(withFigure);
    expect(decodeShareHash(raw(state)).view.figure).toBeUndefined();
  });

  it('fill in the conjunction layer that older links lack, off', () => {
    const { conjunction: _, ...layers } = state.view.layers;
    expect(decodeShareHash(raw({ ...state, view: { ...state.view, layers } })).view.layers.conjunction).toBe(false);
  });

  it.each([
    ['#other', 'not a share link'],
    ['#share=abc', 'the link has no version; it may have been cut short'],
    ['#share=12', 'the link has no version; it may have been cut short'],
    ['#share=.AAAA', 'the link has no version; it may have been cut short'],
    [raw(5), "the link's link is invalid"],
    ['#share=x.AAAA', 'the link has no version; it may have been cut short'],
    ['#share=2.AAAA', 'the link was made by a version of this app that uses link format 2; this one reads format 1'],
    ['#share=1.AA+A', 'the link contains characters a share link never has'],
    ['#share=1.AAAA', 'the link is damaged (it does not decompress); it may have been cut short or edited'],
    [raw({ ...state, alpha: 1.5 }), 'the link\'s alpha is invalid: Invalid value: Expected <1 but received 1.5'],
    [raw({ ...state, parameters: { ...state.parameters, iterations: 1e6 } }), "the link's parameters.iterations is invalid: iterations must be at most 100,000"],
    [raw({ ...state, view: { ...state.view, layout: 'cube' } }), "the link's view.layout is invalid"],
    [raw({ ...state, data: { kind: 'url', url: 'not a url' } }), "the link's data.url is invalid"],
    [raw({ ...state, data: { kind: 'demo', name: 'secret' } }), "the link's data.name is invalid"],
    [raw({ ...state, version: 'x'.repeat(41) }), "the link's version is invalid"],
    [raw({ ...state, view: { ...state.view, figure: { slices: '0', widthMm: 174, dpi: 100000 } } }), "the link's view.figure.dpi is invalid"],
    [raw({ ...state, view: { ...state.view, figure: { slices: '0, '.repeat(100), widthMm: 174, dpi: 300 } } }), "the link's view.figure.slices is invalid"],
  ])('refuse %s: %s', (hash, message) => {
    expect(reason(hash)).toContain(message);
  });

  it('round-trip whatever the base64 padding and however many chunks the link inflates in', () => {
    // Deflated lengths of every remainder mod 3 (0, 1 or 2 padding characters dropped), and a payload of
    // pseudo-random text whose compressed form spans several 16 kB chunks.
    const rng = new Xoshiro128(7, 0);
    const noise = Array.from({ length: 120_000 }, () => String.fromCharCode(33 + rng.nextBelow(90))).join('');
    for (const text of ['a', 'ab', 'abc', 'abcd', noise]) {
      const s = { ...state, data: { kind: 'text' as const, name: 'x', text } };
      const hash = encodeShareHash(s);
      expect(hash.slice('#share='.length)).not.toContain('=');
      expect(decodeShareHash(hash)).toEqual(s);
    }
    expect(encodeShareHash({ ...state, data: { kind: 'text', name: 'x', text: noise } }).length).toBeGreaterThan(3 * 16_384);
  });

  it('stop inflating a link at 8 MB', () => {
    const bomb = raw({ ...state, data: { kind: 'text', name: 'bomb', text: ' '.repeat(9 * 1024 * 1024) } });
    expect(reason(bomb)).toBe('the link expands to more than 8 MB, more than any shared analysis holds');
    const fits = raw({ ...state, data: { kind: 'text', name: 'fits', text: ' '.repeat(7 * 1024 * 1024) } });
    expect(reason(fits)).toBe('decoded');
    // Exactly 8 MB inflates; one byte more does not.
    const base = JSON.stringify({ ...state, data: { kind: 'text', name: 'edge', text: '' } }).length;
    const exactly = (extra: number) => raw({ ...state, data: { kind: 'text', name: 'edge', text: ' '.repeat(8 * 1024 * 1024 - base + extra) } });
    expect(reason(exactly(0))).toBe('decoded');
    expect(reason(exactly(1))).toBe('the link expands to more than 8 MB, more than any shared analysis holds');
  });

  it('inline a dataset unless it is over 8,000 characters and came from a URL', () => {
    const long = 'x'.repeat(8001);
    expect(chooseData(long, 'a.txt', 'https://x.org/a.txt')).toEqual({ kind: 'url', url: 'https://x.org/a.txt' });
    expect(chooseData('x'.repeat(8000), 'a.txt', 'https://x.org/a.txt')).toEqual({ kind: 'text', name: 'a.txt', text: 'x'.repeat(8000) });
    expect(chooseData(long, 'a.txt', null)).toEqual({ kind: 'text', name: 'a.txt', text: long });
  });
});
