/**
 * The one hook that owns NiiVue: it attaches to the canvas, loads the
 * template, keeps each overlay (maps, cluster outlines, the selected
 * cluster, the contrast, the atlas, the tour's map) in step with the store,
 * and cleans up on unmount. Overlays are rebuilt one at a time and always
 * stacked in the same order.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { NVImage, Niivue, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';
import { templateUrl } from '../engine/assets.ts';
import { useStore, type Layout } from '../store.ts';
import { registerLegend, registerViewer } from './figure.ts';
import { scaleStart, viewerLegend, type LegendEntry } from './legend.ts';
import { atlasImage, clusterLabelImage, scalarImage, selectedClusterMap } from './overlayVolumes.ts';
import { useViewerScene } from './useViewerScene.ts';
import { FOCI_SLAB_MM } from './fociMarkers.ts';
import { CROSSHAIR_MM, keepCrosshairVisible } from './crosshairWidth.ts';

const SLICE_TYPES: Record<Exclude<Layout, 'mosaic'>, SLICE_TYPE> = {
  multiplanar: SLICE_TYPE.MULTIPLANAR,
  axial: SLICE_TYPE.AXIAL,
  coronal: SLICE_TYPE.CORONAL,
  sagittal: SLICE_TYPE.SAGITTAL,
  render: SLICE_TYPE.RENDER,
};
export const MOSAIC = 'A L+ -30 -16 -2 12 26 40 54 68';

/** Bottom to top: the selected cluster's brightening under the outlines, so its border keeps the table's colour. */
const ORDER = ['ale', 'z', 'tfce', 'selected', 'clusters', 'contrast', 'conjunction', 'atlas', 'tour'] as const;
type OverlayName = (typeof ORDER)[number];

export interface ViewerHandle {
  niivue: Niivue | null;
  ready: boolean;
  software: boolean;
  error: string | null;
  /** The colour scales of the overlays shown, for the legend beside the slices. */
  legend: LegendEntry[];
}

