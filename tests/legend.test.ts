/** The viewer's legend: which scales it lists, in what order and under what names, and the gradient it draws. */
import { describe, expect, it } from 'vitest';
import { gradientCss, rangeText, scaleStart, viewerLegend, type ScaledImage } from '../app/viewer/legend.ts';

const image = (name: string, colormap: string, min: number, max: number, extra: Partial<ScaledImage> = {}): ScaledImage => ({ name, opacity: 0.9, colormap, cal_min: min, cal_max: max, ...extra });
const both = { aOverB: true, bOverA: true };

describe('the viewer legend', () => {
  it('lists the shown scalar overlays in a fixed order, the contrast as two signs, and the tour map by its own name', () => {
    const images = new Map<string, ScaledImage>([
      ['tour', image('modeled activation.nii', 'green', 0.001, 0.05)],
      ['contrast', image('A vs B (z).nii', 'redyell', 1.75, 3.5, { colormapNegative: 'blue2cyan' })],
      ['clusters', image('clusters.nii', 'gray', 0, 12)],
      ['ale', image('ALE.nii', 'warm', 0.0309, 0.0945)],
      ['z', image('Z.nii', 'warm', 3.09, 8.73)],
    ]);
    expect(viewerLegend(images, both)).toEqual([
      { label: 'Z', colormap: 'warm', min: 3.09, max: 8.73 },
      { label: 'ALE', colormap: 'warm', min: 0.0309, max: 0.0945 },
      { label: 'A > B (z)', colormap: 'redyell', min: 1.75, max: 3.5 },
      { label: 'B > A (z)', colormap: 'blue2cyan', min: 1.75, max: 3.5 },
      { label: 'modeled activation', colormap: 'green', min: 0.001, max: 0.05 },
    ]);
  });

  it('leaves out hidden overlays, a contrast sign whose layer is off, and a volume NiiVue has not scaled yet', () => {
    const contrast = image('A vs B (z).nii', 'redyell', 2, 3, { colormapNegative: 'blue2cyan' });
    const images = new Map<string, ScaledImage>([
      ['z', image('Z.nii', 'warm', 3.09, 8, { opacity: 0 })],
      ['ale', image('ALE.nii', 'warm', 0.03, 0.09, { cal_max: undefined })],
      ['contrast', contrast],
    ]);
    expect(viewerLegend(images, { aOverB: false, bOverA: true }).map((e) => e.label)).toEqual(['B > A (z)']);
    expect(viewerLegend(images, { aOverB: true, bOverA: false }).map((e) => e.label)).toEqual(['A > B (z)']);
    expect(viewerLegend(new Map([['contrast', { ...contrast, colormapNegative: '' }]]), both).map((e) => e.label)).toEqual(['A > B (z)']);
  });

  it('draws a gradient through evenly spaced entries of the colour table, ends included', () => {
    // Three entries: black, mid grey, white.
    const lut = [0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255];
    expect(gradientCss(lut, 3)).toBe('linear-gradient(to right, rgb(0 0 0) 0%, rgb(128 128 128) 50%, rgb(255 255 255) 100%)');
    expect(gradientCss(lut, 2)).toBe('linear-gradient(to right, rgb(0 0 0) 0%, rgb(255 255 255) 100%)');
    expect(() => gradientCss([0, 0, 0, 255], 2)).toThrow(RangeError);
    expect(() => gradientCss(lut, 1)).toThrow(RangeError);
  });

  it('writes a range to three significant digits, whole numbers from 100 up', () => {
    expect(rangeText({ min: 3.0902, max: 8.7312 })).toBe('3.09 – 8.73');
    expect(rangeText({ min: 0.030881, max: 0.094472 })).toBe('0.0309 – 0.0945');
    expect(rangeText({ min: 99.96, max: 1234.5 })).toBe('100 – 1235');
  });

  it('starts a thresholded map\'s scale at its smallest kept |value|, either sign', () => {
    expect(scaleStart(Float32Array.from([0, 2.5, -1.75, 3, 0]))).toBe(1.75);
    expect(scaleStart(Float32Array.from([0, 4.5, 2]))).toBe(2);
    expect(scaleStart(new Float32Array(4))).toBe(0.01);
  });
});
