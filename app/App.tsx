/**
 * The workspace: a header with the dataset and the run, a rail with data and
 * parameters, the viewer always in view, and the results in tabs that scroll
 * on their own. The page opens on the published-studies demo and runs it.
 */
import { useEffect, useRef, useState, type CSSProperties, type DragEvent } from 'react';
import { AppHeader } from './layout/AppHeader.tsx';
import { Rail } from './layout/Rail.tsx';
import { ResultsTabs } from './layout/ResultsTabs.tsx';
import { Splitter } from './layout/Splitter.tsx';
import { ErrorBoundary } from './panels/ErrorBoundary.tsx';
import { loadDroppedFile } from './panels/LoadPanel.tsx';
import { ViewerPanel } from './panels/ViewerPanel.tsx';
import { isShareHash } from './share/shareLink.ts';
import { useStore } from './store.ts';

export function App() {
  // A share link rebuilds its analysis; ?data=URL loads a file from a URL the user gave; otherwise the demo.
  useEffect(() => {
    const { restoreShare, loadFromUrl, loadDemo } = useStore.getState();
    const search = new URLSearchParams(window.location.search);
    const url = search.get('data');
    if (search.has('class')) useStore.getState().setClassMode(true);
    if (isShareHash(window.location.hash)) void restoreShare(window.location.hash);
    else if (search.has('playground')) useStore.getState().openPlayground();
    else if (url) void loadFromUrl(url);
    else void loadDemo('published');
  }, []);
  const theme = useStore((s) => s.theme);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  const railOpen = useStore((s) => s.railOpen);
  const classMode = useStore((s) => s.classMode);
  const linkError = useStore((s) => s.linkError);
  const viewerShare = useStore((s) => s.viewerShare);
  const mainRef = useRef<HTMLElement | null>(null);

  // A file dragged over the page marks the whole workspace as a place to drop it.
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void loadDroppedFile(file);
  };
  const onDragOver = (event: DragEvent) => {
    event.preventDefault();
    if (event.dataTransfer.types.includes('Files')) setDragging(true);
  };
  // Leaving a child fires dragleave too; only leaving the workspace itself ends the highlight.
  const onDragLeave = (event: DragEvent) => event.relatedTarget === null && setDragging(false);
  return (
    <div className="workspace" data-rail={railOpen ? 'open' : 'closed'} data-class={classMode ? 'on' : undefined} data-drop={dragging ? 'on' : undefined} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      <AppHeader />
      {railOpen && (
        <ErrorBoundary name="data and parameters">
          <Rail />
        </ErrorBoundary>
      )}
      <main className="main" ref={mainRef} style={viewerShare === null ? undefined : ({ '--viewer-share': `${(viewerShare * 100).toFixed(1)}%` } as CSSProperties)}>
        {linkError && (
          <p role="alert" className="banner error" data-testid="link-error">
            {linkError}
          </p>
        )}
        <ErrorBoundary name="viewer">
          <ViewerPanel />
        </ErrorBoundary>
        <Splitter mainRef={mainRef} />
        <ErrorBoundary name="results">
          <ResultsTabs />
        </ErrorBoundary>
      </main>
    </div>
  );
}
