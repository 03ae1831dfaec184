/**
 * Seedable random numbers for the Monte-Carlo null. Each iteration gets its
 * own stream derived from (seed, iteration index), so a result never depends
 * on how iterations are split across workers.
 */

/** SplitMix32 finaliser: a good 32-bit mixer used to derive independent states. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The starting state of stream `(seed, stream)`: four 32-bit words. The GPU
 * engine draws its foci from these same words in WGSL (focusDrawShader.ts).
 */
export function xoshiroState(seed: number, stream: number): [number, number, number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  let h = mix32(lo ^ mix32(hi ^ 0x6a09e667));
  h = mix32(h ^ mix32(stream >>> 0));
  const s1 = mix32(h ^ 0x243f6a88);
  const s2 = mix32(s1 ^ 0x13198a2e);
  const s3 = mix32(s2 ^ 0x03707344);
  return (h | s1 | s2 | s3) === 0 ? [h, s1, s2, 1] : [h, s1, s2, s3];
}

/** xoshiro128** (Blackman & Vigna): fast, 2^128 − 1 period, passes BigCrush. */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** A stream for `(seed, stream)`; different stream indices give unrelated sequences. */
  constructor(seed: number, stream: number) {
    [this.s0, this.s1, this.s2, this.s3] = xoshiroState(seed, stream);
  }

  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform integer in [0, n) by masked rejection: unbiased for any n ≤ 2^32. */
  nextBelow(n: number): number {
    const mask = n <= 1 ? 0 : 0xffffffff >>> Math.clz32(n - 1);
    for (;;) {
      const x = (this.nextUint32() & mask) >>> 0;
      if (x < n) return x;
    }
  }

  /** Uniform double in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
