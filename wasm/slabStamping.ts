// AssemblyScript source of the Monte-Carlo slab kernel (the algorithm and its
// TypeScript twin are in workers/inference/monteCarlo/). `npm run wasm`
// compiles it, with SIMD, into slabStampingWasm.ts.
//
// The host lays out linear memory and passes byte offsets to configure*():
// kernel cubes of log1p(−value) (f64), per kernel its byte offset, radius and
// core table (per (di, dj) row the half-width of the stamped core, −1 for
// none), per focus i, j, k, kernel and experiment (i32), the foci of each
// slab and of each 8³ cell (CSR, i32), the slab arrays S and L (f64), each
// slab's mask voxels (CSR of slab-local indices, i32), per-experiment minima
// for exact evaluation (f64) and the candidate output (i32).

let kernelCubes: usize = 0;
let kernelOffset: usize = 0;
let kernelRadius: usize = 0;
let kernelHalf: usize = 0;
let halfOffset: usize = 0;
let focusI: usize = 0;
let focusJ: usize = 0;
let focusK: usize = 0;
let focusKernel: usize = 0;
let focusExperiment: usize = 0;
let slabStart: usize = 0;
let slabCursor: usize = 0;
let slabFoci: usize = 0;
let cellStart: usize = 0;
let cellCursor: usize = 0;
let cellFoci: usize = 0;
let slabS: usize = 0;
let slabL: usize = 0;
let maskStart: usize = 0;
let maskLocal: usize = 0;
let experimentMin: usize = 0;
let candidates: usize = 0;

let nSlabs: i32 = 0;
let planes: i32 = 0;
let nj: i32 = 0;
let nk: i32 = 0;
let lo0: i32 = 0;
let lo1: i32 = 0;
let lo2: i32 = 0;
let hi0: i32 = 0;
let hi1: i32 = 0;
let hi2: i32 = 0;
let nc0: i32 = 0;
let nc1: i32 = 0;
let nc2: i32 = 0;
let minLog: f64 = 0;
/** Padding of the slab in j and k (the largest radius): stamps never need clipping there. */
let pad: i32 = 0;
let pj: i32 = 0;
let pk: i32 = 0;

const CELL_SHIFT = 3;

@inline function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

@inline function setI32(base: usize, index: i32, value: i32): void {
  store<i32>(base + (<usize>index << 2), value);
}

/**
 * Kernels: cubes of log1p(−value), each cube's byte offset and radius, and
 * per (di, dj) row of each cube the number of values to stamp: the row's
 * core is [r − h, r − h + n) around its centre, with h = ⌊n / 2⌋ (n = 0:
 * nothing), given at byte offset halfOffset[kf] as side² i32.
 */
export function configureKernels(cubes: usize, offsets: usize, radii: usize, halves: usize, halfOffsets: usize): void {
  kernelCubes = cubes; kernelOffset = offsets; kernelRadius = radii; kernelHalf = halves; halfOffset = halfOffsets;
}

export function configureFoci(fi: usize, fj: usize, fk: usize, fKernel: usize, fExperiment: usize, minima: usize): void {
  focusI = fi; focusJ = fj; focusK = fk; focusKernel = fKernel; focusExperiment = fExperiment; experimentMin = minima;
}

export function configureLists(starts: usize, cursor: usize, foci: usize, cells: usize, cellCursors: usize, cellList: usize, masks: usize, locals: usize, out: usize): void {
  slabStart = starts; slabCursor = cursor; slabFoci = foci;
  cellStart = cells; cellCursor = cellCursors; cellFoci = cellList;
  maskStart = masks; maskLocal = locals; candidates = out;
}

