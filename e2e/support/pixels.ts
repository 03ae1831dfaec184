/**
 * What a screenshot of the viewer holds, read pixel by pixel: the share of
 * lit pixels and the overlay-coloured ones, where the crosshair crosses,
 * how many pixels have a colour, and how many changed between two shots.
 */
import type { Page } from '@playwright/test';

interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Buffer;
}

/** A screenshot decoded by the page's own PNG decoder (our Node dependencies have none). */
async function decode(page: Page, png: Buffer): Promise<Pixels> {
  const { width, height, rgba } = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let binary = '';
    for (let i = 0; i < d.length; i += 0x8000) binary += String.fromCharCode(...d.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, rgba: btoa(binary) };
  }, png.toString('base64'));
  return { width, height, data: Buffer.from(rgba, 'base64') };
}

export async function viewerPixels(page: Page, png: Buffer): Promise<{ lit: number; warm: number }> {
  const { data: d } = await decode(page, png);
  let lit = 0;
  let warm = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] + d[i + 1] + d[i + 2] > 60) lit++;
    if (d[i] > 150 && d[i] > d[i + 2] + 60) warm++;
  }
  return { lit: lit / (d.length / 4), warm };
}

/** How many pixels of the crosshair's colour ([0.2, 0.8, 1] in NiiVue's terms) each column and each row holds. */
async function crosshairCounts(page: Page, png: Buffer): Promise<{ columns: Int32Array; rows: Int32Array }> {
  const { width, height, data: d } = await decode(page, png);
  const columns = new Int32Array(width);
  const rows = new Int32Array(height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      if (Math.abs(d[i] - 51) < 30 && Math.abs(d[i + 1] - 204) < 30 && d[i + 2] > 220) {
        columns[x]++;
        rows[y]++;
      }
    }
  }
  return { columns, rows };
}

/** Where the viewer's crosshair lines cross, in the screenshot's pixels: the column and row most full of its colour. */
export async function crosshairAt(page: Page, png: Buffer): Promise<{ x: number; y: number }> {
  const { columns, rows } = await crosshairCounts(page, png);
  const argmax = (a: Int32Array) => a.reduce((best, v, k) => (v > a[best] ? k : best), 0);
  return { x: argmax(columns), y: argmax(rows) };
}

/** The crosshair's lines: the most of its colour in one pixel row, and in one column. */
export async function crosshairLines(page: Page, png: Buffer): Promise<{ row: number; column: number }> {
  const { columns, rows } = await crosshairCounts(page, png);
  return { row: Math.max(...rows), column: Math.max(...columns) };
}

/** How many pixels of a screenshot are within `tolerance` of an RGB colour on each channel. */
export async function pixelsOfColour(page: Page, png: Buffer, [r, g, b]: readonly [number, number, number], tolerance = 24): Promise<number> {
  const { data: d } = await decode(page, png);
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) <= tolerance && Math.abs(d[i + 1] - g) <= tolerance && Math.abs(d[i + 2] - b) <= tolerance) n++;
  return n;
}

/** How many pixels differ between two screenshots of the same size by more than 60 summed over R, G and B. */
export async function changedPixels(page: Page, before: Buffer, after: Buffer): Promise<number> {
  const [p, q] = [(await decode(page, before)).data, (await decode(page, after)).data];
  let n = 0;
  for (let i = 0; i < p.length; i += 4) if (Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]) > 60) n++;
  return n;
}

