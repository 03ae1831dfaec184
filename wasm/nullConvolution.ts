// AssemblyScript source of the analytic null's convolution step (see
// workers/core/nullConvolution.ts). The same float64 operations in the same
// order as the TypeScript twin, so the histogram is the same bin by bin. The
// host places the arrays and passes byte offsets.
//
// For one experiment bin (1 − centre om, mass w), accumulated bin a goes to
// bin t(a) = trunc((1 − om·notA[a]) / 1e-5). For om < 1, t grows by 0 or 1
// per step, so over most stretches t(a) = a + d with d constant: there every target bin
// gets exactly one term and the update is a shifted axpy, done two bins per
// SIMD instruction (a multiply, then an add: the scalar operations, lane by
// lane). Where d changes, bins are summed one by one.

const STRETCH = 64;

let lowBin: i32 = 0;

@inline function targetBin(om: f64, notA: usize, a: i32, invStep: f64, last: i32): i32 {
  return min(<i32>((1 - om * load<f64>(notA + (<usize>a << 3))) * invStep), last);
}

/**
 * out += histogram of 1 − (1 − c_j)(1 − c_a) over the experiment's bins
 * (notJ[x] = 1 − centre, w[x] = mass) and accumulated bins a in [lo, hi]
 * (notA[a], acc[a]). Returns the highest bin written; lowestBin() the lowest.
 */
export function convolve(notJ: usize, w: usize, nJ: i32, notA: usize, acc: usize, out: usize, lo: i32, hi: i32, last: i32, invStep: f64): i32 {
  let outLo = last;
  let outHi = 0;
  for (let x = 0; x < nJ; x++) {
    const om = load<f64>(notJ + (<usize>x << 3));
    const wx = load<f64>(w + (<usize>x << 3));
    const wv = f64x2.splat(wx);
    outLo = min(outLo, targetBin(om, notA, lo, invStep, last));
    let a = lo;
    while (a <= hi) {
      const b = min(hi, a + STRETCH - 1);
      const ta = targetBin(om, notA, a, invStep, last);
      const tb = targetBin(om, notA, b, invStep, last);
      if (om < 1 && tb - b == ta - a && tb < last) {
        // For om < 1, t is monotone and steps by at most 1, so equal shifts at both ends hold throughout.
        // (For om = 1, bin 0, rounding makes t step by 0 or 2 at times; that bin is summed one by one.)
        let p = out + (<usize>ta << 3);
        let q = acc + (<usize>a << 3);
        const end = q + (<usize>(b - a + 1) << 3);
        for (; q + 16 <= end; p += 16, q += 16) v128.store(p, f64x2.add(v128.load(p), f64x2.mul(wv, v128.load(q))));
        if (q < end) store<f64>(p, load<f64>(p) + wx * load<f64>(q));
      } else {
        let t = ta;
        let sum = load<f64>(out + (<usize>t << 3));
        for (let k = a; k <= b; k++) {
          const target = targetBin(om, notA, k, invStep, last);
          if (target != t) {
            store<f64>(out + (<usize>t << 3), sum);
            t = target;
            sum = load<f64>(out + (<usize>t << 3));
          }
          sum += wx * load<f64>(acc + (<usize>k << 3));
        }
        store<f64>(out + (<usize>t << 3), sum);
      }
      a = b + 1;
    }
    outHi = max(outHi, targetBin(om, notA, hi, invStep, last));
  }
  lowBin = outLo;
  return outHi;
}

export function lowestBin(): i32 {
  return lowBin;
}
