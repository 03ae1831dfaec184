/** Copies text to the clipboard and says whether it worked (browsers refuse without a user gesture or permission). */
import { useState } from 'react';

export function CopyButton({ label, text }: { label: string; text: () => string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text());
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2500);
  };
  return (
    <button type="button" onClick={() => void copy()} data-testid="copy-button">
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy refused by the browser' : label}
    </button>
  );
}
