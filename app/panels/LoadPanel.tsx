/** Data in: the demos, a file (picker or dropped anywhere), pasted text, a Neurostore studyset, and the mask. */
import { useState, type ChangeEvent } from 'react';
import { DEFAULT_MASK_NAME, SHIPPED_MASKS } from '../../workers/input/index.ts';
import { useStore } from '../store.ts';
import { DemoChooser } from './DemoChooser.tsx';
import { NeurostorePanel } from './NeurostorePanel.tsx';

export async function loadDroppedFile(file: File): Promise<void> {
  useStore.getState().loadCoordinates(new Uint8Array(await file.arrayBuffer()), file.name);
}

export function LoadPanel() {
  const [pasted, setPasted] = useState('');
  const customMask = useStore((s) => s.customMask);
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) await loadDroppedFile(file);
    event.target.value = '';
  };
  const onMask = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) useStore.getState().loadMask(new Uint8Array(await file.arrayBuffer()), file.name);
    event.target.value = '';
  };
  return (
    <section aria-label="Load coordinates" className="panel">
      <h2>Data</h2>
      <DemoChooser />
      <label className="file">
        Your coordinates (Sleuth, NiMARE JSON, NIMADS, CSV/TSV)
        <input type="file" data-testid="file-input" accept=".txt,.json,.csv,.tsv,.xlsx,text/plain,application/json" onChange={onFile} />
      </label>
      <p className="muted small">…or drop a file anywhere on the page. Nothing leaves your computer.</p>
      <details>
        <summary>Paste coordinates</summary>
        <textarea aria-label="Pasted coordinates" rows={6} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder={'// Reference=MNI\n// Author 2020: contrast\n// Subjects=20\n-38 -22 56'} />
        <button type="button" disabled={pasted.trim() === ''} onClick={() => useStore.getState().loadCoordinates(pasted, 'pasted text')}>
          Load pasted text
        </button>
      </details>
      <NeurostorePanel />
      <fieldset className="mask">
        <legend>
          Analysis mask: <strong data-testid="mask-name">{customMask ? customMask.name : SHIPPED_MASKS[DEFAULT_MASK_NAME].label}</strong>
        </legend>
        <div className="button-row">
          <button type="button" onClick={() => void useStore.getState().useShippedMask('mni152')} aria-pressed={!customMask}>
            MNI152 (default, as GingerALE and NiMARE)
          </button>
          <button type="button" onClick={() => void useStore.getState().useShippedMask('colin27')} aria-pressed={customMask?.name === SHIPPED_MASKS.colin27.label}>
            Colin27 brain
          </button>
        </div>
        <label className="file">
          or your own (NIfTI on a 2 mm grid)
          <input type="file" data-testid="mask-input" accept=".nii,.gz" onChange={onMask} />
        </label>
      </fieldset>
    </section>
  );
}
