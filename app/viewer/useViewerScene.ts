/**
 * The parts of the scene that are not volumes: foci and the demo's ground
 * truth as points, the crosshair when the store moves it, and the 3-D clip plane.
 */
import { useEffect } from 'react';
import type { Niivue } from '@niivue/niivue';
import { useStore } from '../store.ts';

export function useViewerScene(nv: Niivue | null, ready: boolean): void {
  const run = useStore((s) => s.run);
  const showFoci = useStore((s) => s.showFoci);
  const hiddenFoci = useStore((s) => s.hiddenFoci);
  const showTruth = useStore((s) => s.showTruth);
  const truth = useStore((s) => (s.demo?.kind === 'simulated' ? s.demo.groundTruth : null));
  const crosshairRequest = useStore((s) => s.crosshairRequest);
  const clip = useStore((s) => s.clip);

  useEffect(() => {
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
  }, [nv, showFoci, hiddenFoci, showTruth, truth, run, ready]);

  useEffect(() => {
    if (!nv || !ready) return;
    nv.scene.crosshairPos = nv.mm2frac(useStore.getState().crosshair);
    // A crosshair move only redraws: updateGLVolume would recompute the template's gradients.
    nv.drawScene();
  }, [nv, crosshairRequest, ready]);

  useEffect(() => {
    if (!nv || !ready) return;
    // NiiVue turns clipping off for depths above 1.8.
    nv.setClipPlane(clip ? [clip.depth, clip.azimuth, clip.elevation] : [2, 0, 0]);
  }, [nv, clip, ready]);
}
