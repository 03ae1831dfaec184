/**
 * The publication mosaic's choices and downloads: which axial slices (a
 * list, or one through each significant cluster's peak), the width on the
 * page and the resolution of the PNG; the SVG scales to any size.
 */
import { useState } from 'react';
import { inferenceFor, significantReports } from '../../workers/diagnostics/index.ts';
import { useStore } from '../store.ts';
import { mosaicFigure, mosaicFigureSvg } from '../viewer/figure.ts';
import { DEFAULT_FIGURE_SLICES, parseSlices, peakSlices } from '../viewer/mosaicSlices.ts';
import { figureWidthPx } from '../viewer/pngDpi.ts';
import { mosaicSpec } from './figureCaption.ts';

/** Journals' common figure widths: one column, one and a half, two. */
const WIDTHS_MM = [85, 120, 174];
const DPIS = [150, 300, 600];

interface Props {
  attempt: (action: () => void | Promise<void>) => () => Promise<void>;
  save: (name: string, data: Blob | Uint8Array | string, type: string) => void;
}

export function PublicationFigure({ attempt, save }: Props) {
  const [slicesText, setSlicesText] = useState(DEFAULT_FIGURE_SLICES.join(', '));
  const [widthMm, setWidthMm] = useState(174);
  const [dpi, setDpi] = useState(300);
  const [note, setNote] = useState<string | null>(null);
  const slices = parseSlices(slicesText);
  const atPeaks = () => {
    const s = useStore.getState();
    if (!s.run) return;
    const z = peakSlices(significantReports(s.run.reports, s.fweAlpha, inferenceFor(s.run.reports, s.inference)).map((r) => r.cluster.peak.xyz[2]));
    setNote(z.length > 0 ? null : `no cluster is significant at FWE p < ${s.fweAlpha}, so the slices stay as they were`);
    if (z.length > 0) setSlicesText(z.join(', '));
  };
  const spec = () => {
    if (!slices.ok) throw new Error(slices.error);
    return mosaicSpec(useStore.getState(), slices.z);
  };
  return (
    <fieldset className="figure-options" data-testid="figure-options">
      <legend>Publication mosaic</legend>
      <label>
        axial slices (MNI z, mm){' '}
        <input aria-label="Figure slices" value={slicesText} onChange={(e) => setSlicesText(e.target.value)} aria-invalid={!slices.ok} />
      </label>{' '}
      <button type="button" onClick={atPeaks}>
        at the significant clusters' peaks
      </button>
      {!slices.ok && (
        <p role="alert" className="error">
          {slices.error}
        </p>
      )}
      {note && <p className="note">{note}</p>}
      <label>
        width{' '}
        <select aria-label="Figure width" value={widthMm} onChange={(e) => setWidthMm(Number(e.target.value))}>
          {WIDTHS_MM.map((w) => (
            <option key={w} value={w}>{w} mm</option>
          ))}
        </select>
      </label>{' '}
      <label>
        PNG at{' '}
        <select aria-label="Figure resolution" value={dpi} onChange={(e) => setDpi(Number(e.target.value))}>
          {DPIS.map((d) => (
            <option key={d} value={d}>{d} dpi</option>
          ))}
        </select>
      </label>{' '}
      <span className="muted">{figureWidthPx(widthMm, dpi).toLocaleString('en')} px wide</span>
      <div className="buttons">
        <button type="button" disabled={!slices.ok} onClick={attempt(async () => save('figure_mosaic.png', await mosaicFigure(spec(), figureWidthPx(widthMm, dpi), dpi), 'image/png'))}>
          publication mosaic (PNG)
        </button>
        <button type="button" disabled={!slices.ok} onClick={attempt(() => save('figure_mosaic.svg', mosaicFigureSvg(spec()), 'image/svg+xml'))}>
          publication mosaic (SVG)
        </button>
      </div>
    </fieldset>
  );
}
