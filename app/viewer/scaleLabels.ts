/**
 * The labels under a figure's colour bar: its two ends, and each threshold
 * inside the range at its tick. A threshold's label is centred on its tick
 * but kept inside the bar's width, and one that would run into another
 * label goes to the next row down, so none is cut at the figure's edge or
 * printed over another (a cluster-forming z of 3.09 on a scale from 3 sits
 * right beside "3.00"). Shared by the PNG, SVG and PDF mosaics.
 */
import type { ColourBar } from './figure.ts';

export interface ScaleLabel {
  /** Where the text is anchored, and how. */
  x: number;
  anchor: 'start' | 'middle' | 'end';
  text: string;
  /** 0 for the row right under the bar. */
  row: number;
}

export interface ScaleLabels {
  labels: ScaleLabel[];
  /** The thresholds' ticks, at their values. */
  ticks: number[];
  rows: number;
}

/** `measure` gives a text's width, `gap` the room kept between two labels in one row (both in the bar's units). */
export function scaleLabels(bar: ColourBar, left: number, width: number, measure: (text: string) => number, gap: number): ScaleLabels {
  const at = (v: number) => left + ((v - bar.min) / (bar.max - bar.min)) * width;
  const near = (a: number, b: number) => Math.abs(a - b) <= 0.01 * (bar.max - bar.min);
  const ends = [
    { value: bar.min, text: bar.min.toFixed(2) },
    { value: bar.max, text: bar.max.toFixed(2) },
  ];
  const inside: { value: number; text: string }[] = [];
  const ticks: number[] = [];
  for (const mark of bar.marks) {
    if (mark.value < bar.min - 1e-9 || mark.value > bar.max + 1e-9) continue;
    const end = ends.find((l) => near(l.value, mark.value));
    if (end) end.text = `${end.text} (${mark.label})`;
    else inside.push({ value: mark.value, text: `${mark.value.toFixed(2)} (${mark.label})` });
    ticks.push(at(mark.value));
  }
  const labels: ScaleLabel[] = [
    { x: left, anchor: 'start', text: ends[0].text, row: 0 },
    { x: left + width, anchor: 'end', text: ends[1].text, row: 0 },
  ];
  const taken: [number, number, number][] = [
    [left, left + measure(ends[0].text), 0],
    [left + width - measure(ends[1].text), left + width, 0],
  ];
  for (const label of [...inside].sort((a, b) => a.value - b.value)) {
    const half = measure(label.text) / 2;
    const x = half * 2 >= width ? left + width / 2 : Math.min(Math.max(at(label.value), left + half), left + width - half);
    let row = 0;
    while (taken.some(([from, to, r]) => r === row && x - half < to + gap && x + half > from - gap)) row++;
    taken.push([x - half, x + half, row]);
    labels.push({ x, anchor: 'middle', text: label.text, row });
  }
  return { labels, ticks, rows: 1 + Math.max(...labels.map((l) => l.row)) };
}
