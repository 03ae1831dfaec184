/**
 * The per-iteration focus lists, built on the device: for every brick, the
 * foci whose kernel cube meets it, in focus order (hence experiment order,
 * the order the CPU sums in). Three passes: each brick counts its foci, one
 * thread per iteration turns the counts into offsets, each brick writes its
 * foci. A brick's thread reads every focus in turn, so the order needs no
 * sorting; foci that meet the brick but not a given voxel add nothing there.
 */
import { BRICK } from './brickLayout.ts';
import { GROUP_SIZE, PARAMS_WGSL } from './logSumShader.ts';

export const FOCUS_LIST_WGSL = /* wgsl */ `
${PARAMS_WGSL}

@group(0) @binding(0) var<uniform> params: Params;
// Per kernel: offset, radius; then from focusAt, per focus: experiment, kernel (logSumShader.ts).
@group(0) @binding(2) var<storage, read> tables: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read> positions: array<u32>;
@group(0) @binding(7) var<storage, read_write> lists: array<u32>;
// 1 for bricks that hold mask voxels.
@group(0) @binding(9) var<storage, read> used: array<u32>;

fn brickOrigin(b: u32) -> vec3<i32> {
  let k = b % params.bricks2;
  let j = (b / params.bricks2) % params.bricks1;
  let i = b / (params.bricks1 * params.bricks2);
  return vec3<i32>(i32(i), i32(j), i32(k)) * ${BRICK};
}

fn reaches(it: u32, f: u32, lo: vec3<i32>) -> bool {
  let p = positions[it * params.nFoci + f];
  let c = vec3<i32>(i32(p & 1023u), i32((p >> 10u) & 1023u), i32(p >> 20u));
  let r = i32(tables[tables[params.focusAt + f].y].y);
  return all(c + vec3<i32>(r) >= lo) && all(c - vec3<i32>(r) <= lo + vec3<i32>(${BRICK - 1}));
}

@compute @workgroup_size(${GROUP_SIZE})
fn countReaches(@builtin(global_invocation_id) id: vec3<u32>) {
  let b = id.x;
  if (b >= params.nBricks) { return; }
  let it = id.y;
  var n = 0u;
  if (used[b] != 0u) {
    let lo = brickOrigin(b);
    for (var f = 0u; f < params.nFoci; f = f + 1u) {
      if (reaches(it, f, lo)) { n = n + 1u; }
    }
  }
  lists[it * params.stride + b + 1u] = n;
}

@compute @workgroup_size(1)
fn countsToOffsets(@builtin(global_invocation_id) id: vec3<u32>) {
  let base = id.x * params.stride;
  lists[base] = 0u;
  var total = 0u;
  for (var b = 1u; b <= params.nBricks; b = b + 1u) {
    total = total + lists[base + b];
    lists[base + b] = total;
  }
}

@compute @workgroup_size(${GROUP_SIZE})
fn fillLists(@builtin(global_invocation_id) id: vec3<u32>) {
  let b = id.x;
  if (b >= params.nBricks || used[b] == 0u) { return; }
  let it = id.y;
  let base = it * params.stride;
  var at = base + params.nBricks + 1u + lists[base + b];
  let lo = brickOrigin(b);
  for (var f = 0u; f < params.nFoci; f = f + 1u) {
    if (reaches(it, f, lo)) {
      lists[at] = f;
      at = at + 1u;
    }
  }
}
`;
