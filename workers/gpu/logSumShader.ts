/**
 * The WGSL of the GPU Monte Carlo: one thread per mask voxel computes the
 * voxel's log sum L = Σ_e min_f log1p(−k) exactly as the CPU does, in float64.
 * WGSL has no f64, so doubles travel as (lo, hi) u32 words and are added by
 * `add64`, an IEEE-754 round-to-nearest-even addition in integer arithmetic.
 * Every log is ≤ 0, so the sum is a sum of magnitudes (no cancellation), an
 * experiment's minimum log is its largest magnitude (an unsigned comparison
 * of the bit patterns), and the result is bit-identical to the CPU's float64
 * sum in the same experiment order. The device also keeps each iteration's
 * candidates (voxels whose L may pass the threshold) and its smallest L; the
 * CPU reads only those and applies exp, the threshold and the labelling.
 */

/** Voxels per workgroup: one group holds mask voxels of one brick. */
export const GROUP_SIZE = 64;

/** Sum of two non-negative finite doubles as (lo, hi) words, correctly rounded. */
export const ADD64_WGSL = /* wgsl */ `
fn add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  var x = a;
  var y = b;
  if (y.y > x.y || (y.y == x.y && y.x > x.x)) { x = b; y = a; }
  if ((y.x | y.y) == 0u) { return x; }
  let ex = x.y >> 20u;
  let ey = y.y >> 20u;
  if (ex == 0u) {
    // Both subnormal: the integer sum of the patterns is exact, carrying into the exponent as it should.
    let lo = x.x + y.x;
    return vec2<u32>(lo, x.y + y.y + select(0u, 1u, lo < x.x));
  }
  // Significands as 53-bit integers with 8 extra low bits for rounding (61 bits in all).
  var xh = (((x.y & 0xfffffu) | 0x100000u) << 8u) | (x.x >> 24u);
  var xl = x.x << 8u;
  var yh = y.y & 0xfffffu;
  var eyEff = ey;
  if (ey == 0u) { eyEff = 1u; } else { yh = yh | 0x100000u; }
  yh = (yh << 8u) | (y.x >> 24u);
  var yl = y.x << 8u;
  let d = ex - eyEff;
  // Align y, folding every bit shifted out into a sticky bit 0 (below the rounding bits).
  if (d >= 61u) {
    yh = 0u;
    yl = 1u;
  } else if (d >= 32u) {
    let s = d - 32u;
    let lost = yl | (yh & ((1u << s) - 1u));
    yl = yh >> s;
    yh = 0u;
    if (lost != 0u) { yl = yl | 1u; }
  } else if (d > 0u) {
    let lost = yl & ((1u << d) - 1u);
    yl = (yl >> d) | (yh << (32u - d));
    yh = yh >> d;
    if (lost != 0u) { yl = yl | 1u; }
  }
  var sl = xl + yl;
  var sh = xh + yh + select(0u, 1u, sl < xl);
  var e = ex;
  if (sh >= (1u << 29u)) {
    let lost = sl & 1u;
    sl = (sl >> 1u) | (sh << 31u) | lost;
    sh = sh >> 1u;
    e = e + 1u;
  }
  let rest = sl & 0xffu;
  sl = (sl >> 8u) | (sh << 24u);
  sh = sh >> 8u;
  if (rest > 0x80u || (rest == 0x80u && (sl & 1u) == 1u)) {
    sl = sl + 1u;
    if (sl == 0u) { sh = sh + 1u; }
  }
  if (sh >= 0x200000u) {
    // Rounding carried to 2^53: the significand is exactly 2^52 one exponent up.
    sl = (sl >> 1u) | (sh << 31u);
    sh = sh >> 1u;
    e = e + 1u;
  }
  return vec2<u32>(sl, (e << 20u) | (sh & 0xfffffu));
}
`;

/** The uniform both shaders read (gpuNullEngine.ts writes it in this order). */
export const PARAMS_WGSL = /* wgsl */ `
struct Params {
  nFoci: u32,
  nBricks: u32,
  nMask: u32,
  nGroups: u32,
  // Iterations the buffers hold: the stride of the per-iteration counters.
  maxBatch: u32,
  // |log| of the threshold's safe bound (supraLogLimit) as (lo, hi) words.
  limitLo: u32,
  limitHi: u32,
  // Words per iteration in lists: nBricks + 1 offsets, then room for the entries.
  stride: u32,
  // Bricks along j and k.
  bricks1: u32,
  bricks2: u32,
  // Iterations in this batch (the last batch of a run may be short).
  batch: u32,
  // Where the per-focus rows start in tables, after the per-kernel rows.
  focusAt: u32,
}
`;

