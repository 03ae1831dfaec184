/**
 * A methods-and-results report for a paper or a class: what was analysed,
 * how, with which settings, what came out, and what to cite. One document
 * model, rendered as Markdown and as standalone HTML.
 */
import { significantReports, type ClusterReport } from '../diagnostics/clusterReport.ts';
import { fweCutoff, type Inference } from '../inference/fwe.ts';
import { formatFweP } from './formatP.ts';
import { counted, engineInWords } from './wording.ts';
import type { buildSummary } from './summary.ts';

type Summary = ReturnType<typeof buildSummary>;

export interface Section {
  heading: string;
  paragraphs: string[];
  table?: { header: string[]; rows: string[][] };
  list?: string[];
}

export interface ReportContext {
  summary: Summary;
  reports: ClusterReport[];
  alpha: number;
  maskDescription: string;
  date: string;
  /** What to cite for where the data came from (e.g. the databases of a demo). */
  dataCitations?: string[];
  /** The N every experiment was given because the real ones are unknown. */
  placeholderSampleSize?: number;
  /** Which FWE p decided significance; TFCE only for runs that computed it. */
  inference?: Inference;
}

const TFCE_REFERENCES = [
  'Smith SM, Nichols TE (2009). Threshold-free cluster enhancement: addressing problems of smoothing, threshold dependence and localisation in cluster inference. NeuroImage 44:83–98.',
  'Frahm L, Cieslik EC, Hoffstaedter F, Satterthwaite TD, Fox PT, Langner R, Eickhoff SB (2022). Evaluation of thresholding methods for activation likelihood estimation meta-analysis via large-scale simulations. Human Brain Mapping 43:3987–3997.',
];

const REFERENCES = [
  'Eickhoff SB, Laird AR, Grefkes C, Wang LE, Zilles K, Fox PT (2009). Coordinate-based activation likelihood estimation meta-analysis of neuroimaging data: a random-effects approach based on empirical estimates of spatial uncertainty. Human Brain Mapping 30:2907–2926.',
  'Eickhoff SB, Bzdok D, Laird AR, Kurth F, Fox PT (2012). Activation likelihood estimation meta-analysis revisited. NeuroImage 59:2349–2361.',
  'Turkeltaub PE, Eickhoff SB, Laird AR, Fox M, Wiener M, Fox P (2012). Minimizing within-experiment and within-group effects in activation likelihood estimation meta-analyses. Human Brain Mapping 33:1–13.',
  'Eickhoff SB, Nichols TE, Laird AR, Hoffstaedter F, Amunts K, Fox PT, Bzdok D, Eickhoff CR (2016). Behavior, sensitivity, and power of activation likelihood estimation characterized by massive empirical simulation. NeuroImage 137:70–85.',
  'Lancaster JL, Tordesillas-Gutiérrez D, Martinez M, Salinas F, Evans A, Zilles K, Mazziotta JC, Fox PT (2007). Bias between MNI and Talairach coordinates analyzed using the ICBM-152 brain template. Human Brain Mapping 28:1194–1205.',
  'Salo T, Yarkoni T, Nichols TE, Poline J-B, Kent JD, Gorgolewski KJ, Glerean E, Bottenhorn KL, Bilgel M, Wright J, Reeders P, Kimble M, Nielson DM, Laird AR (2023). NiMARE: Neuroimaging Meta-Analysis Research Environment. Aperture Neuro 3:1–32.',
  'Tzourio-Mazoyer N, Landeau B, Papathanassiou D, Crivello F, Etard O, Delcroix N, Mazoyer B, Joliot M (2002). Automated anatomical labeling of activations in SPM using a macroscopic anatomical parcellation of the MNI MRI single-subject brain. NeuroImage 15:273–289.',
];

const TRANSFORMS: Record<string, string> = { other: 'icbm_other (Lancaster et al. 2007)', spm: 'icbm_spm (Lancaster et al. 2007)', fsl: 'icbm_fsl (Lancaster et al. 2007)', jale: 'icbm_spm (Lancaster et al. 2007)' };
const SNAPS: Record<string, string> = { nearest: 'nearest voxel', trunc: 'voxel obtained by truncating the voxel coordinates', ceil: 'voxel obtained by rounding the voxel coordinates up (as JALE does)' };

