/**
 * Share links: the dataset (or its URL), the parameters and the view,
 * compressed into the URL hash as `#share=<version>.<base64url>`. Links are
 * untrusted input: decoding validates the structure (valibot) and the
 * dataset then goes through the same input gate as a file.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import * as v from 'valibot';
import { ParametersSchema } from '../../workers/analysis/index.ts';
import { toBase64 } from '../base64.ts';
import { joinChunks } from '../../workers/input/index.ts';
import { FIGURE_DPIS, FIGURE_WIDTHS_MM } from '../state/types.ts';

export const SHARE_VERSION = 1;
const PREFIX = '#share=';
/** Above this many characters, a dataset that came from a URL is shared as that URL. */
const INLINE_LIMIT = 8000;
/**
 * Most bytes a link may inflate to: a dataset of 30,000 foci is ~1 MB of text.
 * Inflation stops at this size, so a small link cannot expand to gigabytes.
 */
const MAX_LINK_BYTES = 8 * 1024 * 1024;

/** Inflates a deflate stream, giving up as soon as it passes `limit` bytes. */
function inflateAtMost(bytes: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size > limit) throw new ShareLinkError(`the link expands to more than ${limit / 1048576} MB, more than any shared analysis holds`);
    chunks.push(chunk);
  });
  const step = 1 << 14;
  for (let at = 0; at < bytes.length; at += step) inflate.push(bytes.subarray(at, at + step), at + step >= bytes.length);
  return joinChunks(chunks, size);
}

const Triple = v.tuple([v.number(), v.number(), v.number()]);
const Text = (most: number) => v.pipe(v.string(), v.maxLength(most));
const Whole = (least: number, most: number) => v.pipe(v.number(), v.integer(), v.minValue(least), v.maxValue(most));

/**
 * The analyses run on the finished run's experiments, rerun in this order when the link opens. A split
 * by name pattern travels as group A's ids, so a link never makes the page run a pattern of its choosing.
 */
const FollowUpsSchema = v.object({
  contrast: v.optional(
    v.object({
      groupB: v.variant('kind', [
        v.object({ kind: v.literal('text'), name: Text(500), text: Text(MAX_LINK_BYTES) }),
        v.object({
          kind: v.literal('split'),
          rule: v.union([v.strictObject({ column: Text(200) }), v.strictObject({ ids: v.pipe(v.array(Text(1000)), v.minLength(1), v.maxLength(100_000)), names: v.tuple([Text(1000), Text(1000)]) })]),
        }),
      ]),
      /** JALE's balanced contrast at this N; absent: the subtraction. */
      balancedN: v.optional(Whole(1, 100_000)),
      minVolumeMm3: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1e7)), 0),
    }),
  ),
  probabilistic: v.optional(v.object({ subsetSize: Whole(2, 100_000) })),
  // The bounds of the JALE tab's fields.
  clustering: v.optional(v.object({ method: v.picklist(['hierarchical', 'kmedoids']), maxClusters: Whole(2, 20), linkage: v.picklist(['complete', 'average']), nullIterations: Whole(2, 10_000) })),
});

const ShareSchema = v.object({
  data: v.variant('kind', [
    v.object({ kind: v.literal('text'), name: v.pipe(v.string(), v.maxLength(500)), text: v.pipe(v.string(), v.maxLength(MAX_LINK_BYTES)) }),
    v.object({ kind: v.literal('url'), url: v.pipe(v.string(), v.url()) }),
    // A shipped demo by name: the link stays short, and the demo's caveats (placeholder N, sources, licence) come with it.
    v.object({ kind: v.literal('demo'), name: v.picklist(['published', 'simulated']) }),
  ]),
  /** The version that made the link (for the record; any version opens any link of this format). */
  version: v.optional(v.pipe(v.string(), v.maxLength(40))),
  parameters: ParametersSchema,
  alpha: v.pipe(v.number(), v.gtValue(0), v.ltValue(1)),
  view: v.object({
    layout: v.picklist(['multiplanar', 'axial', 'coronal', 'sagittal', 'render', 'mosaic']),
    crosshair: Triple,
    zThreshold: v.pipe(v.number(), v.minValue(0), v.maxValue(40)),
    layers: v.object({ ale: v.boolean(), z: v.boolean(), clusters: v.boolean(), aOverB: v.boolean(), bOverA: v.boolean(), conjunction: v.optional(v.boolean(), false), atlas: v.optional(v.boolean(), false), tfce: v.optional(v.boolean(), true) }),
    showFoci: v.boolean(),
    inference: v.optional(v.picklist(['size', 'tfce']), 'size'),
    /** Links made before figures were shared have none: the default figure. */
    figure: v.optional(
      v.object({
        slices: v.pipe(v.string(), v.maxLength(200)),
        widthMm: v.picklist(FIGURE_WIDTHS_MM),
        dpi: v.picklist(FIGURE_DPIS),
      }),
    ),
  }),
  followUps: v.optional(FollowUpsSchema),
});

export type ShareState = v.InferOutput<typeof ShareSchema>;

export class ShareLinkError extends Error {}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareLinkError('the link contains characters a share link never has');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The dataset is inlined unless it is large and came from a URL that can be shared instead. */
export function chooseData(text: string, name: string, sourceUrl: string | null): ShareState['data'] {
  return sourceUrl && text.length > INLINE_LIMIT ? { kind: 'url', url: sourceUrl } : { kind: 'text', name, text };
}

export function encodeShareHash(state: ShareState): string {
  return `${PREFIX}${SHARE_VERSION}.${toBase64Url(deflateSync(strToU8(JSON.stringify(state)), { level: 9 }))}`;
}

export function isShareHash(hash: string): boolean {
  return hash.startsWith(PREFIX);
}

export function decodeShareHash(hash: string): ShareState {
  if (!isShareHash(hash)) throw new ShareLinkError('not a share link');
  const body = hash.slice(PREFIX.length);
  const dot = body.indexOf('.');
  const version = Number(body.slice(0, dot));
  if (dot <= 0 || !Number.isInteger(version)) throw new ShareLinkError('the link has no version; it may have been cut short');
  if (version !== SHARE_VERSION) throw new ShareLinkError(`the link was made by a version of this app that uses link format ${version}; this one reads format ${SHARE_VERSION}`);
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(inflateAtMost(fromBase64Url(body.slice(dot + 1)), MAX_LINK_BYTES)));
  } catch (err) {
    if (err instanceof ShareLinkError) throw err;
    throw new ShareLinkError('the link is damaged (it does not decompress); it may have been cut short or edited');
  }
  const parsed = v.safeParse(ShareSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? 'link';
    throw new ShareLinkError(`the link's ${path} is invalid: ${issue.message}`);
  }
  return parsed.output;
}
