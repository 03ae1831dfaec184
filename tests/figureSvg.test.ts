/** The publication mosaic's SVG: sizes, the colour bar's scale and thresholds, wrapped caption, escaped text. */
import { describe, expect, it } from 'vitest';
import { mosaicSvg, wrapWords } from '../app/viewer/figureSvg.ts';

const base = {
  width: 900,
  title: 'ALE <of> "pain" & more',
  slices: { dataUrl: 'data:image/png;base64,AAAA', width: 800, height: 300 },
  sliceLabels: [{ x: 150, y: 140, text: 'z = -36' }],
  colourBar: { colormap: 'warm', min: 3, max: 7, label: 'Z (standard normal units)', marks: [{ value: 3.09, label: 'cluster-forming' }, { value: 5, label: 'voxel FWE' }, { value: 9, label: 'off the scale' }] },
  colours: ['rgb(0,0,0)', 'rgb(255,255,0)'],
  caption: 'word '.repeat(60).trim(),
};

describe('the mosaic as SVG', () => {
  it('wraps words into lines of at most the given length', () => {
    expect(wrapWords('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapWords('  averyveryverylongword x ', 5)).toEqual(['averyveryverylongword', 'x']);
    expect(wrapWords('', 5)).toEqual([]);
  });

  it('lays out title, slices, colour bar and caption, with the thresholds marked in the scale', () => {
    const svg = mosaicSvg(base);
    // 300 px of slices under a 30 px title, the bar 12 px below, the caption 70 px under the bar: 60 words in lines of 131 characters.
    const lines = wrapWords(base.caption, Math.floor((900 - 32) / 6.6));
    expect(lines).toHaveLength(3);
    expect(svg).toContain(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="900" height="${Math.ceil(342 + 70 + 3 * 17 + 16)}"`);
    expect(svg).toContain('<image x="50" y="30" width="800" height="300"');
    // White with a black halo, so a label that reaches over a slice's white matter stays legible.
    expect(svg).toContain('<text x="200.0" y="170.0" font-size="12" font-weight="bold" fill="#fff" stroke="#000" stroke-width="3" paint-order="stroke" text-anchor="end">z = -36</text>');
    // The bar spans 3 … 7 over 868 px from x = 16: 3.09 sits 0.09/4 of the way, far enough from the end for a label of its own.
    expect(svg).toContain('<text x="35.5" y="371" font-size="12" fill="#111" text-anchor="middle">3.09 (cluster-forming)</text>');
    expect(svg).toContain('<text x="16.0" y="371" font-size="12" fill="#111" text-anchor="start">3.00</text>');
    expect(mosaicSvg({ ...base, colourBar: { ...base.colourBar, marks: [{ value: 3.02, label: 'cluster-forming' }] } })).toContain('text-anchor="start">3.00 (cluster-forming)</text>');
    expect(svg).toContain('<line x1="35.5" y1="339"');
    expect(svg).toContain('<text x="450.0" y="371" font-size="12" fill="#111" text-anchor="middle">5.00 (voxel FWE)</text>');
    expect(svg).not.toContain('off the scale');
    expect(svg).toContain('<stop offset="1.0000" stop-color="rgb(255,255,0)"/>');
    expect(svg).toContain('<title>ALE &lt;of&gt; &quot;pain&quot; &amp; more</title>');
  });
});