/** `text` escapes what came from the user (file names, the mask's name) for the format being written. */
function sections(ctx: ReportContext, text: (userText: string) => string): Section[] {
  const s = ctx.summary;
  const p = s.parameters;
  const fwe = p.iterations > 0;
  // Reports written from older summaries have no null arrays at all.
  const tfceNull = s.null?.max_tfce;
  const tfce = fwe && tfceNull !== undefined && tfceNull.length > 0;
  const inference: Inference = tfce && ctx.inference === 'tfce' ? 'tfce' : 'size';
  const significant = significantReports(ctx.reports, ctx.alpha, inference);
  const decidedBy = inference === 'tfce' ? 'TFCE FWE p of the cluster’s largest TFCE' : 'cluster-size FWE p';
  const fwhm = s.kernel_fwhm_mm.min === s.kernel_fwhm_mm.max ? `${s.kernel_fwhm_mm.min.toFixed(2)} mm` : `${s.kernel_fwhm_mm.min.toFixed(2)}–${s.kernel_fwhm_mm.max.toFixed(2)} mm`;
  return [
    {
      heading: 'Data',
      paragraphs: [
        (ctx.placeholderSampleSize === undefined
          ? `The meta-analysis included ${counted(s.n_experiments, 'experiment', 'experiments')} reporting ${counted(s.n_foci, 'focus', 'foci')} from ${counted(s.n_subjects, 'subject', 'subjects')} (source: ${text(s.input)}).`
          : `The meta-analysis included ${counted(s.n_experiments, 'experiment', 'experiments')} reporting ${counted(s.n_foci, 'focus', 'foci')} (source: ${text(s.input)}). Their sample sizes were not known; every experiment was given a placeholder N = ${ctx.placeholderSampleSize}, so the kernel widths, and the maps, are approximate.`) +
          (s.n_foci_talairach > 0 ? ` ${counted(s.n_foci_talairach, 'focus', 'foci')} reported in Talairach space ${s.n_foci_talairach === 1 ? 'was' : 'were'} converted to MNI space with the ${TRANSFORMS[p.talTransform]} transform${p.talTransform === 'jale' ? ' and rounded to whole mm, as in JALE' : ''}.` : '') +
          ((s.n_foci_space_assumed ?? 0) > 0 ? ` ${counted(s.n_foci_space_assumed, 'focus', 'foci')} came without a recognised space and ${s.n_foci_space_assumed === 1 ? 'was' : 'were'} used as MNI coordinates, untransformed (as NiMARE does).` : s.n_foci_talairach > 0 ? '' : ' All foci were reported in MNI space.') +
          ` ${counted(s.n_foci_outside_mask, 'focus', 'foci')} fell outside the analysis mask and ${s.n_foci_outside_mask === 1 ? 'was' : 'were'} ${p.outsideMask === 'keep' ? 'kept, so that their kernels still contributed inside the mask (as in NiMARE)' : 'excluded (as in GingerALE)'}.`,
      ],
    },
    {
      heading: 'Method',
      paragraphs: [
        `Activation likelihood estimation (ALE; Eickhoff et al. 2009, 2012) was computed with ${s.software} on the ${s.n_mask_voxels.toLocaleString('en')}-voxel 2 mm mask (${text(ctx.maskDescription)}). Foci were assigned to the ${SNAPS[p.snap]}. Each experiment's foci were modelled as 3-D Gaussian probability distributions whose width reflects the experiment's sample size (FWHM ${fwhm}; Eickhoff et al. 2009${p.kernel === 'jale' ? '; sampled to ±⌈3.5σ⌉ voxels and normalised over that width, as in JALE' : ''}), and an experiment's modelled activation map took the voxelwise maximum over its foci (Turkeltaub et al. 2012). The ALE map is the voxelwise union of the modelled activation maps.`,
        `Uncorrected p-values came from the analytic null distribution of ALE (Eickhoff et al. 2012), ${
          p.nullMethod === 'exact'
            ? 'computed without binning the modelled activation values: the distribution of their union was built on a 10⁻⁵ grid, each combined value split between its two neighbouring grid points so that its mean was kept, and p = P(ALE ≥ observed ALE) read at a resolution of 10⁻⁶ (NiMARE’s binned null, Salo et al. 2023, gives slightly smaller p)'
            : p.nullMethod === 'jale'
              ? 'computed as in JALE: modelled activation values binned to the nearest 10⁻⁴, each convolution step rounded to a bin, p read at the ALE rounded to 10⁻⁴ and never below machine precision'
              : 'computed as in NiMARE (Salo et al. 2023)'
        }. Clusters were formed at p < ${p.clusterFormingP} (ALE > ${s.cluster_forming_threshold}) with ${p.connectivity}-connectivity.` +
          (fwe
            ? ` Cluster-level family-wise error was controlled at α = ${ctx.alpha} by cluster size, against the distribution of the largest cluster in ${s.monte_carlo.iterations_run.toLocaleString('en')} Monte-Carlo datasets with randomly relocated foci (seed ${p.seed})${
              p.mcThreshold === 'per-iteration' ? `, each dataset’s clusters formed at p < ${p.clusterFormingP} on its own analytic null, as JALE does` : ''
            }.` +
              (s.monte_carlo.stopped_when_settled
                ? ` The Monte Carlo was stopped early (${s.monte_carlo.iterations_run.toLocaleString('en')} of ${p.iterations.toLocaleString('en')} requested iterations) at the first checkpoint (100, 200, 400, … iterations) at which every cluster's decision at α = ${p.stopWhenSettled} was settled: the Clopper–Pearson interval of its cluster-size FWE p at 99.95 % per side (99.9 % two-sided) lay entirely below or above α. At each look the chance that a cluster's decision is settled on the wrong side of α is at most 0.05 %, so at most 0.05 % times the number of looks per cluster (a union bound across clusters).`
                : '') +
              (s.monte_carlo.engine ? ` The iterations ran ${engineInWords(s.monte_carlo.engine)}; every engine gives the same null for the same seed.` : '') +
              (tfce
                ? ` Threshold-free cluster enhancement (TFCE; Smith and Nichols 2009) was computed on the z map as JALE applies it to ALE (Frahm et al. 2022): 100 levels from 0 to the largest z, 6-connectivity, E = 0.5 and H = 2 with cluster extents in voxels. Its voxel-level family-wise error was controlled at α = ${ctx.alpha} against the largest TFCE of each Monte-Carlo dataset (cut-off TFCE ≥ ${fweCutoff(tfceNull, ctx.alpha).toPrecision(4)}).` +
                  (inference === 'tfce' ? ' Clusters are reported as significant when their largest TFCE is.' : ' Clusters are reported as significant by their size; their TFCE FWE p is given alongside.')
                : '')
            : ' No Monte-Carlo correction was run, so the clusters are uncorrected.'),
      ],
    },
    {
      heading: 'Results',
      paragraphs: [
        fwe
          ? `${significant.length} cluster(s) were significant (${decidedBy} < ${ctx.alpha}) out of ${ctx.reports.length} clusters above the cluster-forming threshold.`
          : `${ctx.reports.length} cluster(s) exceeded the cluster-forming threshold (uncorrected).`,
        'Anatomical labels are from the AAL atlas (Tzourio-Mazoyer et al. 2002) on the Colin27 template.',
      ],
      table: {
        header: ['Cluster', 'x', 'y', 'z', 'Volume (mm³)', 'Peak ALE', 'Peak Z', 'p (FWE, size)', ...(tfce ? ['p (FWE, TFCE)'] : []), 'Region at peak'],
        rows: significant.map((r) => [
          String(r.id),
          ...r.cluster.peak.xyz.map(String),
          String(r.cluster.sizeMm3),
          r.cluster.peak.ale.toFixed(4),
          r.cluster.peak.z.toFixed(2),
          formatFweP(r.pFweSize, s.monte_carlo.iterations_run),
          ...(tfce ? [formatFweP(r.pFweTfce, s.monte_carlo.iterations_run)] : []),
          r.peakRegion ?? 'unlabelled',
        ]),
      },
    },
    { heading: 'References', paragraphs: [], list: [...REFERENCES, ...(tfce ? TFCE_REFERENCES : []), ...(ctx.dataCitations ?? []).map(text)] },
  ];
}

