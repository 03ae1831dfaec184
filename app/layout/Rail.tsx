/** The left rail: data in, the dataset as the engine sees it, and the parameters; it scrolls on its own. */
import { DatasetPanel } from '../panels/DatasetPanel.tsx';
import { LoadPanel } from '../panels/LoadPanel.tsx';
import { ParametersPanel } from '../panels/ParametersPanel.tsx';

export function Rail() {
  return (
    <aside id="rail" className="rail" aria-label="Data and parameters">
      <details className="about-ale" data-testid="about-ale">
        <summary>What is ALE?</summary>
        <p>
          Activation likelihood estimation is a meta-analysis of brain-imaging studies that reported only the peaks (foci) of their results. Each focus becomes a 3-D
          Gaussian whose width reflects the study's uncertainty (fewer subjects, wider); each experiment's map keeps the largest value at every voxel; ALE is their
          union, high where many experiments report nearby foci. Comparing it with what randomly placed foci would give (the null) says where the experiments
          converge more than chance, and a Monte Carlo corrects for looking at every voxel (Eickhoff et al. 2009, 2012). The Tour walks through it on the loaded
          data; the Playground lets you build a small one by hand.
        </p>
      </details>
      <LoadPanel />
      <DatasetPanel />
      <ParametersPanel />
    </aside>
  );
}
