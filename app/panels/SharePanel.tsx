/** A link that rebuilds this analysis and view; its length is shown because chat tools cut long links. */
import { useState } from 'react';
import { useStore } from '../store.ts';

export function SharePanel() {
  const run = useStore((s) => s.run);
  const [link, setLink] = useState('');
  const [copied, setCopied] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  if (!run) return null;
  const make = async () => {
    let url: string;
    try {
      url = useStore.getState().shareUrl();
    } catch (err) {
      // A dataset the writers cannot hold must say so, not leave the button silent.
      setLink('');
      setFailure(`No link could be made: ${(err as Error).message}`);
      return;
    }
    setFailure(null);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied to the clipboard');
    } catch {
      setCopied('select the link below and copy it');
    }
  };
  return (
    <section aria-label="Share" className="share">
      <h2>Share</h2>
      <button type="button" onClick={() => void make()}>
        Copy share link
      </button>{' '}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {link && (
        <span data-testid="share-length">
          {link.length.toLocaleString('en')} characters{link.length > 32_000 ? ' (long: some chat tools and browsers cut links beyond about 32,000 characters)' : ''}; {copied}
        </span>
      )}
      {link && <input data-testid="share-link" aria-label="Share link" readOnly value={link} onFocus={(e) => e.target.select()} />}
      <p>
        <small>The link holds the data, parameters, seed and view; opening it reruns the same analysis on the opener’s computer.</small>
      </p>
    </section>
  );
}
