import type { Niivue } from '@niivue/niivue';
import { describe, expect, it } from 'vitest';
import { CROSSHAIR_MM, crosshairWidthMm, keepCrosshairVisible } from '../app/viewer/crosshairWidth.ts';

const tile = (width: number, height: number, fovX: number, fovY: number) => ({ leftTopWidthHeight: [10, 20, width, height], fovMM: [fovX, fovY] });

describe('the crosshair’s width on the slices', () => {
  it('is 0.5 mm where that is at least 1.5 pixels, and wider on small slices', () => {
    expect(crosshairWidthMm([])).toBe(CROSSHAIR_MM);
    // 800 px for 180 mm: 4.4 px per mm, 0.5 mm is 2.2 px.
    expect(crosshairWidthMm([tile(800, 960, 180, 216)])).toBe(0.5);
    // One axial slice at 1280×720: 216 px for 181 mm across (1.193 px/mm) → 1.5 / 1.193 = 1.257 → 1.26 mm.
    expect(crosshairWidthMm([tile(216, 265, 181, 217)])).toBe(1.26);
    // Exactly 3 px per mm: 0.5 mm is 1.5 px.
    expect(crosshairWidthMm([tile(540, 600, 180, 200)])).toBe(0.5);
    // 2 px per mm: 0.75 mm.
    expect(crosshairWidthMm([tile(360, 800, 180, 200)])).toBe(0.75);
  });

  it('takes the most reduced of the tiles, across or down, and skips tiles without a field of view', () => {
    expect(crosshairWidthMm([tile(800, 960, 180, 216), tile(300, 960, 180, 216)])).toBe(0.9);
    // Down: 216 px for 216 mm is 1 px per mm.
    expect(crosshairWidthMm([tile(800, 216, 180, 216)])).toBe(1.5);
    expect(crosshairWidthMm([tile(100, 100, 0, 0), tile(0, 0, 180, 216)])).toBe(CROSSHAIR_MM);
  });

  it('redraws once when the slices on screen call for another width, and leaves a hidden crosshair hidden', () => {
    let draws = 0;
    const nv = { opts: { crosshairWidth: 0.5 }, screenSlices: [tile(216, 265, 181, 217)], drawScene: () => void draws++ };
    keepCrosshairVisible(nv as unknown as Niivue);
    nv.drawScene();
    expect([draws, nv.opts.crosshairWidth]).toEqual([2, 1.26]);
    nv.drawScene();
    expect(draws).toBe(3);
    nv.screenSlices = [tile(800, 960, 180, 216)];
    nv.drawScene();
    expect([draws, nv.opts.crosshairWidth]).toEqual([5, 0.5]);
    nv.opts.crosshairWidth = 0;
    nv.drawScene();
    expect([draws, nv.opts.crosshairWidth]).toEqual([6, 0]);
  });
});
