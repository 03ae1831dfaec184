/** Export & share: a link that rebuilds the analysis, and every result as a file. */
import { useStore } from '../store.ts';
import { DownloadsPanel } from './DownloadsPanel.tsx';
import { SharePanel } from './SharePanel.tsx';

export function ExportPanel() {
  const run = useStore((s) => s.run);
  if (!run) return <p className="muted">Run the analysis: its maps, tables, figures and a share link are offered here.</p>;
  return (
    <div className="export">
      <SharePanel />
      <DownloadsPanel />
    </div>
  );
}
