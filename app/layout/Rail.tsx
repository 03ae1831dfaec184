/** The left rail: data in, the dataset as the engine sees it, and the parameters; it scrolls on its own. */
import { DatasetPanel } from '../panels/DatasetPanel.tsx';
import { LoadPanel } from '../panels/LoadPanel.tsx';
import { ParametersPanel } from '../panels/ParametersPanel.tsx';

export function Rail() {
  return (
    <aside id="rail" className="rail" aria-label="Data and parameters">
      <LoadPanel />
      <DatasetPanel />
      <ParametersPanel />
    </aside>
  );
}
