/** The brain viewer with its controls and the readout under the crosshair and the mouse. */
import { useRef, useState } from 'react';
import { useStore, type Layout } from '../store.ts';
import { readoutAt, type Readout } from '../viewer/readout.ts';
import { useNiivue } from '../viewer/useNiivue.ts';

const LAYOUTS: Layout[] = ['multiplanar', 'axial', 'coronal', 'sagittal', 'render', 'mosaic'];

function ReadoutLine({ label, r, testId }: { label: string; r: Readout; testId: string }) {
  const f = (v: number | null, d: number) => (v === null ? '—' : v.toFixed(d));
  return (
    <p data-testid={testId} className="readout">
      <strong>{label}</strong> MNI ({r.mm.map((v) => Math.round(v)).join(', ')}) · ALE {f(r.ale, 5)} · Z {f(r.z, 2)} · cluster {r.cluster ?? '—'} · {r.region ?? 'no atlas label'}
      {r.region ? ` (${r.system})` : ''}
    </p>
  );
}

export function ViewerPanel() {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const viewer = useNiivue(canvasRef);
  const run = useStore((s) => s.run);
  const atlas = useStore((s) => s.atlas);
  const layout = useStore((s) => s.layout);
  const layers = useStore((s) => s.layers);
  const zThreshold = useStore((s) => s.zThreshold);
  const showFoci = useStore((s) => s.showFoci);
  const crosshair = useStore((s) => s.crosshair);
  const { setLayout, toggleLayer, setZThreshold, setShowFoci } = useStore.getState();
  const [hover, setHover] = useState<Readout | null>(null);

  const onMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const nv = viewer.niivue;
    if (!nv || !viewer.ready) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const scale = event.currentTarget.width / rect.width;
    const frac = nv.canvasPos2frac([(event.clientX - rect.left) * scale, (event.clientY - rect.top) * scale]);
    if (frac[0] < 0) return setHover(null);
    const mm = nv.frac2mm(frac);
    setHover(readoutAt([mm[0], mm[1], mm[2]], run, atlas));
  };
  const thresholds = run?.thresholds;
  const runAlpha = useStore((s) => s.runContext?.alpha ?? s.fweAlpha);
  const hasContrast = useStore((s) => s.contrast.result !== null);
  const hasTruth = useStore((s) => s.demo !== null);
  const showTruth = useStore((s) => s.showTruth);
  return (
    <section aria-label="Viewer" className="viewer">
      <div className="toolbar" role="toolbar" aria-label="Viewer controls">
        {LAYOUTS.map((l) => (
          <button key={l} type="button" aria-pressed={layout === l} onClick={() => setLayout(l)}>
            {l}
          </button>
        ))}
        <span className="sep" />
        {(['z', 'ale', 'clusters'] as const).map((layer) => (
          <label key={layer}>
            <input type="checkbox" checked={layers[layer]} onChange={() => toggleLayer(layer)} /> {layer === 'z' ? 'Z' : layer === 'ale' ? 'ALE' : 'significant clusters'}
          </label>
        ))}
        {hasContrast && (
          <>
            <label>
              <input type="checkbox" checked={layers.aOverB} onChange={() => toggleLayer('aOverB')} /> <span style={{ color: '#d62728' }}>A &gt; B</span>
            </label>
            <label>
              <input type="checkbox" checked={layers.bOverA} onChange={() => toggleLayer('bOverA')} /> <span style={{ color: '#1f77b4' }}>B &gt; A</span>
            </label>
          </>
        )}
        {hasTruth && (
          <label>
            <input type="checkbox" checked={showTruth} onChange={(e) => useStore.getState().setShowTruth(e.target.checked)} /> ground truth
          </label>
        )}
        <label>
          <input type="checkbox" checked={showFoci} onChange={(e) => setShowFoci(e.target.checked)} disabled={!run} /> foci
        </label>
      </div>
      {thresholds && (
        <div className="threshold">
          <label>
            Z threshold <input type="range" aria-label="Z threshold" min={0} max={8} step={0.01} value={zThreshold} list="z-marks" onChange={(e) => setZThreshold(Number(e.target.value))} /> {zThreshold.toFixed(2)}
          </label>
          <datalist id="z-marks">
            <option value={thresholds.clusterFormingZ.toFixed(2)} label="cluster-forming" />
            {thresholds.voxelFweZ !== null && <option value={thresholds.voxelFweZ.toFixed(2)} label="voxel FWE" />}
          </datalist>{' '}
          <small>
            cluster-forming z {thresholds.clusterFormingZ.toFixed(2)} (ALE {run.summary.cluster_forming_threshold})
            {thresholds.voxelFweZ !== null && ` · voxel-level FWE ${runAlpha}: z ${thresholds.voxelFweZ.toFixed(2)} (ALE ${thresholds.voxelFweAle?.toFixed(5)})`}{' '}
            <button type="button" onClick={() => setZThreshold(Math.round(thresholds.clusterFormingZ * 100) / 100)}>cluster-forming</button>
            {thresholds.voxelFweZ !== null && (
              <button type="button" onClick={() => setZThreshold(Math.round((thresholds.voxelFweZ as number) * 100) / 100)}>voxel FWE</button>
            )}
          </small>
        </div>
      )}
      <div className="canvas-box">
        <canvas ref={canvasRef} data-testid="viewer-canvas" onMouseMove={onMove} onMouseLeave={() => setHover(null)} />
      </div>
      {viewer.error && <p role="alert" className="error">{viewer.error}</p>}
      <ReadoutLine label="Crosshair" r={readoutAt(crosshair, run, atlas)} testId="crosshair-readout" />
      {hover && <ReadoutLine label="Mouse" r={hover} testId="hover-readout" />}
    </section>
  );
}