export function configureGrid(s: usize, l: usize, slabs: i32, slabPlanes: i32, padding: i32, a0: i32, a1: i32, a2: i32, b0: i32, b1: i32, b2: i32, n0: i32, n1: i32, n2: i32): void {
  slabS = s; slabL = l;
  nSlabs = slabs; planes = slabPlanes; pad = padding;
  lo0 = a0; lo1 = a1; lo2 = a2; hi0 = b0; hi1 = b1; hi2 = b2;
  nj = b1 - a1 + 1; nk = b2 - a2 + 1;
  pj = nj + 2 * pad; pk = nk + 2 * pad;
  nc0 = ((n0 - 1) >> CELL_SHIFT) + 1; nc1 = ((n1 - 1) >> CELL_SHIFT) + 1; nc2 = ((n2 - 1) >> CELL_SHIFT) + 1;
}

@inline function firstSlab(i: i32, r: i32): i32 {
  return i - r - lo0 < 0 ? 0 : (i - r - lo0) / planes;
}

@inline function lastSlab(i: i32, r: i32): i32 {
  return min(nSlabs - 1, (i + r - lo0) / planes);
}

/** Lists the foci reaching each slab, in focus order; returns the number of entries. */
export function bucketFoci(nFoci: i32): i32 {
  memory.fill(slabStart, 0, <usize>(nSlabs + 1) << 2);
  for (let f = 0; f < nFoci; f++) {
    const r = i32At(kernelRadius, i32At(focusKernel, f));
    const i = i32At(focusI, f);
    for (let s = firstSlab(i, r), last = lastSlab(i, r); s <= last; s++) setI32(slabStart, s + 1, i32At(slabStart, s + 1) + 1);
  }
  for (let s = 0; s < nSlabs; s++) {
    setI32(slabStart, s + 1, i32At(slabStart, s + 1) + i32At(slabStart, s));
    setI32(slabCursor, s, i32At(slabStart, s));
  }
  for (let f = 0; f < nFoci; f++) {
    const r = i32At(kernelRadius, i32At(focusKernel, f));
    const i = i32At(focusI, f);
    for (let s = firstSlab(i, r), last = lastSlab(i, r); s <= last; s++) {
      const at = i32At(slabCursor, s);
      setI32(slabFoci, at, f);
      setI32(slabCursor, s, at + 1);
    }
  }
  return i32At(slabStart, nSlabs);
}

/** S = min(S, K) over n doubles (two per lane pair, four per step). */
@inline function minRow(p: usize, q: usize, n: i32): void {
  const end = p + (<usize>n << 3);
  for (; p + 32 <= end; p += 32, q += 32) {
    v128.store(p, f64x2.min(v128.load(p), v128.load(q)));
    v128.store(p, f64x2.min(v128.load(p, 16), v128.load(q, 16)), 16);
  }
  if (p + 16 <= end) {
    v128.store(p, f64x2.min(v128.load(p), v128.load(q)));
    p += 16;
    q += 16;
  }
  if (p < end) store<f64>(p, min(load<f64>(p), load<f64>(q)));
}

/** L += S and S = 0 over n doubles. */
@inline function addRow(s: usize, l: usize, n: i32): void {
  const end = s + (<usize>n << 3);
  const zero = f64x2.splat(0);
  for (; s + 32 <= end; s += 32, l += 32) {
    v128.store(l, f64x2.add(v128.load(l), v128.load(s)));
    v128.store(l, f64x2.add(v128.load(l, 16), v128.load(s, 16)), 16);
    v128.store(s, zero);
    v128.store(s, zero, 16);
  }
  if (s + 16 <= end) {
    v128.store(l, f64x2.add(v128.load(l), v128.load(s)));
    v128.store(s, zero);
    s += 16;
    l += 16;
  }
  if (s < end) {
    store<f64>(l, load<f64>(l) + load<f64>(s));
    store<f64>(s, 0);
  }
}

/** Slab-local index of the voxel at plane i (in the slab), box-relative j and k. */
@inline function local(plane: i32, j: i32, k: i32): i32 {
  return (plane * pj + (j - lo1 + pad)) * pk + (k - lo2 + pad);
}