export function useNiivue(canvasRef: RefObject<HTMLCanvasElement | null>): ViewerHandle {
  const nvRef = useRef<Niivue | null>(null);
  const images = useRef(new Map<OverlayName, NVImage>());
  const template = useRef<NVImage | null>(null);
  const building = useRef(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Attached to the canvas: overlays can be built. */
  const [attached, setAttached] = useState(false);
  /** The template is on screen: the scene (layout, crosshair, meshes) can be set. */
  const [ready, setReady] = useState(false);
  /** WebGL runs on the CPU here (a software renderer), so the viewer shows the coarser template. */
  const [software, setSoftware] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [legend, setLegend] = useState<LegendEntry[]>([]);
  const run = useStore((s) => s.run);
  const fweAlpha = useStore((s) => s.fweAlpha);
  const inference = useStore((s) => s.inference);
  const layers = useStore((s) => s.layers);
  const zThreshold = useStore((s) => s.zThreshold);
  const layout = useStore((s) => s.layout);
  const contrast = useStore((s) => s.contrast.result);
  const selected = useStore((s) => s.selectedCluster);
  const atlas = useStore((s) => s.atlas);
  const tourOverlay = useStore((s) => s.tourOverlay);

  // Attach once; NiiVue reports crosshair moves back to the store.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const nv = new Niivue({ multiplanarShowRender: SHOW_RENDER.NEVER, backColor: [0, 0, 0, 1], isColorbar: false, show3Dcrosshair: true, crosshairColor: [0.2, 0.8, 1, 1], crosshairWidth: CROSSHAIR_MM, crosshairWidthUnit: 'mm', isOrientCube: false, dragAndDropEnabled: false });
    keepCrosshairVisible(nv);
    nvRef.current = nv;
    const owned = images.current;
    let disposed = false;
    nv.onLocationChange = (location: unknown) => {
      const mm = (location as { mm: number[] }).mm;
      useStore.getState().crosshairMoved([Math.round(mm[0] * 100) / 100, Math.round(mm[1] * 100) / 100, Math.round(mm[2] * 100) / 100]);
    };
    // Registered before NiiVue's own listeners, so a press is known before the crosshair moves (a playground drag).
    const pressed = () => useStore.getState().playgroundPress(true);
    const released = () => useStore.getState().playgroundPress(false);
    canvas.addEventListener('pointerdown', pressed);
    window.addEventListener('pointerup', released);
    (async () => {
      await nv.attachToCanvas(canvas);
      registerViewer(nv);
      // Label volumes (clusters, atlas) draw their borders opaque; nearest-voxel display keeps a
      // one-voxel border in its own colour (linear blending paled it towards the template) and shows
      // each voxel as it was computed.
      nv.opts.atlasOutline = 1;
      nv.setInterpolation(true);
      // Foci show on a slice only within this many mm of it (NiiVue's default projects all 2,826 onto every slice).
      nv.opts.meshThicknessOn2D = FOCI_SLAB_MM;
      if (disposed) return;
      setAttached(true);
      await firstResultsOrTimeout();
      if (disposed) return;
      // The template is read like an overlay and goes to the GPU in the same update as the first maps.
      building.current++;
      try {
        const software = softwareRenderer(nv);
        setSoftware(software);
        const image = await NVImage.loadFromUrl({ url: templateUrl(software), name: 'colin27 template', colormap: 'gray' });
        template.current = image;
      } finally {
        building.current--;
      }
      if (!disposed) scheduleRefresh();
    })().catch((err: unknown) => !disposed && setError(`the viewer could not start: ${(err as Error).message}`));
    return () => {
      disposed = true;
      canvas.removeEventListener('pointerdown', pressed);
      window.removeEventListener('pointerup', released);
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
      registerViewer(null);
      owned.clear();
      template.current = null;
      nv.cleanup();
      nvRef.current = null;
      setAttached(false);
      setReady(false);
    };
  }, [canvasRef]);

  // NiiVue re-uploads every volume on each updateGLVolume (seconds where WebGL runs on the CPU), so
  // changes are gathered and applied in one update once nothing is still being read.
  const scheduleRefresh = () => {
    if (building.current > 0 || refreshTimer.current) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      const nv = nvRef.current;
      const back = template.current;
      if (!nv || !back) return;
      // Hidden overlays leave the stack: each costs a pass over the template's grid, and label
      // overlays would draw their borders whatever their opacity.
      const { layers } = useStore.getState();
      const shown: Record<OverlayName, boolean> = { ale: layers.ale, z: layers.z, clusters: layers.clusters, selected: true, contrast: layers.aOverB || layers.bOverA, conjunction: layers.conjunction, atlas: layers.atlas, tour: true, tfce: layers.tfce };
      const hidden = new Set(ORDER.filter((n) => !shown[n]));
      const overlays = ORDER.flatMap((n) => (hidden.has(n) ? [] : (images.current.get(n) ?? [])));
      nv.volumes = [back, ...overlays];
      nv.back = back;
      nv.overlays = overlays;
      applyLayers(nv, images.current);
      const entries = viewerLegend(images.current, layers);
      registerLegend(entries);
      setLegend(entries);
      setReady(true);
    }, 0);
  };

  /** Builds an overlay (null removes it) off the render path; a newer build of the same overlay wins. */
  const build = (name: OverlayName, make: (() => Promise<NVImage>) | null) => {
    let stale = false;
    if (!make) {
      images.current.delete(name);
      scheduleRefresh();
    } else {
      building.current++;
      make()
        .then(
          (image) => !stale && images.current.set(name, image),
          (err: unknown) => setError(`the viewer could not show the ${name} map: ${(err as Error).message}`),
        )
        .finally(() => {
          building.current--;
          scheduleRefresh();
        });
    }
    return () => {
      stale = true;
    };
  };

  useEffect(() => {
    if (!attached) return;
    const maxAle = run ? Math.max(...run.summary.clusters.map((c) => c.peak_ale), run.summary.cluster_forming_threshold * 2) : 1;
    return build('ale', run && (() => scalarImage(run, run.volumes.ale, { name: 'ALE', colormap: 'warm', calMin: run.summary.cluster_forming_threshold, calMax: maxAle })));
    // The final result keeps the preview's maps (see analysisSlice), so it does not rebuild them.
  }, [run?.volumes.ale, attached]);

  useEffect(() => {
    if (!attached) return;
    const maxZ = run ? Math.max(...run.summary.clusters.map((c) => c.peak_z), useStore.getState().zThreshold + 1) : 1;
    return build('z', run && (() => scalarImage(run, run.volumes.z, { name: 'Z', colormap: 'warm', calMin: useStore.getState().zThreshold, calMax: maxZ })));
  }, [run?.volumes.z, attached]);

  useEffect(() => (attached ? build('clusters', run && (() => clusterLabelImage(run, fweAlpha, inference))) : undefined), [run, fweAlpha, inference, attached]);

  // TFCE from its voxel-level FWE cut-off up: the voxels TFCE calls significant at α.
  useEffect(() => {
    if (!attached) return;
    const tfce = run?.volumes.tfce;
    const cutoff = run?.thresholds.tfceFwe;
    if (!run || !tfce || cutoff === null || cutoff === undefined) return build('tfce', null);
    const top = tfce.reduce((a, b) => Math.max(a, b), 0);
    return build('tfce', () => scalarImage(run, tfce, { name: 'TFCE', colormap: 'violet', calMin: cutoff, calMax: Math.max(top, cutoff * 1.01) }));
  }, [run, attached]);

  useEffect(() => (attached ? build('selected', run && selected !== null ? () => scalarImage(run, selectedClusterMap(run, selected), { name: 'selected cluster', colormap: 'gray', calMin: 0.5, calMax: 1 }) : null) : undefined), [run?.volumes.labels, selected, attached]);

  // The contrast as one signed map: A > B red to yellow, B > A blue to cyan (as the panel and the layer chips say).
  useEffect(() => {
    if (!attached) return;
    if (!run || !contrast || (!layers.aOverB && !layers.bOverA)) return build('contrast', null);
    const signed = Float32Array.from(contrast.gated, (v) => (v > 0 ? (layers.aOverB ? v : 0) : layers.bOverA ? v : 0));
    const top = Math.max(2, ...contrast.clusters.aOverB.map((c) => c.peak.z), ...contrast.clusters.bOverA.map((c) => c.peak.z));
    return build('contrast', () => scalarImage(run, signed, { name: 'A vs B (z)', colormap: 'redyell', colormapNegative: 'blue2cyan', calMin: scaleStart(signed), calMax: top }));
  }, [run, contrast, layers.aOverB, layers.bOverA, attached]);

  useEffect(() => {
    if (!attached) return;
    if (!run || !contrast || !layers.conjunction) return build('conjunction', null);
    const top = Math.max(2, ...contrast.clusters.conjunction.map((c) => c.peak.z));
    return build('conjunction', () => scalarImage(run, contrast.conjunction, { name: 'A and B (min z)', colormap: 'green', calMin: scaleStart(contrast.conjunction), calMax: top }));
  }, [run, contrast, layers.conjunction, attached]);

  useEffect(() => (attached ? build('atlas', atlas && layers.atlas ? () => atlasImage(atlas) : null) : undefined), [atlas, layers.atlas, attached]);

  useEffect(() => {
    if (!attached) return;
    return build('tour', run && tourOverlay ? () => scalarImage(run, tourOverlay.data, { name: tourOverlay.label, colormap: 'green', calMin: tourOverlay.max * 0.02, calMax: tourOverlay.max }) : null);
  }, [run, tourOverlay, attached]);

  useEffect(() => {
    if (attached) scheduleRefresh();
  }, [layers, zThreshold, attached]);

  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || !ready) return;
    // Each of these re-uploads every volume, so only what changed is set.
    if (layout === 'mosaic') nv.setSliceMosaicString(MOSAIC);
    else {
      if (nv.opts.sliceMosaicString) nv.setSliceMosaicString('');
      if (nv.opts.sliceType !== SLICE_TYPES[layout]) nv.setSliceType(SLICE_TYPES[layout]);
    }
  }, [layout, ready]);

  useViewerScene(nvRef.current, ready);

  return { niivue: nvRef.current, ready, software, error, legend };
}

