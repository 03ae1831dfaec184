/**
 * The results in tabs (Radix Tabs: arrow keys move between tabs, as the WAI-ARIA
 * tabs pattern asks). The panel under the tabs scrolls on its own, so the
 * viewer above stays in view.
 */
import * as Tabs from '@radix-ui/react-tabs';
import type { ReactNode } from 'react';
import { ClusterTable } from '../panels/ClusterTable.tsx';
import { ClusteringPanel } from '../panels/ClusteringPanel.tsx';
import { ProbabilisticPanel } from '../panels/ProbabilisticPanel.tsx';
import { ContrastPanel } from '../panels/ContrastPanel.tsx';
import { ClusterDiagnostics } from '../panels/ClusterDiagnostics.tsx';
import { ErrorBoundary } from '../panels/ErrorBoundary.tsx';
import { ExportPanel } from '../panels/ExportPanel.tsx';
import { MethodsPanel } from '../panels/MethodsPanel.tsx';
import { NullDistributionPanel } from '../panels/NullDistributionPanel.tsx';
import { PlaygroundPanel } from '../panels/PlaygroundPanel.tsx';
import { TourPanel } from '../panels/TourPanel.tsx';
import type { ResultsTab } from '../state/types.ts';
import { useStore } from '../store.ts';

/** The tour keeps its place while the user looks at another tab, so it stays mounted. */
const TABS: { id: ResultsTab; label: string; body: () => ReactNode; keepMounted?: true }[] = [
  { id: 'clusters', label: 'Clusters', body: () => <ClusterTable /> },
  { id: 'diagnostics', label: 'Diagnostics', body: () => <ClusterDiagnostics /> },
  { id: 'contrast', label: 'Contrast', body: () => <ContrastPanel /> },
  {
    id: 'jale',
    label: 'JALE',
    body: () => (
      <>
        <ProbabilisticPanel />
        <ClusteringPanel />
      </>
    ),
  },
  { id: 'null', label: 'Null distribution', body: () => <NullDistributionPanel /> },
  { id: 'methods', label: 'Methods', body: () => <MethodsPanel /> },
  { id: 'export', label: 'Export & share', body: () => <ExportPanel /> },
  { id: 'tour', label: 'Tour', body: () => <TourPanel />, keepMounted: true },
  { id: 'playground', label: 'Playground', body: () => <PlaygroundPanel /> },
];

export function ResultsTabs() {
  const tab = useStore((s) => s.resultsTab);
  return (
    <Tabs.Root className="results" value={tab} onValueChange={(v) => useStore.getState().setResultsTab(v as ResultsTab)}>
      <Tabs.List className="tab-list" aria-label="Results">
        {TABS.map((t) => (
          <Tabs.Trigger key={t.id} value={t.id} className="tab">
            {t.label}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {TABS.map((t) => (
        <Tabs.Content key={t.id} value={t.id} className="tab-panel" data-testid={`tab-${t.id}`} forceMount={t.keepMounted}>
          <ErrorBoundary name={t.label.toLowerCase()}>{t.body()}</ErrorBoundary>
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
