/** Analysis parameters, defaulting to NiMARE's (spec §0.4). */
import { conventionsOf, JALE_CONVENTIONS, MAX_ITERATIONS, NIMARE_CONVENTIONS, type AleParameters } from '../../workers/analysis/index.ts';
import { useEffect, useState } from 'react';
import { describeGpu } from '../engine/gpuInfo.ts';
import { NumberField, numberIn } from './NumberField.tsx';
import { useStore } from '../store.ts';

const P_VALUE = numberIn(1e-7, 0.5);
const ALPHA = numberIn(1e-4, 0.5);
const ITERATIONS = numberIn(0, MAX_ITERATIONS, true);
const SEED = numberIn(0, Number.MAX_SAFE_INTEGER, true);

export function ParametersPanel() {
  const parameters = useStore((s) => s.parameters);
  const fweAlpha = useStore((s) => s.fweAlpha);
  const running = useStore((s) => s.status === 'running');
  const { setParameters, setFweAlpha } = useStore.getState();
  // Choosing the GPU says at once what this browser offers, instead of only when a run refuses.
  const [gpuNote, setGpuNote] = useState<{ usable: boolean; text: string } | null>(null);
  useEffect(() => {
    if (parameters.engine !== 'gpu') return setGpuNote(null);
    let current = true;
    void describeGpu().then((note) => current && setGpuNote(note));
    return () => {
      current = false;
    };
  }, [parameters.engine]);
  return (
    <section aria-label="Parameters" className="panel">
      <h2>Parameters</h2>
      {running && <p className="muted small">Changes apply to the next run (Restart ALE).</p>}
      <fieldset className="parameters">
        <label>
          Cluster-forming p{' '}
          {/* The browser counts steps from min: min 0 keeps 0.001 a valid value and the arrows on round numbers; the parser holds the real bounds. */}
          <NumberField step="0.0001" min={0} max={0.5} value={parameters.clusterFormingP} parse={P_VALUE} onValue={(v) => setParameters({ clusterFormingP: v })} />
        </label>
        <label>
          FWE α{' '}
          <NumberField step="0.01" min={0} max={0.5} value={fweAlpha} parse={ALPHA} onValue={setFweAlpha} />
        </label>
        <label>
          Iterations{' '}
          <NumberField min={0} max={MAX_ITERATIONS} step={100} value={parameters.iterations} parse={ITERATIONS} onValue={(v) => setParameters({ iterations: v })} />
        </label>
        <label title="Checks at 100, 200, 400, … iterations whether every cluster's decision at α is settled (Clopper–Pearson bounds), and stops there. Off: all iterations, as NiMARE runs them.">
          <input type="checkbox" checked={parameters.stopWhenSettled !== undefined} onChange={(e) => setParameters({ stopWhenSettled: e.target.checked ? fweAlpha : undefined })} /> stop when every decision is settled
        </label>
        <label title="Threshold-free cluster enhancement as JALE computes it (Frahm et al. 2022; E 0.5, H 2, 100 levels): a TFCE map, and each Monte-Carlo iteration's largest TFCE for its voxel-level FWE. Every iteration then computes the whole ALE map, several times slower.">
          <input type="checkbox" checked={parameters.tfce === true} onChange={(e) => setParameters({ tfce: e.target.checked ? true : undefined })} /> TFCE (JALE)
        </label>
        <label title="The analytic null behind p, z and the cluster-forming threshold. NiMARE's bins every MA value down to 1e-5 and truncates each step, so its p are slightly small (its threshold at p 0.001 has a true p near 0.00106 on the inhibition example). Exact keeps the MA values unbinned; a little slower to build.">
          Analytic null{' '}
          <select
            value={parameters.nullMethod ?? 'nimare'}
            // JALE's per-iteration threshold follows JALE's null only.
            onChange={(e) => setParameters({ nullMethod: e.target.value === 'nimare' ? undefined : (e.target.value as 'exact' | 'jale'), ...(e.target.value === 'jale' ? {} : { mcThreshold: undefined }) })}
          >
            <option value="nimare">NiMARE (default)</option>
            <option value="exact">exact</option>
            <option value="jale">JALE (1e-4 bins)</option>
          </select>
        </label>
        <label title="NiMARE's Gaussian reaches ±4σ; JALE's is cut at ±⌈3.5σ⌉ and normalised over that width.">
          Kernel{' '}
          <select value={parameters.kernel ?? 'nimare'} onChange={(e) => setParameters({ kernel: e.target.value === 'jale' ? 'jale' : undefined })}>
            <option value="nimare">NiMARE (default)</option>
            <option value="jale">JALE</option>
          </select>
        </label>
        <label title="Sets mm → voxel, Talairach → MNI, the kernel and the analytic null to one tool's conventions at once.">
          Conventions{' '}
          <select value={conventionsOf(parameters)} onChange={(e) => setParameters(e.target.value === 'jale' ? JALE_CONVENTIONS : NIMARE_CONVENTIONS)}>
            <option value="nimare">NiMARE (default)</option>
            <option value="jale">JALE</option>
            <option value="mixed" disabled>
              mixed
            </option>
          </select>
        </label>
        <label title="NiMARE forms every Monte-Carlo iteration's clusters at the observed data's threshold; JALE builds each iteration's own analytic null from its random foci and forms the clusters at that null's threshold. JALE's way needs JALE's null, runs on the CPU workers and is slower.">
          <input type="checkbox" disabled={parameters.nullMethod !== 'jale'} checked={parameters.mcThreshold === 'per-iteration'} onChange={(e) => setParameters({ mcThreshold: e.target.checked ? 'per-iteration' : undefined })} /> per-iteration threshold (JALE)
        </label>
        <label>
          Seed <NumberField min={0} value={parameters.seed} parse={SEED} onValue={(v) => setParameters({ seed: v })} />
        </label>
        <label title="Auto: the GPU (WebGPU) when the browser offers one and it passes a self-check against the CPU, else the CPU workers. Every engine gives the same null for the same seed.">
          Engine{' '}
          <select value={parameters.engine ?? 'auto'} onChange={(e) => setParameters({ engine: e.target.value as NonNullable<AleParameters['engine']> })}>
            <option value="auto">auto (GPU if it checks out)</option>
            <option value="cpu">CPU workers</option>
            <option value="gpu">GPU (WebGPU)</option>
          </select>
        </label>
        {gpuNote && (
          <p className={`small ${gpuNote.usable ? 'muted' : 'warning'}`} data-testid="engine-note" role={gpuNote.usable ? undefined : 'status'}>
            {gpuNote.text}
          </p>
        )}
        <label>
          Connectivity{' '}
          <select value={parameters.connectivity} onChange={(e) => setParameters({ connectivity: Number(e.target.value) as AleParameters['connectivity'] })}>
            <option value={6}>6 (faces, NiMARE)</option>
            <option value={18}>18 (faces + edges)</option>
            <option value={26}>26 (all neighbours)</option>
          </select>
        </label>
        <label>
          mm → voxel{' '}
          <select value={parameters.snap} onChange={(e) => setParameters({ snap: e.target.value as AleParameters['snap'] })}>
            <option value="nearest">nearest (NiMARE today)</option>
            <option value="trunc">truncate (NiMARE ≤ 0.21)</option>
            <option value="ceil">round up (JALE)</option>
          </select>
        </label>
        <label>
          Talairach → MNI{' '}
          <select value={parameters.talTransform} onChange={(e) => setParameters({ talTransform: e.target.value as AleParameters['talTransform'] })}>
            <option value="other">icbm_other (Lancaster 2007)</option>
            <option value="spm">icbm_spm</option>
            <option value="fsl">icbm_fsl</option>
            <option value="jale">icbm_spm, whole mm (JALE)</option>
          </select>
        </label>
        <label>
          Foci outside the mask{' '}
          <select value={parameters.outsideMask} onChange={(e) => setParameters({ outsideMask: e.target.value as 'keep' | 'drop' })}>
            <option value="keep">keep (NiMARE)</option>
            <option value="drop">drop (GingerALE)</option>
          </select>
        </label>
      </fieldset>
    </section>
  );
}
