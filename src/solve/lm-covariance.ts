/**
 * (JᵀJ)⁻¹ from a pivoted QR of J (J·P = Q·R, so JᵀJ = P RᵀR Pᵀ and (JᵀJ)⁻¹ = P R⁻¹R⁻ᵀ Pᵀ), never forming JᵀJ: the
 * unscaled covariance of a least-squares fit. Internal to `leastSquares`.
 */
import { epsmch, qrfac } from './lm-qr.js';

/**
 * unscaledCovariance(J, m, n): (JᵀJ)⁻¹ as a row-major n×n array, or undefined when J is numerically rank-deficient:
 * some |R_kk| ≤ ε·max(m, n)·max|R_jj| (the threshold SciPy's curve_fit applies to J's singular values). J
 * (column-major) is not modified.
 */
export const unscaledCovariance = (J: Float64Array, m: number, n: number): Float64Array | undefined => {
  const a = Float64Array.from(J);
  const { ipvt, rdiag } = qrfac(a, m, n);
  const big = rdiag.reduce((b, v) => Math.max(b, Math.abs(v)), 0);
  if (!(big > 0) || rdiag.some((v) => !(Math.abs(v) > epsmch * Math.max(m, n) * big))) return undefined;
  // R (upper triangle of a with rdiag on the diagonal) inverted column by column: R·W = I, W upper triangular.
  const rAt = (i: number, j: number): number => (i === j ? (rdiag[i] ?? NaN) : (a[i + j * m] ?? NaN));
  const w = new Float64Array(n * n); // w[i + j·n] = W_ij
  for (let j = 0; j < n; j++) {
    for (let i = j; i >= 0; i--) {
      let sum = i === j ? 1 : 0;
      for (let k = i + 1; k <= j; k++) sum -= rAt(i, k) * (w[k + j * n] ?? 0);
      w[i + j * n] = sum / rAt(i, i);
    }
  }
  // C = W Wᵀ in the pivoted order; then C_full[ipvt[i], ipvt[j]] = C[i, j].
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = Math.max(i, j); k < n; k++) sum += (w[i + k * n] ?? 0) * (w[j + k * n] ?? 0);
      out[(ipvt[i] ?? i) * n + (ipvt[j] ?? j)] = sum;
    }
  }
  return out;
};
