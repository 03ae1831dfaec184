/**
 * The publication mosaic as SVG: the slices as one embedded PNG (they are
 * pixels), and everything a journal may want to edit or print sharply as
 * vector: the title, the slice labels, the colour bar with its scale and
 * thresholds, and the caption. Pure: built from numbers and strings.
 */
import type { ColourBar } from './figure.ts';
import { scaleLabels, type ScaleLabel } from './scaleLabels.ts';
import { textWidth } from './textWidth.ts';

export interface SvgMosaic {
  width: number;
  title: string;
  /** The slices, cropped, as a PNG data URL, with the size they are shown at (the PNG may hold more pixels). */
  slices: { dataUrl: string; width: number; height: number };
  /** Labels inside the slices, in the shown slices' coordinates. */
  sliceLabels: { x: number; y: number; text: string }[];
  colourBar: ColourBar;
  /** The colour bar's colours, low to high, as CSS colours. */
  colours: string[];
  caption: string;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Break points inside a word: a dictionary's words in Chinese and Japanese, which put no spaces between words. */
const wordParts = new Intl.Segmenter(undefined, { granularity: 'word' });
const characters = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A word too wide for a line, in pieces that each fit where they can: at word boundaries, else between characters. */
function piecesOf(word: string, width: number, measure: (line: string) => number): string[] {
  const pieces: string[] = [];
  for (const { segment } of wordParts.segment(word)) {
    if (measure(segment) <= width) pieces.push(segment);
    else for (const { segment: character } of characters.segment(segment)) pieces.push(character);
  }
  return pieces;
}

/**
 * Text into lines no wider than `width` as `measure` gives it (SVG 1.1 and PDF text do not wrap): at spaces, and
 * inside a word only where it is wider than a line (a title in Chinese is one "word"; a long file name would
 * otherwise run off the figure). A single character wider than the line keeps a line of its own.
 */
export function wrapWords(text: string, width: number, measure: (line: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= width) line = joined;
    else if (measure(word) <= width) {
      lines.push(line);
      line = word;
    } else {
      let separator = line ? ' ' : '';
      for (const piece of piecesOf(word, width, measure)) {
        const next = `${line}${separator}${piece}`;
        if (line && measure(next) > width) {
          lines.push(line);
          line = piece;
        } else line = next;
        separator = '';
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Where everything of the mosaic goes, in px from the top left: shared by the SVG and the PDF. */
export interface MosaicLayout {
  height: number;
  pad: number;
  titleLines: string[];
  titleBaselines: number[];
  sliceTop: number;
  sliceLeft: number;
  bar: { top: number; left: number; width: number; height: number };
  /** The scale's labels under the bar (its ends, and each threshold inside it), with their baselines. */
  labels: (ScaleLabel & { y: number })[];
  /** The thresholds' tick marks across the bar. */
  ticks: number[];
  /** Baseline of the scale's name. */
  barNameY: number;
  captionLines: string[];
  /** Baseline of each caption line. */
  captionBaselines: number[];
}

/** The margin left and right of the title, bar and caption, and beside the slices when they fill the width. */
export const MOSAIC_PAD = 16;

export function mosaicLayout(m: SvgMosaic): MosaicLayout {
  const pad = MOSAIC_PAD;
  // A title too long for one line wraps, and pushes the slices down.
  const titleLines = wrapWords(m.title, m.width - 2 * pad, (line) => textWidth(line, 15, true));
  const sliceTop = 30 + 19 * (titleLines.length - 1);
  const barTop = sliceTop + m.slices.height + 12;
  const barWidth = m.width - 2 * pad;
  const scale = scaleLabels(m.colourBar, pad, barWidth, (text) => textWidth(text, 12), 10);
  // Each extra row of scale labels pushes the bar's name and the caption down.
  const extra = 14 * (scale.rows - 1);
  const captionLines = wrapWords(m.caption, m.width - 2 * pad, (line) => textWidth(line, 13));
  const captionTop = barTop + 70 + extra;
  return {
    height: Math.ceil(captionTop + captionLines.length * 17 + pad),
    pad,
    titleLines,
    titleBaselines: titleLines.map((_, n) => 21 + 19 * n),
    sliceTop,
    sliceLeft: (m.width - m.slices.width) / 2,
    bar: { top: barTop, left: pad, width: barWidth, height: 14 },
    labels: scale.labels.map((l) => ({ ...l, y: barTop + 14 + 15 + 14 * l.row })),
    ticks: scale.ticks,
    barNameY: barTop + 14 + 32 + extra,
    captionLines,
    captionBaselines: captionLines.map((_, n) => captionTop + (n + 1) * 17 - 4),
  };
}

export function mosaicSvg(m: SvgMosaic): string {
  const l = mosaicLayout(m);
  const { bar } = l;
  const stops = m.colours.map((c, n) => `<stop offset="${(n / Math.max(1, m.colours.length - 1)).toFixed(4)}" stop-color="${c}"/>`).join('');
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${m.width}" height="${l.height}" viewBox="0 0 ${m.width} ${l.height}" font-family="Arial, Helvetica, sans-serif">`,
    `<title>${escapeXml(m.title)}</title>`,
    `<defs><linearGradient id="colour-bar" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>`,
    `<rect width="${m.width}" height="${l.height}" fill="#fff"/>`,
    ...l.titleLines.map((line, n) => `<text x="${l.pad}" y="${l.titleBaselines[n]}" font-size="15" font-weight="bold" fill="#111">${escapeXml(line)}</text>`),
    `<rect x="0" y="${l.sliceTop}" width="${m.width}" height="${m.slices.height}" fill="#000"/>`,
    `<image x="${l.sliceLeft}" y="${l.sliceTop}" width="${m.slices.width}" height="${m.slices.height}" xlink:href="${m.slices.dataUrl}" href="${m.slices.dataUrl}"/>`,
    ...m.sliceLabels.map((s) => `<text x="${(l.sliceLeft + s.x).toFixed(1)}" y="${(l.sliceTop + s.y).toFixed(1)}" font-size="12" font-weight="bold" fill="#fff" stroke="#000" stroke-width="3" paint-order="stroke" text-anchor="end">${escapeXml(s.text)}</text>`),
    `<rect x="${bar.left}" y="${bar.top}" width="${bar.width}" height="${bar.height}" fill="url(#colour-bar)" stroke="#111" stroke-width="1"/>`,
    ...l.ticks.map((x) => `<line x1="${x.toFixed(1)}" y1="${bar.top - 3}" x2="${x.toFixed(1)}" y2="${bar.top + bar.height + 3}" stroke="#111" stroke-width="1"/>`),
    ...l.labels.map((t) => `<text x="${t.x.toFixed(1)}" y="${t.y}" font-size="12" fill="#111" text-anchor="${t.anchor}">${escapeXml(t.text)}</text>`),
    `<text x="${m.width / 2}" y="${l.barNameY}" font-size="12" fill="#111" text-anchor="middle">${escapeXml(m.colourBar.label)}</text>`,
    ...l.captionLines.map((line, n) => `<text x="${l.pad}" y="${l.captionBaselines[n]}" font-size="13" fill="#111">${escapeXml(line)}</text>`),
    `</svg>`,
    '',
  ].join('\n');
}
