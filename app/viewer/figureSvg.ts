/**
 * The publication mosaic as SVG: the slices as one embedded PNG (they are
 * pixels), and everything a journal may want to edit or print sharply as
 * vector: the title, the slice labels, the colour bar with its scale and
 * thresholds, and the caption. Pure: built from numbers and strings.
 */
import type { ColourBar } from './figure.ts';

export interface SvgMosaic {
  width: number;
  title: string;
  /** The slices, cropped, as a PNG data URL, with their size. */
  slices: { dataUrl: string; width: number; height: number };
  /** Labels inside the slices, in slice-image coordinates. */
  sliceLabels: { x: number; y: number; text: string }[];
  colourBar: ColourBar;
  /** The colour bar's colours, low to high, as CSS colours. */
  colours: string[];
  caption: string;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Words into lines of at most `perLine` characters (SVG 1.1 text does not wrap). */
export function wrapWords(text: string, perLine: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function mosaicSvg(m: SvgMosaic): string {
  const pad = 16;
  const titleHeight = 30;
  const sliceTop = titleHeight;
  const sliceLeft = (m.width - m.slices.width) / 2;
  const barTop = sliceTop + m.slices.height + 12;
  const barWidth = m.width - 2 * pad;
  const barHeight = 14;
  const captionLines = wrapWords(m.caption, Math.floor((m.width - 2 * pad) / 6.6));
  const captionTop = barTop + 70;
  const height = Math.ceil(captionTop + captionLines.length * 17 + pad);
  const { colourBar: bar } = m;
  const at = (v: number) => pad + ((v - bar.min) / (bar.max - bar.min)) * barWidth;
  const near = (a: number, b: number) => Math.abs(a - b) <= 0.01 * (bar.max - bar.min);
  const labels = [
    { value: bar.min, text: bar.min.toFixed(2), anchor: 'start' },
    { value: bar.max, text: bar.max.toFixed(2), anchor: 'end' },
  ];
  const ticks: string[] = [];
  for (const mark of bar.marks) {
    if (mark.value < bar.min - 1e-9 || mark.value > bar.max + 1e-9) continue;
    const end = labels.find((l) => near(l.value, mark.value));
    if (end) end.text = `${end.text} (${mark.label})`;
    else labels.push({ value: mark.value, text: `${mark.value.toFixed(2)} (${mark.label})`, anchor: 'middle' });
    ticks.push(`<line x1="${at(mark.value).toFixed(1)}" y1="${barTop - 3}" x2="${at(mark.value).toFixed(1)}" y2="${barTop + barHeight + 3}" stroke="#111" stroke-width="1"/>`);
  }
  const stops = m.colours.map((c, n) => `<stop offset="${(n / Math.max(1, m.colours.length - 1)).toFixed(4)}" stop-color="${c}"/>`).join('');
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${m.width}" height="${height}" viewBox="0 0 ${m.width} ${height}" font-family="Arial, Helvetica, sans-serif">`,
    `<title>${escapeXml(m.title)}</title>`,
    `<defs><linearGradient id="colour-bar" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>`,
    `<rect width="${m.width}" height="${height}" fill="#fff"/>`,
    `<text x="${pad}" y="21" font-size="15" font-weight="bold" fill="#111">${escapeXml(m.title)}</text>`,
    `<rect x="0" y="${sliceTop}" width="${m.width}" height="${m.slices.height}" fill="#000"/>`,
    `<image x="${sliceLeft}" y="${sliceTop}" width="${m.slices.width}" height="${m.slices.height}" xlink:href="${m.slices.dataUrl}" href="${m.slices.dataUrl}"/>`,
    ...m.sliceLabels.map((l) => `<text x="${(sliceLeft + l.x).toFixed(1)}" y="${(sliceTop + l.y).toFixed(1)}" font-size="12" font-weight="bold" fill="#fff" stroke="#000" stroke-width="3" paint-order="stroke" text-anchor="end">${escapeXml(l.text)}</text>`),
    `<rect x="${pad}" y="${barTop}" width="${barWidth}" height="${barHeight}" fill="url(#colour-bar)" stroke="#111" stroke-width="1"/>`,
    ...ticks,
    ...labels.map((l) => `<text x="${at(l.value).toFixed(1)}" y="${barTop + barHeight + 15}" font-size="12" fill="#111" text-anchor="${l.anchor}">${escapeXml(l.text)}</text>`),
    `<text x="${m.width / 2}" y="${barTop + barHeight + 32}" font-size="12" fill="#111" text-anchor="middle">${escapeXml(bar.label)}</text>`,
    ...captionLines.map((line, n) => `<text x="${pad}" y="${captionTop + (n + 1) * 17 - 4}" font-size="13" fill="#111">${escapeXml(line)}</text>`),
    `</svg>`,
    '',
  ].join('\n');
}
