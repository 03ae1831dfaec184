/**
 * The publication mosaic as PDF, read back with Mozilla's PDF.js (the reader
 * in Firefox): the page's size, the slices as one image of their own size
 * where the layout puts them, the colour bar's strips, and the text as text
 * (title, slice labels, scale, caption), spelled in the built-in font's
 * encoding.
 */
import { readFileSync } from 'node:fs';
import { zlibSync } from 'fflate';
import { jsPDF } from 'jspdf';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { mosaicPdf } from '../app/viewer/figurePdf.ts';
import { fallbacksNeeded, fontFor, winAnsi } from '../app/viewer/pdfFonts.ts';
import { mosaicLayout } from '../app/viewer/figureSvg.ts';
import { crc32 } from '../app/viewer/pngDpi.ts';
import { textWidth } from '../app/viewer/textWidth.ts';

/** A w × h RGB PNG of one grey level, built by hand. */
function png(w: number, h: number): string {
  const chunk = (type: string, data: Uint8Array) => {
    const body = new Uint8Array(4 + data.length);
    body.set([...type].map((c) => c.charCodeAt(0)));
    body.set(data, 4);
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(body, 4);
    view.setUint32(8 + data.length, crc32(body));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, w);
  new DataView(ihdr.buffer).setUint32(4, h);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = new Uint8Array(h * (1 + 3 * w)).fill(128);
  for (let r = 0; r < h; r++) rows[r * (1 + 3 * w)] = 0;
  const parts = [Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(rows)), chunk('IEND', new Uint8Array(0))];
  return `data:image/png;base64,${Buffer.concat(parts).toString('base64')}`;
}

const mosaic = {
  width: 640,
  title: 'ALE of pain (21 experiments)',
  slices: { dataUrl: png(600, 200), width: 600, height: 200 },
  sliceLabels: [
    { x: 110, y: 190, text: 'z = −36' },
    { x: 230, y: 190, text: 'z = 12' },
  ],
  colourBar: { colormap: 'warm', min: 3, max: 7, label: 'Z (standard normal units)', marks: [{ value: 3.09, label: 'cluster-forming' }] },
  colours: ['rgb(0,0,0)', 'rgb(128,0,0)', 'rgb(255,255,0)'],
  caption: 'Clusters at voxel p < 0.001, cluster-level FWE p < 0.05 (k ≥ 12 voxels), σ from each experiment’s N.',
};

async function read(bytes: ArrayBuffer) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const page = await pdf.getPage(1);
  const items = (await page.getTextContent()).items.flatMap((i) => ('str' in i && i.str.trim() !== '' ? [i] : []));
  const text = items.map((i) => i.str);
  const ops = await page.getOperatorList();
  const info = (await pdf.getMetadata()).info as Record<string, string>;
  return { pages: pdf.numPages, view: page.view, text, items, ops, info };
}