/**
 * One focus's core rows in slab planes [i0, i1], in one of three passes:
 * MIN takes S = min(S, K); MOVE adds S into L and clears it (where another
 * focus of the experiment already did, S is 0 and adding it changes
 * nothing); ADD adds K straight into L (an experiment with a single focus in
 * the slab needs no minimum).
 */
const MIN = 0;
const MOVE = 1;
const ADD = 2;

@inline function visitCore(f: i32, i0: i32, i1: i32, pass: i32): void {
  const kf = i32At(focusKernel, f);
  const r = i32At(kernelRadius, kf);
  const side = 2 * r + 1;
  const cube = kernelCubes + <usize>i32At(kernelOffset, kf);
  const half = kernelHalf + <usize>i32At(halfOffset, kf);
  const ci = i32At(focusI, f), cj = i32At(focusJ, f), ck = i32At(focusK, f);
  const ia = max(i0, ci - r), ib = min(i1, ci + r);
  const rowStep = <usize>pk << 3;
  const kernelStep = <usize>side << 3;
  for (let i = ia; i <= ib; i++) {
    const di = i - ci + r;
    // Row dj = 0 of this plane: in the slab, and at the centre of the cube row.
    let at = <usize>local(i - i0, cj - r, ck) << 3;
    let q = cube + (<usize>((di * side) * side + r) << 3);
    let h = half + (<usize>(di * side) << 2);
    for (let dj = 0; dj < side; dj++, at += rowStep, q += kernelStep, h += 4) {
      const n = load<i32>(h);
      if (n == 0) continue;
      const back = <usize>(n >> 1) << 3;
      if (pass == MIN) minRow(slabS + at - back, q - back, n);
      else if (pass == MOVE) addRow(slabS + at - back, slabL + at - back, n);
      else sumRow(slabL + at - back, q - back, n);
    }
  }
}

/** L += K over n doubles. */
@inline function sumRow(l: usize, q: usize, n: i32): void {
  const end = l + (<usize>n << 3);
  for (; l + 32 <= end; l += 32, q += 32) {
    v128.store(l, f64x2.add(v128.load(l), v128.load(q)));
    v128.store(l, f64x2.add(v128.load(l, 16), v128.load(q, 16)), 16);
  }
  if (l + 16 <= end) {
    v128.store(l, f64x2.add(v128.load(l), v128.load(q)));
    l += 16;
    q += 16;
  }
  if (l < end) store<f64>(l, load<f64>(l) + load<f64>(q));
}

/** L over slab s: per experiment, S = min over its foci's cores, then L += S, S = 0, on the same footprints. */
export function stampSlab(s: i32): void {
  const i0 = lo0 + s * planes;
  const i1 = min(hi0, i0 + planes - 1);
  memory.fill(slabL, 0, <usize>(planes * pj * pk) << 3);
  const end = i32At(slabStart, s + 1);
  let x = i32At(slabStart, s);
  while (x < end) {
    const e = i32At(focusExperiment, i32At(slabFoci, x));
    let y = x + 1;
    while (y < end && i32At(focusExperiment, i32At(slabFoci, y)) == e) y++;
    if (y == x + 1) {
      visitCore(i32At(slabFoci, x), i0, i1, ADD);
    } else {
      for (let z = x; z < y; z++) visitCore(i32At(slabFoci, z), i0, i1, MIN);
      for (let z = x; z < y; z++) visitCore(i32At(slabFoci, z), i0, i1, MOVE);
    }
    x = y;
  }
}

/**
 * Writes the positions (in the mask list) of slab s's mask voxels with
 * L < limit; returns how many. Tracks the smallest L over all slabs.
 */
export function scanSlab(s: i32, limit: f64): i32 {
  let found = 0;
  let smallest = minLog;
  for (let t = i32At(maskStart, s), end = i32At(maskStart, s + 1); t < end; t++) {
    const l = load<f64>(slabL + (<usize>i32At(maskLocal, t) << 3));
    if (l < smallest) smallest = l;
    if (l < limit) {
      setI32(candidates, found, t);
      found++;
    }
  }
  minLog = smallest;
  return found;
}

