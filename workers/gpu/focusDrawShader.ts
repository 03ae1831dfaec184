/**
 * The random foci of each iteration, drawn on the device from the same
 * streams as the CPU (rng.ts): xoshiro128** from the iteration's four state
 * words, a mask voxel by masked rejection. Everything is u32 arithmetic,
 * which WGSL defines exactly (wrapping multiplication, shifts), so every
 * focus lands where the CPU's NullFoci puts it. An iteration's draws depend
 * on one another (a rejection consumes a number), so one thread walks one
 * iteration's stream, writing mask indices; a second pass turns those into
 * packed voxels in parallel, keeping the lookups out of the serial loop.
 */
import { GROUP_SIZE, PARAMS_WGSL } from './logSumShader.ts';

export const FOCUS_DRAW_WGSL = /* wgsl */ `
${PARAMS_WGSL}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(6) var<storage, read_write> positions: array<u32>;
// Per iteration of the batch: xoshiro128**'s state at the start of its stream (xoshiroState).
@group(0) @binding(10) var<storage, read> states: array<vec4<u32>>;
// Per mask voxel: the voxel as i | j << 10 | k << 20.
@group(0) @binding(11) var<storage, read> maskVoxels: array<u32>;

fn rotl(x: u32, k: u32) -> u32 {
  return (x << k) | (x >> (32u - k));
}

@compute @workgroup_size(${GROUP_SIZE})
fn drawFoci(@builtin(global_invocation_id) id: vec3<u32>) {
  let it = id.x;
  if (it >= params.batch) { return; }
  var s = states[it];
  let n = params.nMask;
  let mask = select(0xffffffffu >> countLeadingZeros(n - 1u), 0u, n <= 1u);
  let base = it * params.nFoci;
  for (var f = 0u; f < params.nFoci; f = f + 1u) {
    loop {
      let x = (rotl(s.y * 5u, 7u) * 9u) & mask;
      let t = s.y << 9u;
      s.z = s.z ^ s.x;
      s.w = s.w ^ s.y;
      s.y = s.y ^ s.z;
      s.x = s.x ^ s.w;
      s.z = s.z ^ t;
      s.w = rotl(s.w, 11u);
      if (x < n) {
        positions[base + f] = x;
        break;
      }
    }
  }
}

@compute @workgroup_size(${GROUP_SIZE})
fn packFoci(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= params.nFoci || id.y >= params.batch) { return; }
  let at = id.y * params.nFoci + id.x;
  positions[at] = maskVoxels[positions[at]];
}
`;
