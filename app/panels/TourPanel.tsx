/**
 * A guided tour of what ALE does, step by step on the live maps: foci,
 * one experiment's kernel and modeled activation, the union, the null and
 * threshold, the surviving clusters, and (for the demo) the ground truth.
 */
import { useState } from 'react';
import { significantReports } from '../../workers/diagnostics/index.ts';
import { truthRecovery } from '../engine/tour.ts';
import { useStore } from '../store.ts';

const STEPS = ['Foci', 'Kernel', 'Union', 'Null and threshold', 'Clusters', 'Ground truth'] as const;

export function TourPanel() {
  const run = useStore((s) => s.run);
  const demo = useStore((s) => s.demo);
  const alpha = useStore((s) => s.fweAlpha);
  const [step, setStep] = useState<number | null>(null);
  const kernel = useStore((s) => s.kernelExample);
  const steps = demo ? STEPS : STEPS.slice(0, 5);

  const show = async (n: number) => {
    const s = useStore.getState();
    setStep(n);
    const view = { ale: false, z: false, clusters: false, aOverB: false, bOverA: false };
    s.setTourOverlay(null);
    s.setShowTruth(false);
    s.setShowFoci(false);
    if (!run) return;
    if (n === 0) {
      s.setShowFoci(true);
      useStore.setState({ layers: view, layout: 'render' });
    } else if (n === 1) {
      await s.loadKernelExample();
      const example = useStore.getState().kernelExample;
      if (example) {
        s.setTourOverlay({ label: `MA of ${example.id}`, data: example.map, max: example.peak });
        useStore.setState({ layers: view, layout: 'multiplanar' });
        s.goTo(example.firstFocus);
      }
    } else if (n === 2) {
      useStore.setState({ layers: { ...view, ale: true }, layout: 'multiplanar' });
    } else if (n === 3) {
      useStore.setState({ layers: { ...view, z: true }, layout: 'multiplanar', zThreshold: Math.round(run.thresholds.clusterFormingZ * 100) / 100 });
    } else if (n === 4) {
      useStore.setState({ layers: { ...view, clusters: true, z: true }, layout: 'mosaic' });
    } else if (n === 5) {
      s.setShowTruth(true);
      useStore.setState({ layers: { ...view, clusters: true }, layout: 'render' });
    }
  };

  const significant = run ? significantReports(run.reports, alpha) : [];
  const text = (n: number) => {
    if (!run) return 'Run the analysis first: the tour explains its results on the live maps.';
    switch (n) {
      case 0:
        return `Each experiment reports the peaks (foci) of its activation: ${run.summary.n_foci} foci from ${run.summary.n_experiments} experiments, shown as points coloured by experiment. ALE asks where they converge more than chance would allow.`;
      case 1:
        return kernel
          ? `Each focus is blurred by a 3-D Gaussian whose width reflects uncertainty: smaller studies are less certain, so their kernels are wider. "${kernel.id}" has ${kernel.sampleSize ?? '?'} subjects, so FWHM = ${kernel.fwhm.toFixed(1)} mm (σ = ${kernel.sigmaMm.toFixed(1)} mm). Its modeled activation (green) takes, at each voxel, the largest value of its ${kernel.nFoci} kernels (peak ${kernel.peak.toFixed(4)}), so one experiment counts once.`
          : 'Computing the modeled activation of the first experiment…';
      case 2:
        return `ALE is the union of the experiments' modeled activations: ALE = 1 − Π(1 − MA). It is high where many experiments agree. Here the peak ALE is ${run.summary.clusters[0]?.peak_ale.toFixed(4) ?? '—'}.`;
      case 3:
        return `Under the null, the experiments' activations fall anywhere in the brain. The analytic null of ALE gives each voxel a p-value; voxels with p < ${run.summary.parameters.clusterFormingP} (ALE > ${run.summary.cluster_forming_threshold}, z > ${run.thresholds.clusterFormingZ.toFixed(2)}) form clusters. The histogram shows the largest null cluster in each Monte-Carlo dataset.`;
      case 4:
        return `Clusters larger than 95 % of the largest null clusters survive family-wise error correction: ${significant.length} here, in ${[...new Set(significant.map((r) => r.system))].join(', ') || 'no system'}. Click a row of the table to visit one and see which experiments drive it.`;
      default: {
        if (!demo) return '';
        const recovered = truthRecovery(run, demo.groundTruth, alpha);
        const found = recovered.filter((r) => r.cluster !== null);
        return `The demo was simulated around a known network (green spheres). ALE recovered ${found.length} of ${recovered.length} nodes: ${found.map((r) => `${r.node.name} (cluster ${r.cluster})`).join(', ') || 'none'}. Missed: ${recovered.filter((r) => r.cluster === null).map((r) => r.node.name).join(', ') || 'none'} — nodes reported by few experiments are hard to detect.`;
      }
    }
  };

  return (
    <section aria-label="Guided tour" className="tour" data-testid="tour">
      <h2>Guided tour: what ALE does</h2>
      <div className="buttons">
        {steps.map((title, n) => (
          <button key={title} type="button" aria-pressed={step === n} onClick={() => void show(n)}>
            {n + 1}. {title}
          </button>
        ))}
        {step !== null && (
          <button
            type="button"
            onClick={() => {
              setStep(null);
              useStore.getState().setTourOverlay(null);
              useStore.getState().setShowTruth(false);
              useStore.setState({ layers: { ale: false, z: true, clusters: true, aOverB: true, bOverA: true }, layout: 'multiplanar' });
            }}
          >
            end tour
          </button>
        )}
      </div>
      {step !== null && <p data-testid="tour-text">{text(step)}</p>}
    </section>
  );
}
