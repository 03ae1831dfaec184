/** The publication mosaic's SVG: sizes, the colour bar's scale and thresholds, wrapped caption, escaped text. */
import { describe, expect, it } from 'vitest';
import { mosaicSvg, wrapWords } from '../app/viewer/figureSvg.ts';
import { scaleLabels } from '../app/viewer/scaleLabels.ts';
import { textWidth } from '../app/viewer/textWidth.ts';

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
  it('wraps words into lines of at most the given width', () => {
    const chars = (line: string) => line.length;
    expect(wrapWords('aa bb cc dd', 5, chars)).toEqual(['aa bb', 'cc dd']);
    // A word wider than the line breaks between characters, continuing the line it starts on.
    expect(wrapWords('  ab averyveryverylongword x ', 5, chars)).toEqual(['ab av', 'eryve', 'ryver', 'ylong', 'word', 'x']);
    // Chinese has no spaces: it breaks between the dictionary's words (运动 序列 学习 的 皮质), not after any fifth character.
    expect(wrapWords('ALE 运动序列学习的皮质', 5, chars)).toEqual(['ALE', '运动序列', '学习的皮质']);
    // In ems of Helvetica Bold and a square CJK font: "ALE " is 2.28 em, so 运动 still fits beside it in 4.5.
    expect(wrapWords('ALE 运动序列学习的皮质', 4.5, (line) => textWidth(line, 1000, true) / 1000)).toEqual(['ALE 运动', '序列学习', '的皮质']);
    expect(wrapWords('', 5, chars)).toEqual([]);
    // A word that fits a line of its own is not broken ("ab-cd" has break points inside); a dictionary word as wide
    // as the line is not split to fill the line before it; a character wider than the line still gets one.
    expect(wrapWords('x ab-cd', 5, chars)).toEqual(['x', 'ab-cd']);
    expect(wrapWords('的运动', 2, chars)).toEqual(['的', '运动']);
    expect(wrapWords('ab', 0.5, chars)).toEqual(['a', 'b']);
    // Measured in Helvetica: "iiii" is narrower than "MM".
    expect(wrapWords('iiii MM', 34.5, (line) => textWidth(line, 12))).toEqual(['iiii MM']);
    expect(wrapWords('iiii MM', 33.5, (line) => textWidth(line, 12))).toEqual(['iiii', 'MM']);
    expect(textWidth('iiii', 12)).toBeCloseTo(10.656, 10);
    expect(textWidth('MM', 12)).toBeCloseTo(19.992, 10);
  });

  it('wraps a long title and moves the slices down by its extra lines', () => {
    const title = 'ALE meta-analysis: Published studies: motor sequence learning (65 experiments) and their replications in healthy adults, 1995 to 2024';
    const svg = mosaicSvg({ ...base, title });
    expect(svg).toContain('<text x="16" y="21" font-size="15" font-weight="bold" fill="#111">ALE meta-analysis: Published studies: motor sequence learning (65 experiments) and their replications in healthy adults,</text>');
    expect(svg).toContain('<text x="16" y="40" font-size="15" font-weight="bold" fill="#111">1995 to 2024</text>');
    expect(svg).toContain('<image x="50" y="49" width="800" height="300"');
  });

  it('lays out title, slices, colour bar and caption, with the thresholds marked in the scale', () => {
    const svg = mosaicSvg(base);
    // 300 px of slices under a 30 px title, the bar 12 px below, the caption 70 px under the bar (and 14 px more for
    // the scale's second row, below): 60 words of 28.171 px at 13 px with spaces of 3.614, 27 to a line of 868 px.
    const lines = wrapWords(base.caption, 868, (line) => textWidth(line, 13));
    expect(lines.map((line) => line.split(' ').length)).toEqual([27, 27, 6]);
    expect(svg).toContain(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="900" height="${Math.ceil(342 + 70 + 14 + 3 * 17 + 16)}"`);
    expect(svg).toContain('<image x="50" y="30" width="800" height="300"');
    // White with a black halo, so a label that reaches over a slice's white matter stays legible.
    expect(svg).toContain('<text x="200.0" y="170.0" font-size="12" font-weight="bold" fill="#fff" stroke="#000" stroke-width="3" paint-order="stroke" text-anchor="end">z = -36</text>');
    // The bar spans 3 … 7 over 868 px from x = 16: 3.09 sits 0.09/4 of the way (x = 35.5), far enough from the end for
    // a label of its own. Centred there, its 114.0 px would start 21 px left of the figure and cover "3.00" (23.4 px):
    // it moves right until it starts at the bar's edge (x = 16 + 57.0) and goes to the second row.
    expect(svg).toContain('<text x="73.0" y="385" font-size="12" fill="#111" text-anchor="middle">3.09 (cluster-forming)</text>');
    expect(svg).toContain('<text x="16.0" y="371" font-size="12" fill="#111" text-anchor="start">3.00</text>');
    expect(mosaicSvg({ ...base, colourBar: { ...base.colourBar, marks: [{ value: 3.02, label: 'cluster-forming' }] } })).toContain('text-anchor="start">3.00 (cluster-forming)</text>');
    expect(svg).toContain('<line x1="35.5" y1="339"');
    expect(svg).toContain('<text x="450.0" y="371" font-size="12" fill="#111" text-anchor="middle">5.00 (voxel FWE)</text>');
    // The scale's name under both rows.
    expect(svg).toContain('<text x="450" y="402" font-size="12" fill="#111" text-anchor="middle">Z (standard normal units)</text>');
    expect(svg).not.toContain('off the scale');
    expect(svg).toContain('<stop offset="1.0000" stop-color="rgb(255,255,0)"/>');
    expect(svg).toContain('<title>ALE &lt;of&gt; &quot;pain&quot; &amp; more</title>');
  });

  it('keeps the scale’s labels inside the bar and apart: a crowded one goes a row down', () => {
    // A bar of 400 units from 0 at 10 units a character, 15 between labels; "2.00 (a)" is 80 wide, "7.00" 40.
    const byChars = (text: string) => 10 * text.length;
    const bar = (marks: { value: number; label: string }[]) => ({ colormap: 'warm', min: 2, max: 10, label: 'Z', marks });
    const one = scaleLabels(bar([{ value: 6, label: 'a' }]), 0, 400, byChars, 15);
    expect(one).toEqual({ labels: [{ x: 0, anchor: 'start', text: '2.00', row: 0 }, { x: 400, anchor: 'end', text: '10.00', row: 0 }, { x: 200, anchor: 'middle', text: '6.00 (a)', row: 0 }], ticks: [200], rows: 1 });
    // Near the top end: centred at 390 it would end at 430, so it ends at the bar's end (x = 360) and, over "10.00"
    // (350 … 400) with a 15-unit gap, goes a row down.
    expect(scaleLabels(bar([{ value: 9.8, label: 'a' }]), 0, 400, byChars, 15).labels[2]).toEqual({ x: 360, anchor: 'middle', text: '9.80 (a)', row: 1 });
    // Two thresholds 25 units apart: the second is a row down; a third clear of both stays in the first row.
    const crowded = scaleLabels(bar([{ value: 5, label: 'a' }, { value: 4.5, label: 'b' }, { value: 7.6, label: 'c' }]), 0, 400, byChars, 15);
    expect(crowded.labels.slice(2).map((l) => [l.text, l.row])).toEqual([['4.50 (b)', 0], ['5.00 (a)', 1], ['7.60 (c)', 0]]);
    expect(crowded.rows).toBe(2);
    expect(crowded.ticks).toEqual([150, 125, 280]);
    // Labels 45 units apart with a 15-unit gap: 80 wide each, they need 95 between centres.
    expect(scaleLabels(bar([{ value: 5, label: 'a' }, { value: 6.9, label: 'b' }]), 0, 400, byChars, 15).labels.map((l) => l.row)).toEqual([0, 0, 0, 0]);
    expect(scaleLabels(bar([{ value: 5, label: 'a' }, { value: 6.8, label: 'b' }]), 0, 400, byChars, 15).labels.map((l) => l.row)).toEqual([0, 0, 0, 1]);
    // Wider than the bar: centred on it.
    expect(scaleLabels(bar([{ value: 3, label: 'a very long threshold name' }]), 0, 100, byChars, 15).labels[2].x).toBe(50);
    // A threshold at an end shares that end's label and still gets its tick.
    expect(scaleLabels(bar([{ value: 10, label: 'a' }]), 0, 400, byChars, 15)).toMatchObject({ labels: [{ text: '2.00' }, { text: '10.00 (a)' }], ticks: [400], rows: 1 });
  });
});
