/**
 * Neurostore studysets (what Neurosynth Compose analyses are built from):
 * the id or link a user pastes, the API address that returns the studyset
 * with its studies, analyses and points nested (NIMADS), and plain words for
 * what can go wrong on the way.
 */

export const NEUROSTORE_API = 'https://neurostore.org/api';

/** Neurostore ids are short base-58-like strings (e.g. "Cv2LLUqG76W9"). */
const ID = /^[A-Za-z0-9]{6,32}$/;

export type StudysetAddress = { ok: true; id: string; url: string } | { ok: false; message: string };

/** The studyset's id from an id, a neurostore.org link or a compose.neurosynth.org link that names one. */
export function studysetAddress(input: string): StudysetAddress {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'paste a Neurostore studyset id (e.g. Cv2LLUqG76W9) or its link' };
  if (ID.test(text)) return { ok: true, id: text, url: apiUrl(text) };
  let link: URL;
  try {
    link = new URL(text);
  } catch {
    return { ok: false, message: `"${text.slice(0, 80)}" is neither a studyset id (letters and digits) nor a link` };
  }
  // The URL parser lowers the host's case.
  const host = link.hostname;
  if (host !== 'neurostore.org' && !host.endsWith('.neurostore.org') && host !== 'compose.neurosynth.org') {
    return { ok: false, message: `${link.hostname} is not Neurostore: paste a neurostore.org or compose.neurosynth.org link, or the studyset id` };
  }
  const parts = link.pathname.split('/').filter(Boolean);
  const at = parts.indexOf('studysets');
  const id = at >= 0 ? parts[at + 1] : undefined;
  if (!id || !ID.test(id)) {
    const project = host === 'compose.neurosynth.org' && parts[0] === 'projects';
    return {
      ok: false,
      message: project
        ? 'this is a Compose project link; open the project\'s studyset on neurostore.org and paste that link or its id'
        : 'the link names no studyset (expected …/studysets/<id>)',
    };
  }
  return { ok: true, id, url: apiUrl(id) };
}

function apiUrl(id: string): string {
  return `${NEUROSTORE_API}/studysets/${encodeURIComponent(id)}?nested=true`;
}

/** A failed fetch of a studyset in the words a user can act on. */
export function studysetFetchProblem(id: string, status: number | null, detail: string): string {
  if (status === null) return `could not reach Neurostore for studyset ${id}: ${detail}. Are you offline?`;
  if (status === 404) return `Neurostore has no studyset with id ${id} (HTTP 404)`;
  if (status === 401 || status === 403) return `studyset ${id} is not public on Neurostore (HTTP ${status})`;
  if (status >= 500) return `Neurostore could not answer for studyset ${id} (HTTP ${status}); try again later`;
  return `Neurostore refused studyset ${id} (HTTP ${status})`;
}
