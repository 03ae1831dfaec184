/** The brain viewer with its controls and the readout under the crosshair and the mouse. */
import { useRef, useState } from 'react';
import { useStore, type Layout } from '../store.ts';
import type { ClipPlane, LayerName } from '../state/types.ts';
import { gradientCss, rangeText, type LegendEntry } from '../viewer/legend.ts';
import { contrastText, readoutAt, type Readout } from '../viewer/readout.ts';
import { useNiivue } from '../viewer/useNiivue.ts';

const LAYOUTS: { id: Layout; label: string }[] = [
  { id: 'multiplanar', label: 'Multi' },
  { id: 'axial', label: 'Axial' },
  { id: 'coronal', label: 'Coronal' },
  { id: 'sagittal', label: 'Sagittal' },
  { id: 'render', label: '3-D' },
  { id: 'mosaic', label: 'Mosaic' },
];

/** Clip planes by the side they open (camera azimuth and elevation, NiiVue's convention). */
const CLIP_SIDES: Record<string, Omit<ClipPlane, 'depth'>> = {
  left: { azimuth: 270, elevation: 0 },
  right: { azimuth: 90, elevation: 0 },
  front: { azimuth: 180, elevation: 0 },
  top: { azimuth: 0, elevation: 90 },
};

function ReadoutLine({ label, r, testId }: { label: string; r: Readout; testId: string }) {
  const f = (v: number | null, d: number) => (v === null ? '—' : v.toFixed(d));
  return (
    <p data-testid={testId} className="readout">
      <strong>{label}</strong> MNI ({r.mm.map((v) => Math.round(v)).join(', ')}) · ALE {f(r.ale, 5)} · Z {f(r.z, 2)}
      {r.contrast && ` · ${contrastText(r.contrast)}`} · cluster {r.cluster ?? '—'} · {r.region ?? 'no atlas label'}
      {r.region ? ` (${r.system})` : ''}
    </p>
  );
}

/** The shown overlays' colour scales, labelled, under the slices (NiiVue's own bars are unlabelled and cover the brain). */
function ColourLegend({ entries, lut }: { entries: LegendEntry[]; lut: (colormap: string) => ArrayLike<number> }) {
  // The row keeps its height when empty, so the slices do not jump when the first map appears.
  return (
    <p className="legend" data-testid="viewer-legend">
      {entries.map((e) => (
        <span key={e.label} className="legend-entry">
          <span className="legend-bar" style={{ background: gradientCss(lut(e.colormap)) }} />
          {e.label} <span className="muted">{rangeText(e)}</span>
        </span>
      ))}
    </p>
  );
}

function LayerToggle({ layer, label, disabled = false }: { layer: LayerName; label: React.ReactNode; disabled?: boolean }) {
  const on = useStore((s) => s.layers[layer]);
  return (
    <button type="button" className="chip" aria-pressed={on} disabled={disabled} onClick={() => useStore.getState().toggleLayer(layer)}>
      {label}
    </button>
  );
}

function ClipControls() {
  const clip = useStore((s) => s.clip);
  const side = clip ? (Object.entries(CLIP_SIDES).find(([, v]) => v.azimuth === clip.azimuth && v.elevation === clip.elevation)?.[0] ?? 'left') : 'none';
  const setClip = useStore.getState().setClip;
  return (
    <span className="clip">
      <label>
        Clip{' '}
        <select aria-label="Clip plane" value={side} onChange={(e) => setClip(e.target.value === 'none' ? null : { depth: clip?.depth ?? 0.1, ...CLIP_SIDES[e.target.value] })}>
          <option value="none">none</option>
          <option value="left">left half</option>
          <option value="right">right half</option>
          <option value="front">front</option>
          <option value="top">top</option>
        </select>
      </label>
      {clip && <input type="range" aria-label="Clip depth" min={-0.6} max={0.6} step={0.02} value={clip.depth} onChange={(e) => setClip({ ...clip, depth: Number(e.target.value) })} />}
    </span>
  );
}

