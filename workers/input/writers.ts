/**
 * The dataset back out, in every format the gate reads, so an analysis can be
 * moved between tools: Sleuth (GingerALE), NiMARE JSON, NIMADS (NiMARE and
 * Neurostore) and a table (one focus per row). Writers are lossless where the
 * format can hold the data: ids (hence the analysis order), foci, spaces and
 * sample sizes come back the same. Where it cannot (Sleuth has one space per
 * file, NiMARE JSON one per experiment), the writer converts exactly as the
 * analysis would and says so in its notes. Each writer reads its output back
 * through the gate and refuses to return a file that would not.
 */
import Papa from 'papaparse';
import { talToMni, type TalTransform } from '../core/coordinates.ts';
import { compareCodePoints, experimentId, type Dataset, type Experiment, type Focus } from './dataset.ts';
import { parseCoordinates } from './parseCoordinates.ts';
import { splitStudyContrast } from './sleuth.ts';

export class WriteError extends Error {}

export type DatasetFormat = 'sleuth' | 'nimare-json' | 'nimads' | 'tsv';

export const DATASET_FORMATS: readonly DatasetFormat[] = ['sleuth', 'nimare-json', 'nimads', 'tsv'];

export interface WrittenDataset {
  text: string;
  /** What the format could not hold and how it was converted. */
  notes: string[];
}

/** Shortest decimal that reads back as the same double. */
const num = (v: number) => String(v);

/** Foci in MNI: Talairach ones converted with the transform the analysis uses. */
function inMni(foci: readonly Focus[], transform: TalTransform): Focus[] {
  return foci.map((f) => {
    if (f.space === 'MNI') return f;
    const [x, y, z] = talToMni(f.x, f.y, f.z, transform);
    return { ...f, x, y, z, space: 'MNI' as const };
  });
}

/** Study and contrast keys whose experimentId() is the experiment's id. */
function keysOf(e: Experiment): [string, string] {
  if (experimentId(e.study, e.contrast) === e.id) return [e.study, e.contrast];
  if (e.id.startsWith(`${e.study}-`)) return [e.study, e.id.slice(e.study.length + 1)];
  return [e.id, ''];
}

function sleuth(dataset: Dataset, transform: TalTransform): WrittenDataset {
  const notes: string[] = [];
  const spaces = new Set(dataset.experiments.flatMap((e) => e.foci.map((f) => f.space)));
  const allTal = spaces.size === 1 && spaces.has('TAL');
  if (spaces.size > 1) notes.push(`a Sleuth file holds one space: the Talairach foci were converted to MNI with icbm_${transform} (Lancaster et al. 2007), as the analysis converts them`);
  const blocks = dataset.experiments.map((e) => {
    if (e.sampleSize === null) throw new WriteError(`experiment "${e.id}" has no sample size, which a Sleuth file requires; save as NIMADS, NiMARE JSON or TSV instead`);
    const name = nameFor(e);
    const foci = allTal ? e.foci : inMni(e.foci, transform);
    return [`// ${name}`, `// Subjects=${num(e.sampleSize)}`, ...foci.map((f) => `${num(f.x)}\t${num(f.y)}\t${num(f.z)}`)].join('\n');
  });
  return { text: `// Reference=${allTal ? 'Talairach' : 'MNI'}\n${blocks.join('\n\n')}\n`, notes };
}

/** A Sleuth header from which NiMARE's naming rule gives back the experiment's id. */
function nameFor(e: Experiment): string {
  const [study, contrast] = keysOf(e);
  for (const name of [`${study}: ${contrast}`, `${e.id}:`]) {
    const parts = splitStudyContrast(name);
    if (!/[\r\n]/.test(name) && experimentId(parts.study, parts.contrast) === e.id) return name;
  }
  throw new WriteError(`experiment "${e.id}" has a name a Sleuth header cannot keep (":" or ";" in it, a line break, or spaces at its ends); save as NIMADS, NiMARE JSON or TSV instead`);
}

