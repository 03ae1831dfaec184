/** Open a Neurostore studyset (as built in Neurosynth Compose) by its id or link. */
import { useState, type FormEvent } from 'react';
import { useStore } from '../store.ts';

export function NeurostorePanel() {
  const [text, setText] = useState('');
  const neurostore = useStore((s) => s.neurostore);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void useStore.getState().loadNeurostore(text);
  };
  return (
    <form className="neurostore" onSubmit={submit} aria-label="Open a Neurostore studyset">
      <label>
        Neurostore studyset (id or link)
        <span className="input-row">
          <input type="text" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. Cv2LLUqG76W9" spellCheck={false} />
          <button type="submit" disabled={neurostore.status === 'loading'}>
            Open
          </button>
        </span>
      </label>
      {neurostore.message && (
        <p data-testid="neurostore-status" role={neurostore.status === 'failed' ? 'alert' : 'status'} className={neurostore.status === 'failed' ? 'error' : 'muted'}>
          {neurostore.message}
          {neurostore.status === 'loading' && neurostore.received > 0 && ` ${(neurostore.received / 1024).toFixed(0)} KB`}
        </p>
      )}
    </form>
  );
}