export function ViewerPanel() {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const viewer = useNiivue(canvasRef);
  const run = useStore((s) => s.run);
  const atlas = useStore((s) => s.atlas);
  const layout = useStore((s) => s.layout);
  const zThreshold = useStore((s) => s.zThreshold);
  const showFoci = useStore((s) => s.showFoci);
  const crosshair = useStore((s) => s.crosshair);
  const contrastView = useStore((s) => s.contrast.result);
  const { setLayout, setZThreshold, setShowFoci } = useStore.getState();
  const [hover, setHover] = useState<Readout | null>(null);

  const onMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const nv = viewer.niivue;
    if (!nv || !viewer.ready) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const scale = event.currentTarget.width / rect.width;
    const frac = nv.canvasPos2frac([(event.clientX - rect.left) * scale, (event.clientY - rect.top) * scale]);
    if (frac[0] < 0) return setHover(null);
    const mm = nv.frac2mm(frac);
    setHover(readoutAt([mm[0], mm[1], mm[2]], run, atlas, contrastView));
  };
  const thresholds = run?.thresholds;
  const runAlpha = useStore((s) => s.runContext?.alpha ?? s.fweAlpha);
  const hasTruth = useStore((s) => s.demo?.kind === 'simulated');
  const showTruth = useStore((s) => s.showTruth);
  return (
    <section aria-label="Viewer" className="viewer">
      <div className="toolbar" role="toolbar" aria-label="Viewer controls">
        <span className="segmented" role="group" aria-label="Layout">
          {LAYOUTS.map((l) => (
            <button key={l.id} type="button" aria-pressed={layout === l.id} onClick={() => setLayout(l.id)} title={l.id}>
              {l.label}
            </button>
          ))}
        </span>
        <span className="chips" role="group" aria-label="Layers">
          <LayerToggle layer="z" label="Z" />
          <LayerToggle layer="ale" label="ALE" />
          <LayerToggle layer="clusters" label="cluster outlines" />
          {thresholds?.tfceFwe != null && <LayerToggle layer="tfce" label={<span title={`TFCE at or above its voxel-level FWE ${runAlpha} cut-off, ${thresholds.tfceFwe.toPrecision(4)}`}>TFCE FWE</span>} />}
          <LayerToggle layer="atlas" label="AAL outlines" disabled={!atlas} />
          {contrastView && (
            <>
              <LayerToggle layer="aOverB" label={<span className="swatch-text warm">A &gt; B</span>} />
              <LayerToggle layer="bOverA" label={<span className="swatch-text cold">B &gt; A</span>} />
              <LayerToggle layer="conjunction" label={<span className="swatch-text both">A and B</span>} />
            </>
          )}
          {hasTruth && (
            <button type="button" className="chip" aria-pressed={showTruth} onClick={() => useStore.getState().setShowTruth(!showTruth)}>
              ground truth
            </button>
          )}
          <button type="button" className="chip" aria-pressed={showFoci} disabled={!run} onClick={() => setShowFoci(!showFoci)}>
            foci
          </button>
        </span>
        {layout === 'render' && <ClipControls />}
        {viewer.software && (
          <span className="badge warn" data-testid="software-rendering" title="This browser draws WebGL without a GPU, so the viewer shows a 1.5 mm template to stay responsive. The maps and results are unchanged.">
            software WebGL: 1.5 mm template
          </span>
        )}
      </div>
      {/* The row is there before any map (its controls disabled), so the slices do not shrink under the pointer when the first run lands. */}
      <div className="threshold" data-testid={thresholds ? undefined : 'threshold-placeholder'}>
        <label>
          Z ≥ <input type="range" aria-label="Z threshold" min={0} max={8} step={0.01} value={zThreshold} list={thresholds ? 'z-marks' : undefined} disabled={!thresholds} onChange={(e) => setZThreshold(Number(e.target.value))} /> <output>{zThreshold.toFixed(2)}</output>
        </label>
        {!thresholds && (
          <button type="button" className="link" disabled title="appears with the first map">
            cluster-forming z —
          </button>
        )}
        {thresholds && (
          <>
            <datalist id="z-marks">
              <option value={thresholds.clusterFormingZ.toFixed(2)} label="cluster-forming" />
              {thresholds.voxelFweZ !== null && <option value={thresholds.voxelFweZ.toFixed(2)} label="voxel FWE" />}
            </datalist>
            <button type="button" className="link" onClick={() => setZThreshold(Math.round(thresholds.clusterFormingZ * 100) / 100)} title={`ALE ${run.summary.cluster_forming_threshold}`}>
              cluster-forming z {thresholds.clusterFormingZ.toFixed(2)}
            </button>
            {thresholds.voxelFweZ !== null && (
              <button type="button" className="link" onClick={() => setZThreshold(Math.round((thresholds.voxelFweZ as number) * 100) / 100)} title={`ALE ${thresholds.voxelFweAle?.toFixed(5)}`}>
                voxel-level FWE {runAlpha}: z {thresholds.voxelFweZ.toFixed(2)}
              </button>
            )}
            {thresholds.tfceFwe !== null && (
              <span className="muted small" data-testid="tfce-cutoff">
                TFCE FWE {runAlpha}: TFCE ≥ {thresholds.tfceFwe.toPrecision(4)} (its own layer)
              </span>
            )}
          </>
        )}
      </div>
      <div className="canvas-box">
        <canvas ref={canvasRef} data-testid="viewer-canvas" onMouseMove={onMove} onMouseLeave={() => setHover(null)} />
        {hover && (
          <div className="hover-readout">
            <ReadoutLine label="Mouse" r={hover} testId="hover-readout" />
          </div>
        )}
      </div>
      {viewer.error && <p role="alert" className="error">{viewer.error}</p>}
      <ColourLegend entries={viewer.legend} lut={(c) => (viewer.niivue as NonNullable<typeof viewer.niivue>).colormap(c)} />

      <ReadoutLine label="Crosshair" r={readoutAt(crosshair, run, atlas, contrastView)} testId="crosshair-readout" />
    </section>
  );
}