export function resetMinLog(): void {
  minLog = 0;
}

export function smallestLog(): f64 {
  return minLog;
}

/** Lists the foci of each 8³ cell of the grid, in focus order. */
export function indexFoci(nFoci: i32): void {
  const nCells = nc0 * nc1 * nc2;
  memory.fill(cellStart, 0, <usize>(nCells + 1) << 2);
  for (let f = 0; f < nFoci; f++) {
    const cell = ((i32At(focusI, f) >> CELL_SHIFT) * nc1 + (i32At(focusJ, f) >> CELL_SHIFT)) * nc2 + (i32At(focusK, f) >> CELL_SHIFT);
    setI32(cellStart, cell + 1, i32At(cellStart, cell + 1) + 1);
  }
  for (let c = 0; c < nCells; c++) {
    setI32(cellStart, c + 1, i32At(cellStart, c + 1) + i32At(cellStart, c));
    setI32(cellCursor, c, i32At(cellStart, c));
  }
  for (let f = 0; f < nFoci; f++) {
    const cell = ((i32At(focusI, f) >> CELL_SHIFT) * nc1 + (i32At(focusJ, f) >> CELL_SHIFT)) * nc2 + (i32At(focusK, f) >> CELL_SHIFT);
    const at = i32At(cellCursor, cell);
    setI32(cellFoci, at, f);
    setI32(cellCursor, cell, at + 1);
  }
}

/**
 * The exact log sum at voxel (i, j, k) with whole kernels: per experiment the
 * minimum log over its foci whose cube holds the voxel, summed in experiment
 * order (untouched experiments add 0, which changes nothing), as full
 * stamping sums it. `reach` is the largest kernel radius.
 */
export function exactLog(i: i32, j: i32, k: i32, reach: i32, nExperiments: i32): f64 {
  let eLo = nExperiments;
  let eHi = -1;
  const a0 = max(0, i - reach) >> CELL_SHIFT, b0 = min(nc0 - 1, (i + reach) >> CELL_SHIFT);
  const a1 = max(0, j - reach) >> CELL_SHIFT, b1 = min(nc1 - 1, (j + reach) >> CELL_SHIFT);
  const a2 = max(0, k - reach) >> CELL_SHIFT, b2 = min(nc2 - 1, (k + reach) >> CELL_SHIFT);
  for (let c0 = a0; c0 <= b0; c0++) {
    for (let c1 = a1; c1 <= b1; c1++) {
      for (let c2 = a2; c2 <= b2; c2++) {
        const cell = (c0 * nc1 + c1) * nc2 + c2;
        for (let x = i32At(cellStart, cell), end = i32At(cellStart, cell + 1); x < end; x++) {
          const f = i32At(cellFoci, x);
          const kf = i32At(focusKernel, f);
          const r = i32At(kernelRadius, kf);
          const di = i - i32At(focusI, f) + r, dj = j - i32At(focusJ, f) + r, dk = k - i32At(focusK, f) + r;
          const side = 2 * r + 1;
          if (<u32>di >= <u32>side || <u32>dj >= <u32>side || <u32>dk >= <u32>side) continue;
          const log = load<f64>(kernelCubes + <usize>i32At(kernelOffset, kf) + (<usize>((di * side + dj) * side + dk) << 3));
          const e = i32At(focusExperiment, f);
          const slot = experimentMin + (<usize>e << 3);
          if (log < load<f64>(slot)) store<f64>(slot, log);
          if (e < eLo) eLo = e;
          if (e > eHi) eHi = e;
        }
      }
    }
  }
  let sum: f64 = 0;
  for (let e = eLo; e <= eHi; e++) {
    const slot = experimentMin + (<usize>e << 3);
    sum += load<f64>(slot);
    store<f64>(slot, 0);
  }
  return sum;
}