function nimareJson(dataset: Dataset, transform: TalTransform): WrittenDataset {
  const notes: string[] = [];
  // Plain maps (no prototype), so a study named "constructor" or "__proto__" is just a key.
  const studies: Record<string, { contrasts: Record<string, unknown> }> = Object.create(null);
  let converted = 0;
  for (const e of dataset.experiments) {
    const [studyKey, contrastKey] = keysOf(e);
    const mixed = new Set(e.foci.map((f) => f.space)).size > 1;
    if (mixed) converted++;
    const foci = mixed ? inMni(e.foci, transform) : e.foci;
    studies[studyKey] ??= { contrasts: Object.create(null) };
    studies[studyKey].contrasts[contrastKey] = {
      coords: { space: foci[0]?.space === 'TAL' ? 'TAL' : 'MNI', x: foci.map((f) => f.x), y: foci.map((f) => f.y), z: foci.map((f) => f.z) },
      metadata: e.sampleSize === null ? {} : { sample_sizes: [e.sampleSize] },
    };
  }
  if (converted > 0) notes.push(`NiMARE JSON holds one space per experiment: in ${converted} experiment(s) with MNI and Talairach foci, the Talairach ones were converted to MNI with icbm_${transform}`);
  return { text: `${JSON.stringify(studies, null, 1)}\n`, notes };
}

function nimads(dataset: Dataset): WrittenDataset {
  const studies = new Map<string, { id: string; name: string; authors?: string; year?: number; analyses: unknown[] }>();
  for (const e of dataset.experiments) {
    const [studyKey, contrastKey] = keysOf(e);
    const { authors, year } = e.attributes ?? {};
    if (!studies.has(studyKey)) studies.set(studyKey, { id: studyKey, name: e.study, ...(authors ? { authors } : {}), ...(year ? { year: Number(year) } : {}), analyses: [] });
    studies.get(studyKey)?.analyses.push({
      id: contrastKey,
      name: e.contrast,
      metadata: e.sampleSize === null ? {} : { sample_sizes: [e.sampleSize] },
      points: e.foci.map((f) => ({ coordinates: [f.x, f.y, f.z], space: f.space })),
    });
  }
  return { text: `${JSON.stringify({ id: dataset.source, name: dataset.source, studies: [...studies.values()] }, null, 1)}\n`, notes: [] };
}

function tsv(dataset: Dataset): WrittenDataset {
  const columns = [...new Set(dataset.experiments.flatMap((e) => Object.keys(e.attributes ?? {})))].filter((c) => !['experiment', 'x', 'y', 'z', 'n', 'space'].includes(c));
  const rows = dataset.experiments.flatMap((e) =>
    e.foci.map((f) => [e.id, num(f.x), num(f.y), num(f.z), e.sampleSize === null ? '' : num(e.sampleSize), f.space, ...columns.map((c) => e.attributes?.[c] ?? '')]),
  );
  return { text: `${Papa.unparse({ fields: ['experiment', 'x', 'y', 'z', 'n', 'space', ...columns], data: rows }, { delimiter: '\t', newline: '\n', quotes: false })}\n`, notes: [] };
}

/** The experiments as the analysis sees them: ids in order, sample sizes, foci in MNI. */
function canonical(dataset: Dataset, transform: TalTransform): string {
  const experiments = [...dataset.experiments].sort((a, b) => compareCodePoints(a.id, b.id));
  return JSON.stringify(experiments.map((e) => [e.id, e.sampleSize, inMni(e.foci, transform).map((f) => [f.x, f.y, f.z])]));
}

export function writeDataset(dataset: Dataset, format: DatasetFormat, transform: TalTransform = 'other'): WrittenDataset {
  const written = format === 'sleuth' ? sleuth(dataset, transform) : format === 'nimare-json' ? nimareJson(dataset, transform) : format === 'nimads' ? nimads(dataset) : tsv(dataset);
  const back = parseCoordinates(written.text, `written ${format}`);
  if (!back.ok) throw new WriteError(`the ${format} file would not read back: ${back.errors[0]?.message}`);
  if (canonical(back.dataset, transform) !== canonical(dataset, transform)) throw new WriteError(`the ${format} file would not read back as the same experiments; save in another format`);
  return written;
}

/**
 * A file name stem for a dataset's downloads: its source's base name without
 * the suffixes the writers add (".sleuth.txt", "_nimads.json", …), so saving
 * "x.sleuth.txt" again gives "x.sleuth.txt", not "x.sleuth.sleuth.txt"; a
 * spreadsheet analysis ("experiment_info.xlsx: highCondition") keeps its name.
 */
export function datasetStem(source: string): string {
  const [path, analysis] = source.split(/: (.*)/s);
  const base = path.replace(/^.*[\\/]/, '').replace(/(_nimare|_nimads)?\.json$|(\.sleuth)?\.txt$|\.(tsv|csv|xlsx)$/i, '');
  const stem = analysis ? `${base}_${analysis}` : base;
  return stem.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'dataset';
}
