/**
 * A guided tour of what ALE does, step by step on the live maps: foci,
 * one experiment's kernel and modeled activation, the union, the null and
 * threshold, the surviving clusters, the motor network (M1, SMA, putamen,
 * cerebellum) and, for the simulated demo, the ground truth.
 */
import { useEffect, useRef, useState } from 'react';
import { regionAt, significantReports } from '../../workers/diagnostics/index.ts';
import { atStop, clusterStops, networkStops, peakAle, truthRecovery, type NetworkStop } from '../engine/tour.ts';
import { DEFAULT_LAYERS } from '../state/viewerSlice.ts';
import { useStore } from '../store.ts';

const STEPS = ['Foci', 'Kernel', 'Union', 'Null and threshold', 'Clusters', 'Network', 'Ground truth'] as const;
const HIDDEN = { ale: false, z: false, clusters: false, aOverB: false, bOverA: false, conjunction: false, atlas: false, tfce: false };

export function TourPanel() {
  const run = useStore((s) => s.run);
  const demo = useStore((s) => s.demo);
  const atlas = useStore((s) => s.atlas);
  const alpha = useStore((s) => s.fweAlpha);
  const [step, setStep] = useState<number | null>(null);
  const [stop, setStop] = useState<NetworkStop | null>(null);
  const kernel = useStore((s) => s.kernelExample);
  const truth = demo?.kind === 'simulated' ? demo.groundTruth : null;
  // The motor network is the story of the motor demos only; other data visit their own largest clusters.
  const motor = demo !== null;
  const steps = (truth ? STEPS : STEPS.slice(0, 6)).map((title) => (title === 'Network' && !motor ? 'Largest clusters' : title));
  const stops = motor || !run ? networkStops(truth) : clusterStops(run, alpha, (mni) => (atlas ? regionAt(atlas, mni) : null));
  const placeholder = demo?.kind === 'published' ? demo.placeholderSampleSize : null;

  const visit = (target: NetworkStop) => {
    if (!run) return;
    setStop(target);
    useStore.setState({ layers: { ...HIDDEN, z: true, clusters: true }, layout: 'multiplanar', selectedCluster: atStop(run, target.mni, alpha).cluster });
    useStore.getState().goTo(target.mni);
  };

  const show = async (n: number) => {
    const s = useStore.getState();
    setStep(n);
    setStop(null);
    s.setTourOverlay(null);
    s.setShowTruth(false);
    s.setShowFoci(false);
    if (!run) return;
    if (n === 0) {
      s.setShowFoci(true);
      // Slices, not the 3-D render: thousands of foci as 3-D meshes stall a software-rendered page.
      useStore.setState({ layers: HIDDEN, layout: 'multiplanar' });
    } else if (n === 1) {
      await s.loadKernelExample();
      const example = useStore.getState().kernelExample;
      if (example) {
        s.setTourOverlay({ label: `MA of ${example.id}`, data: example.map, max: example.peak });
        useStore.setState({ layers: HIDDEN, layout: 'multiplanar' });
        s.goTo(example.firstFocus);
      }
    } else if (n === 2) {
      useStore.setState({ layers: { ...HIDDEN, ale: true }, layout: 'multiplanar' });
    } else if (n === 3) {
      useStore.setState({ layers: { ...HIDDEN, z: true }, layout: 'multiplanar', zThreshold: Math.round(run.thresholds.clusterFormingZ * 100) / 100 });
    } else if (n === 4) {
      useStore.setState({ layers: { ...HIDDEN, clusters: true, z: true }, layout: 'mosaic' });
    } else if (n === 5) {
      visit(stops[0]);
    } else if (n === 6) {
      s.setShowTruth(true);
      useStore.setState({ layers: { ...HIDDEN, clusters: true }, layout: 'render' });
    }
  };

  // In class mode a presenter's clicker (Page Down / Page Up) or the arrow keys step through the tour.
  const classMode = useStore((s) => s.classMode);
  const latest = useRef({ step, show, count: steps.length });
  latest.current = { step, show, count: steps.length };
  useEffect(() => {
    if (!classMode) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, [role="tab"], [role="tablist"], canvas')) return;
      const forward = event.key === 'PageDown' || event.key === 'ArrowRight';
      const back = event.key === 'PageUp' || event.key === 'ArrowLeft';
      if (!forward && !back) return;
      event.preventDefault();
      const { step: at, show: go, count } = latest.current;
      useStore.getState().setResultsTab('tour');
      const next = at === null ? 0 : Math.min(count - 1, Math.max(0, at + (forward ? 1 : -1)));
      if (next !== at) void go(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [classMode]);

  const significant = run ? significantReports(run.reports, alpha) : [];
  const stopText = (target: NetworkStop) => {
    if (!run) return '';
    const at = atStop(run, target.mni, alpha);
    const region = atlas ? regionAt(atlas, target.mni) : null;
    return `${target.name} at MNI (${target.mni.join(', ')})${region ? `, AAL ${region}` : ''}: Z = ${at.z?.toFixed(2) ?? '—'}, ${at.cluster !== null ? `inside significant cluster ${at.cluster} (highlighted)` : 'in no significant cluster'}.`;
  };
  const text = (n: number) => {
    if (!run) return 'Run the analysis first: the tour explains its results on the live maps.';
    switch (n) {
      case 0:
        return `Each experiment reports the peaks (foci) of its activation: ${run.summary.n_foci} foci from ${run.summary.n_experiments} experiments, shown as points coloured by experiment. ALE asks where they converge more than chance would allow.`;
      case 1:
        return kernel
          ? `Each focus is blurred by a 3-D Gaussian whose width reflects uncertainty: smaller studies are less certain, so their kernels are wider. "${kernel.id}" ${placeholder !== null ? `is given the placeholder N = ${placeholder} (its real N is not in the data)` : `has ${kernel.sampleSize ?? '?'} subjects`}, so FWHM = ${kernel.fwhm.toFixed(1)} mm (σ = ${kernel.sigmaMm.toFixed(1)} mm). Its modeled activation (green) takes, at each voxel, the largest value of its ${kernel.nFoci} kernels (peak ${kernel.peak.toFixed(4)}), so one experiment counts once.`
          : 'Computing the modeled activation of the first experiment…';
      case 2:
        return `ALE is the union of the experiments' modeled activations: ALE = 1 − Π(1 − MA). It is high where many experiments agree. Here the largest ALE is ${peakAle(run).toFixed(4)}.`;
      case 3:
        return `Under the null, the experiments' activations fall anywhere in the brain. The analytic null of ALE gives each voxel a p-value; voxels with p < ${run.summary.parameters.clusterFormingP} (ALE > ${run.summary.cluster_forming_threshold}, z > ${run.thresholds.clusterFormingZ.toFixed(2)}) form clusters. The Null distribution tab shows the largest null cluster in each Monte-Carlo dataset.`;
      case 4:
        return `Clusters larger than ${Math.round(100 * (1 - alpha))} % of the largest null clusters survive family-wise error correction: ${significant.length} here, in ${[...new Set(significant.map((r) => r.system))].join(', ') || 'no system'}. Click a row of the Clusters table to visit one and see which experiments drive it.`;
      case 5:
        if (!motor) return stops.length === 0 ? `No cluster is significant at α = ${alpha}, so there is nothing to visit.` : `Visit the largest significant clusters: ${stop ? stopText(stop) : ''}`;
        return `Early motor sequence learning engages a cortico-basal ganglia-cerebellar network. Visit its nodes: ${stop ? stopText(stop) : ''}`;
      default: {
        if (!truth) return '';
        const recovered = truthRecovery(run, truth, alpha);
        const found = recovered.filter((r) => r.cluster !== null);
        return `The demo was simulated around a known network (green spheres). ALE recovered ${found.length} of ${recovered.length} nodes: ${found.map((r) => `${r.node.name} (cluster ${r.cluster})`).join(', ') || 'none'}. Missed: ${recovered.filter((r) => r.cluster === null).map((r) => r.node.name).join(', ') || 'none'} — nodes reported by few experiments are hard to detect.`;
      }
    }
  };

  return (
    <section aria-label="Guided tour" className="tour" data-testid="tour">
      <p className="muted">{truth ? 'What ALE does, on the simulated data whose truth is known.' : 'What ALE does, on the loaded data. The simulated demo (Data, in the rail) adds a step comparing the result with the truth.'}</p>
      <div className="button-row">
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
              setStop(null);
              useStore.getState().setTourOverlay(null);
              useStore.getState().setShowTruth(false);
              useStore.setState({ layers: { ...DEFAULT_LAYERS }, layout: 'multiplanar' });
            }}
          >
            end tour
          </button>
        )}
      </div>
      {step === 5 && run && (
        <div className="button-row" role="group" aria-label="Network nodes">
          {stops.map((target) => (
            <button key={target.key} type="button" aria-pressed={stop?.key === target.key} onClick={() => visit(target)}>
              {target.key}
            </button>
          ))}
        </div>
      )}
      {step !== null && <p data-testid="tour-text">{text(step)}</p>}
    </section>
  );
}
