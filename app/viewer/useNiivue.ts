/**
 * The one hook that owns NiiVue: it attaches to the canvas, loads the
 * template, keeps overlays, layout, threshold, foci and crosshair in step
 * with the store, and cleans up on unmount.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { NVImage, Niivue, SLICE_TYPE } from '@niivue/niivue';
import { templateUrl } from '../engine/assets.ts';
import { useStore, type Layout } from '../store.ts';
import { registerViewer } from './figure.ts';
import { overlayNifti, significantLabels } from './overlayVolumes.ts';

const SLICE_TYPES: Record<Exclude<Layout, 'mosaic'>, SLICE_TYPE> = {
  multiplanar: SLICE_TYPE.MULTIPLANAR,
  axial: SLICE_TYPE.AXIAL,
  coronal: SLICE_TYPE.CORONAL,
  sagittal: SLICE_TYPE.SAGITTAL,
  render: SLICE_TYPE.RENDER,
};
const MOSAIC = 'A -30 -16 -2 12 26 40 54 68';

export interface ViewerHandle {
  niivue: Niivue | null;
  ready: boolean;
  error: string | null;
}

export function useNiivue(canvasRef: RefObject<HTMLCanvasElement | null>): ViewerHandle {
  const nvRef = useRef<Niivue | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useStore((s) => s.run);
  const fweAlpha = useStore((s) => s.fweAlpha);
  const layers = useStore((s) => s.layers);
  const zThreshold = useStore((s) => s.zThreshold);
  const layout = useStore((s) => s.layout);
  const showFoci = useStore((s) => s.showFoci);
  const crosshairRequest = useStore((s) => s.crosshairRequest);
  const contrast = useStore((s) => s.contrast.result);
  const showTruth = useStore((s) => s.showTruth);
  const hiddenFoci = useStore((s) => s.hiddenFoci);
  const truth = useStore((s) => s.demo?.groundTruth ?? null);
  const tourOverlay = useStore((s) => s.tourOverlay);

  // Attach once; NiiVue reports crosshair moves back to the store.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const nv = new Niivue({ backColor: [0, 0, 0, 1], isColorbar: true, show3Dcrosshair: true, crosshairColor: [0.2, 0.8, 1, 1], isOrientCube: false, dragAndDropEnabled: false });
    nvRef.current = nv;
    let disposed = false;
    nv.onLocationChange = (location: unknown) => {
      const mm = (location as { mm: number[] }).mm;
      useStore.getState().crosshairMoved([Math.round(mm[0] * 100) / 100, Math.round(mm[1] * 100) / 100, Math.round(mm[2] * 100) / 100]);
    };
    (async () => {
      await nv.attachToCanvas(canvas);
      registerViewer(nv);
      await nv.loadVolumes([{ url: templateUrl(), name: 'colin27_1mm.nii.gz', colormap: 'gray', colorbarVisible: false }]);
      if (!disposed) setReady(true);
    })().catch((err: unknown) => !disposed && setError(`the viewer could not start: ${(err as Error).message}`));
    return () => {
      disposed = true;
      registerViewer(null);
      nv.cleanup();
      nvRef.current = null;
      setReady(false);
    };
  }, [canvasRef]);

  // Overlays follow the run and the significance level.
  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || !ready) return;
    let stale = false;
    (async () => {
      while (nv.volumes.length > 1) nv.removeVolume(nv.volumes[nv.volumes.length - 1]);
      if (!run) {
        nv.updateGLVolume();
        return;
      }
      const maxZ = Math.max(...run.summary.clusters.map((c) => c.peak_z), zThreshold + 1);
      const maxAle = Math.max(...run.summary.clusters.map((c) => c.peak_ale), run.summary.cluster_forming_threshold * 2);
      const labels = significantLabels(run, fweAlpha);
      const nClusters = Math.max(1, run.summary.clusters.length);
      const images = await Promise.all([
        NVImage.loadFromUrl({ url: overlayNifti(run, run.volumes.ale, 'ALE'), name: 'ale.nii', colormap: 'warm', cal_min: run.summary.cluster_forming_threshold, cal_max: maxAle, opacity: 0 }),
        NVImage.loadFromUrl({ url: overlayNifti(run, run.volumes.z, 'Z'), name: 'z.nii', colormap: 'warm', cal_min: zThreshold, cal_max: maxZ, opacity: 0 }),
        NVImage.loadFromUrl({ url: overlayNifti(run, labels, 'significant clusters'), name: 'clusters.nii', colormap: 'jet', cal_min: 0.5, cal_max: nClusters + 0.5, opacity: 0 }),
      ]);
      if (contrast) {
        const aOverB = Float32Array.from(contrast.gated, (v) => Math.max(v, 0));
        const bOverA = Float32Array.from(contrast.gated, (v) => Math.max(-v, 0));
        const top = Math.max(2, ...contrast.clusters.aOverB.map((c) => c.peak.z), ...contrast.clusters.bOverA.map((c) => c.peak.z));
        images.push(
          await NVImage.loadFromUrl({ url: overlayNifti(run, aOverB, 'A > B'), name: 'a_over_b.nii', colormap: 'red', cal_min: 0.01, cal_max: top, opacity: 0 }),
          await NVImage.loadFromUrl({ url: overlayNifti(run, bOverA, 'B > A'), name: 'b_over_a.nii', colormap: 'blue', cal_min: 0.01, cal_max: top, opacity: 0 }),
        );
      }
      if (tourOverlay) {
        images.push(await NVImage.loadFromUrl({ url: overlayNifti(run, tourOverlay.data, tourOverlay.label), name: 'tour.nii', colormap: 'green', cal_min: tourOverlay.max * 0.02, cal_max: tourOverlay.max, opacity: 0.8 }));
      }
      if (stale) return;
      for (const image of images) nv.addVolume(image);
      applyLayers(nv);
    })().catch((err: unknown) => setError(`the viewer could not show the results: ${(err as Error).message}`));
    return () => {
      stale = true;
    };
  }, [run, fweAlpha, contrast, tourOverlay, ready]);

  useEffect(() => {
    const nv = nvRef.current;
    if (nv && ready) applyLayers(nv);
  }, [layers, zThreshold, ready]);

  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || !ready) return;
    if (layout === 'mosaic') nv.setSliceMosaicString(MOSAIC);
    else {
      nv.setSliceMosaicString('');
      nv.setSliceType(SLICE_TYPES[layout]);
    }
  }, [layout, ready]);

  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || !ready) return;
    while (nv.meshes.length > 0) nv.removeMesh(nv.meshes[0]);
    const graph = (name: string, nodes: { name: string; x: number; y: number; z: number; colorValue: number; sizeValue: number }[], colormap: string, scale: number) =>
      nv.loadConnectomeAsMesh({ name, nodeColormap: colormap, nodeColormapNegative: colormap, nodeMinColor: 0, nodeMaxColor: Math.max(1, ...nodes.map((n) => n.colorValue)), nodeScale: scale, edgeColormap: 'warm', edgeColormapNegative: 'winter', edgeMin: 0, edgeMax: 1, edgeScale: 1, nodes, edges: [] });
    if (showFoci && run) {
      const nodes = run.foci.flatMap((e, n) =>
        hiddenFoci.has(e.id) ? [] : Array.from({ length: e.mni.length / 3 }, (_, f) => ({ name: e.id, x: e.mni[3 * f], y: e.mni[3 * f + 1], z: e.mni[3 * f + 2], colorValue: n + 1, sizeValue: 1 })),
      );
      if (nodes.length > 0) nv.addMesh(graph('foci', nodes, 'hsv', 2));
    }
    if (showTruth && truth) {
      nv.addMesh(graph('ground truth', truth.map((t) => ({ name: t.name, x: t.mni[0], y: t.mni[1], z: t.mni[2], colorValue: 1, sizeValue: 1 })), 'green', 5));
    }
    nv.drawScene();
  }, [showFoci, hiddenFoci, showTruth, truth, run, ready]);

  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || !ready) return;
    const mm = useStore.getState().crosshair;
    nv.scene.crosshairPos = nv.mm2frac(mm);
    nv.updateGLVolume();
  }, [crosshairRequest, ready]);

  return { niivue: nvRef.current, ready, error };
}

/** Shows or hides overlays by opacity (their order never changes) and applies the Z threshold. */
function applyLayers(nv: Niivue): void {
  if (nv.volumes.length < 4) return;
  const { layers, zThreshold } = useStore.getState();
  const [, ale, z, clusters] = nv.volumes;
  ale.opacity = layers.ale ? 0.8 : 0;
  z.opacity = layers.z ? 0.9 : 0;
  z.cal_min = zThreshold;
  clusters.opacity = layers.clusters ? 0.35 : 0;
  ale.colorbarVisible = layers.ale;
  z.colorbarVisible = layers.z;
  clusters.colorbarVisible = false;
  const hasContrast = useStore.getState().contrast.result !== null;
  const [aOverB, bOverA] = hasContrast ? [nv.volumes[4], nv.volumes[5]] : [undefined, undefined];
  if (aOverB && bOverA) {
    aOverB.opacity = layers.aOverB ? 0.9 : 0;
    bOverA.opacity = layers.bOverA ? 0.9 : 0;
    aOverB.colorbarVisible = layers.aOverB;
    bOverA.colorbarVisible = layers.bOverA;
  }
  nv.updateGLVolume();
}
