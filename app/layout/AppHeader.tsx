/** The header: the rail's toggle, what is loaded (and whether it is a demo), the run, and the theme. */
import { counted } from '../../workers/reports/index.ts';
import { useStore } from '../store.ts';
import type { Theme } from '../state/types.ts';
import { RunControl } from './RunControl.tsx';

const NEXT_THEME: Record<Theme, Theme> = { system: 'dark', dark: 'light', light: 'system' };
const THEME_LABEL: Record<Theme, string> = { system: 'theme: system', dark: 'theme: dark', light: 'theme: light' };

export function AppHeader() {
  const dataset = useStore((s) => s.dataset);
  const demo = useStore((s) => s.demo);
  const railOpen = useStore((s) => s.railOpen);
  const theme = useStore((s) => s.theme);
  const classMode = useStore((s) => s.classMode);
  const nFoci = dataset?.experiments.reduce((n, e) => n + e.foci.length, 0) ?? 0;
  return (
    <header className="app-header">
      <button type="button" className="icon" aria-expanded={railOpen} aria-controls="rail" onClick={() => useStore.getState().toggleRail()} title={railOpen ? 'Hide data and parameters' : 'Show data and parameters'}>
        {railOpen ? '⟨' : '☰'}
        <span className="visually-hidden">{railOpen ? 'Hide data and parameters' : 'Show data and parameters'}</span>
      </button>
      <h1>ALE</h1>
      <div className="dataset-name" data-testid="header-dataset">
        {dataset ? (
          <>
            <strong title={dataset.source}>{demo ? demo.title : dataset.source}</strong>
            <span className="muted">
              {' '}
              · {counted(dataset.experiments.length, 'experiment', 'experiments')} · {counted(nFoci, 'focus', 'foci')}
            </span>
            {demo?.kind === 'published' && <span className="badge warn" title="Neither Neurosynth nor NeuroQuery records sample sizes">N = {demo.placeholderSampleSize} placeholder</span>}
            {demo?.kind === 'simulated' && <span className="badge">simulated</span>}
          </>
        ) : (
          <span className="muted">no data loaded</span>
        )}
      </div>
      <RunControl />
      <button type="button" aria-pressed={classMode} onClick={() => useStore.getState().setClassMode(!classMode)} title="Larger type for a projector, the viewer as large as it can be; Page Down and Page Up (or → and ←) step through the Tour">
        class mode
      </button>
      <button type="button" className="icon" onClick={() => useStore.getState().setTheme(NEXT_THEME[theme])} title={THEME_LABEL[theme]} aria-label={THEME_LABEL[theme]}>
        {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
      </button>
    </header>
  );
}