describe('the publication mosaic as PDF', () => {
  it('spells what the built-in fonts cannot show, and keeps what they can', () => {
    expect(winAnsi('z = −36, k ≥ 12, p ≤ 0.05, σ ≈ 2 → α, ∞')).toBe('z = -36, k >= 12, p <= 0.05, sigma ~ 2 -> alpha, inf');
    expect(winAnsi('120 mm³ – “ALE” µ × é')).toBe('120 mm³ – “ALE” µ × é');
    expect(winAnsi('脳 🧠')).toBe('? ?');
  });

  it('draws each character in Helvetica, DejaVu Sans (regular or bold) or Droid Sans Fallback, by script', () => {
    expect([...'aé−Łδ'].map((c) => fontFor(c, false))).toEqual(['helvetica', 'helvetica', 'helvetica', 'dejavu', 'dejavu']);
    expect([...'ŁЯ運학のア'].map((c) => fontFor(c, true))).toEqual(['dejavuBold', 'dejavuBold', 'droid', 'droid', 'droid', 'droid']);
    // Beyond the Basic Multilingual Plane jsPDF has no glyph: Helvetica's "?".
    expect(fontFor('🧠', false)).toBe('helvetica');
    expect(fallbacksNeeded([{ text: 'z = −36, k ≥ 12, σ 🧠', bold: false }])).toEqual([]);
    expect(fallbacksNeeded([{ text: '運動 Łódź', bold: true }, { text: 'Ψ', bold: false }])).toEqual(['dejavu', 'dejavuBold', 'droid']);
    // Square characters take an em in the layout, others a digit's width.
    expect([textWidth('運動', 10), textWidth('한', 10), textWidth('Ł', 1000)]).toEqual([20, 10, 556]);
  });

  it('prints a title and caption in other scripts as written, run after run, with the fonts embedded as subsets; without them as "?"', async () => {
    const font = (file: string) => new Uint8Array(readFileSync(new URL(`../public/fonts/${file}`, import.meta.url)));
    const fonts = { dejavu: font('DejaVuSans.ttf'), dejavuBold: font('DejaVuSans-Bold.ttf'), droid: font('DroidSansFallbackFull.ttf') };
    const written = { ...mosaic, title: 'Łódź 運動 learning 🧠', caption: 'Данные: Ψ-studies 運Ψ, k ≥ 12.' };
    const bytes = mosaicPdf(written, 'x', fonts);
    expect(bytes.byteLength).toBeLessThan(150_000);
    const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
    const items = (await (await pdf.getPage(1)).getTextContent()).items.flatMap((i) => ('str' in i ? [i] : []));
    const layout = mosaicLayout(written);
    const height = layout.height * 0.75;
    const lineAt = (baseline: number) => items.filter((i) => Math.abs(i.transform[5] - (height - baseline * 0.75)) < 0.5);
    const title = lineAt(layout.titleBaselines[0]);
    expect(title.map((i) => i.str).join('')).toBe('Łódź 運動 learning ?');
    // A word with a letter Helvetica lacks is set in DejaVu whole, Chinese in Droid, the rest in Helvetica: three fonts.
    const words = title.filter((i) => i.str.trim() !== '');
    expect(words.map((i) => i.str)).toEqual(['Łódź', '運動', 'learning ?']);
    expect(new Set(words.map((i) => i.fontName)).size).toBe(3);
    // Each run starts where the one before it ends (PDF.js splits spaces off), and the line starts at the margin.
    const drawn = title.filter((i) => i.str !== '');
    expect(drawn[0].transform[4]).toBeCloseTo(layout.pad * 0.75, 1);
    for (let n = 1; n < drawn.length; n++) expect(drawn[n].transform[4]).toBeCloseTo(drawn[n - 1].transform[4] + drawn[n - 1].width, 1);
    const caption = lineAt(layout.captionBaselines[0]);
    expect(caption.map((i) => i.str).join('')).toBe('Данные: Ψ-studies 運Ψ, k >= 12.');
    // The caption's DejaVu is the regular face, the title's the bold one.
    expect(caption.find((i) => i.str === 'Данные:')?.fontName).not.toBe(words[0].fontName);
    const bare = await read(mosaicPdf(written, 'x'));
    expect(bare.text[0]).toBe('?ód? ?? learning ?');
  });

  it('lays text out with the widths the PDF’s Helvetica has (jsPDF’s own metrics, stored to the nearest 10/1000 em), regular and bold', () => {
    const doc = new jsPDF({ unit: 'pt' });
    for (const bold of [false, true]) {
      doc.setFont('helvetica', bold ? 'bold' : 'normal');
      for (let code = 32; code <= 126; code++) {
        const c = String.fromCharCode(code);
        expect(Math.abs(textWidth(c, 1000, bold) - doc.getStringUnitWidth(c) * 1000), `${bold ? 'bold' : 'regular'} ${c}`).toBeLessThanOrEqual(7);
      }
    }
  });

  it('opens in PDF.js: one page of the layout’s size, the slices as one image, the scale and caption as text', async () => {
    const layout = mosaicLayout(mosaic);
    const pdf = await read(mosaicPdf(mosaic, 'ale-meta 0.1.0 (browser)'));
    expect(pdf.pages).toBe(1);
    // 640 px wide at 96 per inch is 480 pt.
    expect(pdf.view).toEqual([0, 0, 480, layout.height * 0.75]);
    expect(pdf.info.Title).toBe('ALE of pain (21 experiments)');
    expect(pdf.info.Creator).toBe('ale-meta 0.1.0 (browser)');
    // One image, drawn at the slices' size (600 × 200 px = 450 × 150 pt) where the layout puts them.
    const images = pdf.ops.fnArray.flatMap((fn, n) => (fn === OPS.paintImageXObject ? [n] : []));
    expect(images).toHaveLength(1);
    const transforms = pdf.ops.fnArray.flatMap((fn, n) => (fn === OPS.transform ? [pdf.ops.argsArray[n] as number[]] : []));
    expect(transforms).toContainEqual([450, 0, 0, 150, 15, pdf.view[3] - (30 + 200) * 0.75]);
    // The text, in reading order: title, slice labels (spelled), the scale's labels, its name, the caption.
    expect(pdf.text[0]).toBe('ALE of pain (21 experiments)');
    expect(pdf.text).toContain('z = -36');
    expect(pdf.text).toContain('z = 12');
    // Right-aligned at the layout's point: x = (20 + 230) px, baseline (30 + 190) px from the top.
    const label = pdf.items.find((i) => i.str === 'z = 12');
    expect((label?.transform[4] ?? 0) + (label?.width ?? 0)).toBeCloseTo(250 * 0.75, 0);
    expect(label?.transform[5]).toBeCloseTo(pdf.view[3] - 220 * 0.75, 1);
    expect(pdf.text).toContain('3.00');
    expect(pdf.text).toContain('7.00');
    expect(pdf.text).toContain('3.09 (cluster-forming)');
    expect(pdf.text).toContain('Z (standard normal units)');
    // Centred on the figure.
    const name = pdf.items.find((i) => i.str === 'Z (standard normal units)');
    expect((name?.transform[4] ?? 0) + (name?.width ?? 0) / 2).toBeCloseTo(320 * 0.75, 0);
    expect(pdf.text.join(' ')).toContain('(k >= 12 voxels), sigma from each experiment’s N.');
  });

  it('draws the colour bar as one strip per colour, in the colours given', async () => {
    const pdf = await read(mosaicPdf(mosaic, 'x'));
    const fills = pdf.ops.fnArray.flatMap((fn, n) => (fn === OPS.setFillRGBColor ? [String(pdf.ops.argsArray[n][0])] : []));
    expect(fills).toEqual(expect.arrayContaining(['#000000', '#800000', '#ffff00']));
  });
});
