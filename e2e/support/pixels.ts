/** What a screenshot of the viewer holds: the share of lit pixels and how many are overlay-coloured (warm). */
import type { Page } from '@playwright/test';

export async function viewerPixels(page: Page, png: Buffer): Promise<{ lit: number; warm: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    let warm = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] + d[i + 1] + d[i + 2] > 60) lit++;
      if (d[i] > 150 && d[i] > d[i + 2] + 60) warm++;
    }
    return { lit: lit / (d.length / 4), warm };
  }, png.toString('base64'));
}

/** Where the viewer's crosshair lines cross, in the screenshot's pixels: the column and row most full of its colour. */
export async function crosshairAt(page: Page, png: Buffer): Promise<{ x: number; y: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const columns = new Int32Array(c.width);
    const rows = new Int32Array(c.height);
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        const i = 4 * (y * c.width + x);
        // The crosshair colour, [0.2, 0.8, 1] in NiiVue's terms.
        if (Math.abs(d[i] - 51) < 30 && Math.abs(d[i + 1] - 204) < 30 && d[i + 2] > 220) {
          columns[x]++;
          rows[y]++;
        }
      }
    }
    // The colour bar's frame has the crosshair's colour too; its long edges span most of the width.
    for (let y = 0; y < c.height; y++) if (rows[y] > 0.6 * c.width) rows[y] = 0;
    const argmax = (a: Int32Array) => a.reduce((best, v, k) => (v > a[best] ? k : best), 0);
    return { x: argmax(columns), y: argmax(rows) };
  }, png.toString('base64'));
}

/** How many pixels of a screenshot are within `tolerance` of an RGB colour on each channel. */
export async function pixelsOfColour(page: Page, png: Buffer, rgb: readonly [number, number, number], tolerance = 24): Promise<number> {
  return page.evaluate(
    async ([b64, [r, g, b], tol]) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) <= tol && Math.abs(d[i + 1] - g) <= tol && Math.abs(d[i + 2] - b) <= tol) n++;
      return n;
    },
    [png.toString('base64'), rgb, tolerance] as const,
  );
}
