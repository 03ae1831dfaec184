/**
 * The bar between the viewer and the results: drag it (or focus it and use
 * the arrow keys, Home for the layout's own split) to give the slices more
 * height on a small screen, or the table more rows.
 */
import type { KeyboardEvent, PointerEvent } from 'react';
import { useStore } from '../store.ts';
import { VIEWER_SHARE_RANGE } from '../state/uiSlice.ts';

/** The share an arrow key moves. */
const STEP = 0.05;

export function Splitter({ mainRef }: { mainRef: React.RefObject<HTMLElement | null> }) {
  const share = useStore((s) => s.viewerShare);
  const { setViewerShare } = useStore.getState();
  /** The share now: the dragged one, or the layout's own as measured (the CSS sets it, class mode its own). */
  const current = () => {
    const main = mainRef.current;
    const viewer = main?.querySelector<HTMLElement>('.viewer');
    if (share !== null || !main || !viewer) return share;
    return viewer.getBoundingClientRect().height / main.getBoundingClientRect().height;
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const main = mainRef.current;
    if (!main) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => {
      const box = main.getBoundingClientRect();
      setViewerShare((e.clientY - box.top) / box.height);
    };
    const target = event.currentTarget;
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const now = current();
    if (now === null) return;
    const moves: Record<string, number | null> = { ArrowUp: now - STEP, ArrowDown: now + STEP, Home: null };
    if (!(event.key in moves)) return;
    event.preventDefault();
    setViewerShare(moves[event.key]);
  };
  const [low, high] = VIEWER_SHARE_RANGE;
  return (
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label="Viewer height"
      aria-valuemin={Math.round(low * 100)}
      aria-valuemax={Math.round(high * 100)}
      aria-valuenow={share === null ? undefined : Math.round(share * 100)}
      tabIndex={0}
      className="splitter"
      data-testid="viewer-splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
