/**
 * The publication mosaic's choices and downloads: which axial slices (a
 * list, or one through each significant cluster's peak), the width on the
 * page and the resolution of the PNG; the SVG and the PDF scale to any size.
 */
import { useState } from 'react';
import { inferenceFor, significantReports } from '../../workers/diagnostics/index.ts';
import { useStore } from '../store.ts';
import { SOFTWARE } from '../../workers/reports/index.ts';
import { mosaicFigure, mosaicFigurePdf, mosaicFigureSvg } from '../viewer/figure.ts';
import { FIGURE_DPIS, FIGURE_WIDTHS_MM, type FigureChoices } from '../state/types.ts';
import { parseSlices, peakSlices } from '../viewer/mosaicSlices.ts';
import { figureWidthPx } from '../viewer/pngDpi.ts';
import { mosaicSpec } from './figureCaption.ts';


interface Props {
  attempt: (action: () => void | Promise<void>) => () => Promise<void>;
  save: (name: string, data: Blob | Uint8Array | string, type: string) => void;
}

export function PublicationFigure({ attempt, save }: Props) {
  // The choices live in the store, so a share link carries them.
  const slicesText = useStore((s) => s.figure.slices);
  const widthMm = useStore((s) => s.figure.widthMm);
  const dpi = useStore((s) => s.figure.dpi);
  const { setFigure } = useStore.getState();
  const [note, setNote] = useState<string | null>(null);
  const slices = parseSlices(slicesText);
  const atPeaks = () => {
    const s = useStore.getState();
    if (!s.run) return;
    const z = peakSlices(significantReports(s.run.reports, s.fweAlpha, inferenceFor(s.run.reports, s.inference)).map((r) => r.cluster.peak.xyz[2]));
    setNote(z.length > 0 ? null : `no cluster is significant at FWE p < ${s.fweAlpha}, so the slices stay as they were`);
    if (z.length > 0) setFigure({ slices: z.join(', ') });
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
        <input aria-label="Figure slices" value={slicesText} onChange={(e) => setFigure({ slices: e.target.value })} aria-invalid={!slices.ok} />
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
        <select aria-label="Figure width" value={widthMm} onChange={(e) => setFigure({ widthMm: Number(e.target.value) as FigureChoices['widthMm'] })}>
          {FIGURE_WIDTHS_MM.map((w) => (
            <option key={w} value={w}>{w} mm</option>
          ))}
        </select>
      </label>{' '}
      <label>
        PNG at{' '}
        <select aria-label="Figure resolution" value={dpi} onChange={(e) => setFigure({ dpi: Number(e.target.value) as FigureChoices['dpi'] })}>
          {FIGURE_DPIS.map((d) => (
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
        <button type="button" disabled={!slices.ok} onClick={attempt(async () => save('figure_mosaic.pdf', new Uint8Array(await mosaicFigurePdf(spec(), `${SOFTWARE} (browser)`)), 'application/pdf'))}>
          publication mosaic (PDF)
        </button>
      </div>
    </fieldset>
  );
}