/** Whether WebGL is drawn by a CPU rasteriser (SwiftShader, llvmpipe), as on machines without a usable GPU. */
function softwareRenderer(nv: Niivue): boolean {
  const gl = nv.gl;
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
}

/**
 * Uploading the template blocks the page for seconds where WebGL runs on the
 * CPU, so the viewer waits until the app's first results are in (the ALE
 * map of the opening run) or that run failed, at most 3 s.
 */
function firstResultsOrTimeout(): Promise<void> {
  const settled = () => {
    const s = useStore.getState();
    return s.run !== null || s.status === 'failed' || s.status === 'cancelled';
  };
  return new Promise((resolve) => {
    if (settled()) return resolve();
    const done = () => {
      unsubscribe();
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 3000);
    const unsubscribe = useStore.subscribe(() => settled() && done());
  });
}

/** Shows or hides overlays by opacity and applies the Z threshold; the stack itself does not change. */
function applyLayers(nv: Niivue, images: ReadonlyMap<OverlayName, NVImage>): void {
  const { layers, zThreshold } = useStore.getState();
  const show = (name: OverlayName, opacity: number) => {
    const image = images.get(name);
    if (image) image.opacity = opacity;
  };
  show('ale', layers.ale ? 0.8 : 0);
  show('z', layers.z ? 0.9 : 0);
  const z = images.get('z');
  if (z) z.cal_min = zThreshold;
  // Label volumes: the inside at this opacity, the border opaque (NiiVue's atlas outline).
  show('clusters', 0.2);
  show('selected', 0.35);
  show('contrast', layers.aOverB || layers.bOverA ? 0.9 : 0);
  show('conjunction', layers.conjunction ? 0.9 : 0);
  show('tfce', layers.tfce ? 0.9 : 0);
  show('atlas', 0.02);
  show('tour', 0.8);
  nv.updateGLVolume();
}
