/**
 * The parts of the scene that are not volumes: foci and the demo's ground
 * truth as points, the crosshair when the store moves it, and the 3-D clip plane.
 */
import { useEffect, useMemo, useRef } from 'react';
import { cmapper, NVMesh, type Niivue } from '@niivue/niivue';
import { useStore } from '../store.ts';
import { fociFocus, fociMarkers, markerMesh, type FocusMarker } from './fociMarkers.ts';

export function useViewerScene(nv: Niivue | null, ready: boolean): void {
  const run = useStore((s) => s.run);
  const showFoci = useStore((s) => s.showFoci);
  const hiddenFoci = useStore((s) => s.hiddenFoci);
  const showTruth = useStore((s) => s.showTruth);
  const truth = useStore((s) => (s.demo?.kind === 'simulated' ? s.demo.groundTruth : null));
  const crosshairRequest = useStore((s) => s.crosshairRequest);
  const clip = useStore((s) => s.clip);

  // Slices that follow the crosshair draw only the foci near its planes, so a crosshair move may change them.
  const near = useStore((s) => fociFocus(s.layout, s.crosshair));
  const markers = useMemo(() => (showFoci && run ? fociMarkers(run.foci, hiddenFoci, near) : []), [showFoci, run, hiddenFoci, near]);
  const experiments = run?.foci.length ?? 0;
  const drawn = useRef('');

  useEffect(() => {
    if (!nv || !ready) {
      drawn.current = '';
      return;
    }
    // Most crosshair moves keep the same foci near the planes: rebuilding their meshes then would only cost time.
    const scene = `${experiments}|${markers.map((m) => `${m.colorValue}:${m.x},${m.y},${m.z}`).join(' ')}|${showTruth && truth ? truth.length : 0}`;
    if (scene === drawn.current) return;
    drawn.current = scene;
    while (nv.meshes.length > 0) nv.removeMesh(nv.meshes[0]);
    const add = (name: string, shown: FocusMarker[], colormap: string, maxColor: number, radius: number) => {
      const mesh = markerMesh(shown, radius, cmapper.colormap(colormap), maxColor);
      nv.addMesh(new NVMesh(mesh.pts, mesh.tris, name, mesh.rgba, 1, true, nv.gl));
    };
    // Colours on a scale of all experiments, so an experiment keeps its colour whichever foci are drawn.
    if (markers.length > 0) add('foci', markers, 'hsv', experiments, 2);
    if (showTruth && truth && truth.length > 0) add('ground truth', truth.map((t) => ({ name: t.name, x: t.mni[0], y: t.mni[1], z: t.mni[2], colorValue: 1, sizeValue: 1 })), 'green', 1, 5);
    nv.drawScene();
  }, [nv, ready, markers, experiments, showTruth, truth]);

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
