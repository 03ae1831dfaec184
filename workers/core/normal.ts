/**
 * Inverse of the standard normal CDF, with Moshier's Cephes rational
 * approximations (the ones behind scipy.special.ndtri): about 1e-16
 * relative accuracy down to p ≈ 1e-300, which z-maps of tiny p need.
 */

const SQRT_2PI = 2.50662827463100050242;
const EXP_MINUS_2 = 0.13533528323661269189;

// Central region, |p − 0.5| ≤ 3/8 (coefficients highest power first; Q has an implicit leading 1).
const P_CENTRAL = [-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1, -1.23916583867381258016];
const Q_CENTRAL = [1.95448858338141759834, 4.67627912898881538453, 8.63602421390890590575e1, -2.25462687854119370527e2, 2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142];
// Tail, t = sqrt(−2 ln p) in [2, 8).
const P_TAIL = [4.05544892305962419923, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.40805073893200834700e1, 1.46849561928858024014e1, 2.18663306850790267539, -1.40256079171354495875e-1, -3.50424626827848203418e-2, -8.57456785154685413611e-4];
const Q_TAIL = [1.57799883256466749731e1, 4.53907635128879210584e1, 4.13172038254672030440e1, 1.50425385692907503408e1, 2.50464946208309415979, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4];
// Far tail, t ≥ 8 (p below about 1e-14).
const P_FAR = [3.23774891776946035970, 6.91522889068984211695, 3.93881025292474443415, 1.33303460815807542389, 2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6, 6.23974539184983293730e-9];
const Q_FAR = [6.02427039364742014255, 3.67983563856160859403, 1.37702099489081330271, 2.16236993594496635890e-1, 1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9];

function polynomial(x: number, coefficients: number[]): number {
  let acc = coefficients[0];
  for (let i = 1; i < coefficients.length; i++) acc = acc * x + coefficients[i];
  return acc;
}

/** Polynomial with an implicit leading coefficient of 1. */
function monicPolynomial(x: number, coefficients: number[]): number {
  let acc = x + coefficients[0];
  for (let i = 1; i < coefficients.length; i++) acc = acc * x + coefficients[i];
  return acc;
}

/** Φ⁻¹(p): the z with P(Z ≤ z) = p. */
export function inverseNormalCdf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  let upper = true;
  let y = p;
  if (y > 1 - EXP_MINUS_2) {
    y = 1 - y;
    upper = false;
  }
  if (y > EXP_MINUS_2) {
    const w = y - 0.5;
    const w2 = w * w;
    return (w + w * ((w2 * polynomial(w2, P_CENTRAL)) / monicPolynomial(w2, Q_CENTRAL))) * SQRT_2PI;
  }
  const t = Math.sqrt(-2 * Math.log(y));
  const t0 = t - Math.log(t) / t;
  const u = 1 / t;
  const correction = t < 8
    ? (u * polynomial(u, P_TAIL)) / monicPolynomial(u, Q_TAIL)
    : (u * polynomial(u, P_FAR)) / monicPolynomial(u, Q_FAR);
  const z = t0 - correction;
  return upper ? -z : z;
}

/** One-sided z for an upper-tail p, floored at 0 as NiMARE's p_to_z does for one-sided maps. */
export function zFromP(p: number): number {
  return Math.max(-inverseNormalCdf(p), 0);
}