/** The report's sections as plain text, for renderers that escape on their own (the app's Methods tab). */
export function methodsSections(ctx: ReportContext): Section[] {
  return sections(ctx, (t) => t);
}

/** User text inside Markdown: no raw HTML, no emphasis, links or code from file names. */
const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]()#+!|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`)).replace(/[\r\n]+/g, ' ');

export function methodsMarkdown(ctx: ReportContext): string {
  const out = [`# Activation likelihood estimation: methods and results`, '', `Report generated on ${ctx.date}.`, ''];
  for (const section of sections(ctx, escapeMarkdown)) {
    out.push(`## ${section.heading}`, '');
    for (const paragraph of section.paragraphs) out.push(paragraph, '');
    if (section.table) {
      out.push(`| ${section.table.header.join(' | ')} |`, `| ${section.table.header.map(() => '---').join(' | ')} |`);
      for (const row of section.table.rows) out.push(`| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
      out.push('');
    }
    if (section.list) {
      for (const item of section.list) out.push(`- ${item}`);
      out.push('');
    }
  }
  return out.join('\n');
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

export function methodsHtml(ctx: ReportContext): string {
  const body: string[] = [`<h1>Activation likelihood estimation: methods and results</h1>`, `<p>Report generated on ${escapeHtml(ctx.date)}.</p>`];
  // The HTML renderer escapes every paragraph whole.
  for (const section of sections(ctx, (t) => t)) {
    body.push(`<h2>${escapeHtml(section.heading)}</h2>`);
    for (const paragraph of section.paragraphs) body.push(`<p>${escapeHtml(paragraph)}</p>`);
    if (section.table) {
      body.push('<table>', `<thead><tr>${section.table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`, '<tbody>');
      for (const row of section.table.rows) body.push(`<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
      body.push('</tbody>', '</table>');
    }
    if (section.list) body.push(`<ul>${section.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`);
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>ALE methods and results</title><style>body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;line-height:1.5}table{border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:2px 8px;text-align:left}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
