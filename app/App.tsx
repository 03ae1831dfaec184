/**
 * The page: load coordinates, set parameters, run ALE in the browser's
 * workers, and explore the clusters over the template brain.
 */
import { useEffect, type DragEvent } from 'react';
import { ClusterTable } from './panels/ClusterTable.tsx';
import { ContrastPanel } from './panels/ContrastPanel.tsx';
import { DatasetPanel } from './panels/DatasetPanel.tsx';
import { loadDroppedFile, LoadPanel } from './panels/LoadPanel.tsx';
import { NullHistogram } from './panels/NullHistogram.tsx';
import { ParametersPanel } from './panels/ParametersPanel.tsx';
import { RunPanel } from './panels/RunPanel.tsx';
import { ViewerPanel } from './panels/ViewerPanel.tsx';
import { useStore } from './store.ts';

export function App() {
  // ?data=URL loads a coordinate file from a URL the user gave.
  useEffect(() => {
    const url = new URLSearchParams(window.location.search).get('data');
    if (url) void useStore.getState().loadFromUrl(url);
  }, []);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) void loadDroppedFile(file);
  };
  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header>
        <h1>ALE meta-analysis</h1>
        <p>Activation likelihood estimation of published peak coordinates. Everything runs in this page; no data leave your computer.</p>
      </header>
      <div className="columns">
        <div className="controls">
          <LoadPanel />
          <DatasetPanel />
          <ParametersPanel />
          <RunPanel />
          <NullHistogram />
        </div>
        <div className="results">
          <ViewerPanel />
        </div>
      </div>
      <ClusterTable />
      <ContrastPanel />
    </div>
  );
}
