/**
 * The per-iteration null arrays (max ALE, size, mass and, with TFCE, max
 * TFCE) moved as one: chunks stored at their offsets, prefixes cut, and the
 * GPU's and the CPU's parts joined, so no caller forgets the optional one.
 */
import type { NullMaximaArrays } from '../fwe.ts';

type NullKey = 'maxAle' | 'maxSize' | 'maxMass' | 'maxTfce';
const KEYS: readonly NullKey[] = ['maxAle', 'maxSize', 'maxMass', 'maxTfce'];

export function allocateNull(n: number, tfce: boolean): NullMaximaArrays {
  const out: NullMaximaArrays = { maxAle: new Float64Array(n), maxSize: new Float64Array(n), maxMass: new Float64Array(n) };
  if (tfce) out.maxTfce = new Float64Array(n);
  return out;
}

/** Copies a chunk's arrays into `target` from index `at`; a chunk without TFCE into a null with it is a bug. */
export function storeChunk(target: NullMaximaArrays, chunk: NullMaximaArrays, at: number): void {
  for (const key of KEYS) {
    const into = target[key];
    if (!into) continue;
    const from = chunk[key];
    if (!from) throw new Error(`a Monte-Carlo chunk came back without ${key}`);
    into.set(from, at);
  }
}

/** Just the null arrays of a run's result (no engine name, no notices), without copying them. */
export function nullArraysOf(m: NullMaximaArrays): NullMaximaArrays {
  const out = { maxAle: m.maxAle, maxSize: m.maxSize, maxMass: m.maxMass };
  return m.maxTfce ? { ...out, maxTfce: m.maxTfce } : out;
}

/** The first n iterations. */
export function truncateNull(m: NullMaximaArrays, n: number): NullMaximaArrays {
  const out = { maxAle: m.maxAle.slice(0, n), maxSize: m.maxSize.slice(0, n), maxMass: m.maxMass.slice(0, n) };
  return m.maxTfce ? { ...out, maxTfce: m.maxTfce.slice(0, n) } : out;
}

/** The first `prefix` iterations of `head` followed by all of `tail`. */
export function joinNulls(head: NullMaximaArrays, prefix: number, tail: NullMaximaArrays): NullMaximaArrays {
  const out = allocateNull(prefix + tail.maxAle.length, head.maxTfce !== undefined);
  storeChunk(out, truncateNull(head, prefix), 0);
  storeChunk(out, tail, prefix);
  return out;
}

/** The buffers to transfer (not copy) between threads. */
export function nullBuffers(m: NullMaximaArrays): ArrayBuffer[] {
  return KEYS.flatMap((key) => (m[key] ? [m[key].buffer as ArrayBuffer] : []));
}