export const LOG_SUM_WGSL = /* wgsl */ `
${PARAMS_WGSL}
@group(0) @binding(0) var<uniform> params: Params;
// |log1p(−k)| of every kernel value as (lo, hi) words, kernels one after another.
@group(0) @binding(1) var<storage, read> kernelLogs: array<vec2<u32>>;
// Per kernel: offset into kernelLogs, radius; then from focusAt, per focus: experiment, kernel.
@group(0) @binding(2) var<storage, read> tables: array<vec2<u32>>;
// Per thread slot: the voxel as i | j << 10 | k << 20, and its mask index (0xffffffff: empty slot);
// then, from nGroups · GROUP_SIZE, per workgroup its brick (in x). One buffer, so that a shader
// needs no more than the 8 storage buffers every WebGPU adapter offers.
@group(0) @binding(4) var<storage, read> slots: array<vec2<u32>>;
// Per iteration of the batch: focus positions (packed like slots), and the foci reaching each brick (focusListShader.ts).
@group(0) @binding(6) var<storage, read> positions: array<u32>;
@group(0) @binding(7) var<storage, read> lists: array<u32>;
// The batch's log sums, per iteration and mask voxel (read back whole only for the self-check).
@group(0) @binding(8) var<storage, read_write> logSums: array<vec2<u32>>;
// Per iteration (stride maxBatch): how many candidates, the largest high word of |L|, the largest low
// word of |L| among the voxels with that high word; cleared before each batch.
@group(0) @binding(12) var<storage, read_write> counters: array<atomic<u32>>;
// Per iteration, from 3 · it · nMask: the candidates (voxels whose L is below the threshold's safe
// bound, supraLogLimit) as three words, mask index and L's (lo, hi), in no particular order (the CPU
// labels them in grid order).
@group(0) @binding(13) var<storage, read_write> candidates: array<u32>;

var<workgroup> groupCandidates: atomic<u32>;
var<workgroup> groupBase: u32;
var<workgroup> topHigh: atomic<u32>;

${ADD64_WGSL}

@compute @workgroup_size(${GROUP_SIZE})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let slot = slots[group.x * ${GROUP_SIZE}u + t];
  let valid = slot.y != 0xffffffffu;
  let vi = i32(slot.x & 1023u);
  let vj = i32((slot.x >> 10u) & 1023u);
  let vk = i32(slot.x >> 20u);
  let it = group.y;
  // lists holds, per iteration, nBricks + 1 offsets (relative to the iteration's entries) then the entries.
  let base = it * params.stride;
  let brick = slots[params.nGroups * ${GROUP_SIZE}u + group.x].x;
  let first = lists[base + brick];
  let last = select(first, lists[base + brick + 1u], valid);
  let entries = base + params.nBricks + 1u;
  var experiment = 0xffffffffu;
  var largest = vec2<u32>(0u, 0u);
  var sum = vec2<u32>(0u, 0u);
  for (var x = first; x < last; x = x + 1u) {
    let f = lists[entries + x];
    let info = tables[params.focusAt + f];
    if (info.x != experiment) {
      sum = add64(sum, largest);
      largest = vec2<u32>(0u, 0u);
      experiment = info.x;
    }
    let p = positions[it * params.nFoci + f];
    let kernel = tables[info.y];
    let r = i32(kernel.y);
    let di = vi - i32(p & 1023u);
    let dj = vj - i32((p >> 10u) & 1023u);
    let dk = vk - i32(p >> 20u);
    if (abs(di) > r || abs(dj) > r || abs(dk) > r) { continue; }
    let side = 2 * r + 1;
    let value = kernelLogs[kernel.x + u32(((di + r) * side + (dj + r)) * side + (dk + r))];
    if (value.y > largest.y || (value.y == largest.y && value.x > largest.x)) { largest = value; }
  }
  sum = add64(sum, largest);
  // L = −sum: set the sign bit (the CPU's sum of no logs is +0; −0 reads the same everywhere it is used).
  let logSum = vec2<u32>(sum.x, sum.y | 0x80000000u);
  var rank = 0xffffffffu;
  if (valid) {
    logSums[it * params.nMask + slot.y] = logSum;
    if (sum.y > params.limitHi || (sum.y == params.limitHi && sum.x > params.limitLo)) { rank = atomicAdd(&groupCandidates, 1u); }
    atomicMax(&topHigh, sum.y);
  }
  // One global atomic per workgroup, not per voxel: reserve the group's room, raise the iteration's top word.
  workgroupBarrier();
  if (t == 0u) {
    let n = atomicLoad(&groupCandidates);
    if (n > 0u) { groupBase = atomicAdd(&counters[it], n); }
    atomicMax(&counters[params.maxBatch + it], atomicLoad(&topHigh));
  }
  workgroupBarrier();
  if (rank != 0xffffffffu) {
    let at = 3u * (it * params.nMask + groupBase + rank);
    candidates[at] = slot.y;
    candidates[at + 1u] = logSum.x;
    candidates[at + 2u] = logSum.y;
  }
}

// The low word of the iteration's largest |L|, among the voxels that hold its top high word: with it the
// CPU has the smallest L exactly, hence the largest ALE, without reading the sums.
@compute @workgroup_size(${GROUP_SIZE})
fn largestLowWord(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let slot = slots[group.x * ${GROUP_SIZE}u + t];
  if (slot.y == 0xffffffffu) { return; }
  let it = group.y;
  let l = logSums[it * params.nMask + slot.y];
  if ((l.y & 0x7fffffffu) == atomicLoad(&counters[params.maxBatch + it])) { atomicMax(&counters[2u * params.maxBatch + it], l.x); }
}
`;
