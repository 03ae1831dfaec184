/**
 * Hosts an Observable Plot figure: draws it at the container's width and
 * again when the width or the figure changes. Plot makes plain SVG, so the
 * figures follow the page's colour tokens and can be read by tests.
 */
import { useEffect, useRef, useState } from 'react';

export function PlotView({ draw, testId }: { draw: (width: number) => Element; testId: string }) {
  const box = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el || width === 0) return;
    el.replaceChildren(draw(width));
  }, [draw, width]);
  return <div ref={box} className="plot" data-testid={testId} />;
}
