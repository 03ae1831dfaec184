/**
 * The dataset back out, as Sleuth text and as NiMARE JSON, so an analysis
 * can be reproduced in GingerALE or NiMARE. Reading either back gives the
 * same experiments (ids, sample sizes, foci).
 */
import type { Dataset } from './dataset.ts';

export class WriteError extends Error {}

/** Sleuth text; one file holds one space, so Talairach and MNI experiments need separate files. */
export function toSleuth(dataset: Dataset): string {
  const spaces = new Set(dataset.experiments.flatMap((e) => e.foci.map((f) => f.space)));
  if (spaces.size > 1) throw new WriteError('a Sleuth file holds one space; this dataset mixes MNI and Talairach (save it as NiMARE JSON instead)');
  const space = spaces.has('TAL') ? 'Talairach' : 'MNI';
  const blocks = dataset.experiments.map((e) => {
    if (e.sampleSize === null) throw new WriteError(`experiment "${e.id}" has no sample size, which a Sleuth file requires`);
    const name = `// ${clean(e.study)}: ${clean(e.contrast)}`;
    return [name, `// Subjects=${e.sampleSize}`, ...e.foci.map((f) => `${f.x}\t${f.y}\t${f.z}`)].join('\n');
  });
  return `// Reference=${space}\n${blocks.join('\n\n')}\n`;
}

/** Names must stay on one line and not look like a Subjects or Reference line. */
function clean(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** NiMARE's Dataset dictionary: studies → contrasts → coords and metadata. */
export function toNimareJson(dataset: Dataset): string {
  const studies: Record<string, { contrasts: Record<string, unknown> }> = {};
  for (const e of dataset.experiments) {
    const study = (studies[e.study] ??= { contrasts: {} });
    study.contrasts[e.contrast] = {
      coords: {
        space: e.foci[0]?.space === 'TAL' ? 'TAL' : 'MNI',
        x: e.foci.map((f) => f.x),
        y: e.foci.map((f) => f.y),
        z: e.foci.map((f) => f.z),
      },
      metadata: e.sampleSize === null ? {} : { sample_sizes: [e.sampleSize] },
    };
  }
  return `${JSON.stringify(studies, null, 1)}\n`;
}
