/**
 * The dense linear algebra of Levenberg–Marquardt, after MINPACK (Moré, Garbow, Hillstrom 1980; Moré 1978):
 * `qrfac` (Householder QR with column pivoting), `qrsolv` (the damped least-squares system by Givens rotations on
 * R) and `lmpar` (the Levenberg–Marquardt parameter λ for a trust-region radius Δ). Matrices are column-major
 * Float64Arrays: element (i, j) of an m-row matrix is `a[i + j·m]`. Internal: not exported from the package.
 */

/** The machine precision ε = 2⁻⁵² (MINPACK's epsmch). */
export const epsmch = Number.EPSILON;
/** The smallest positive normal float64 (MINPACK's dwarf). */
const dwarf = 2.2250738585072014e-308;

const at = (a: Float64Array, k: number): number => a[k] ?? 0;

/** ‖x[from..to)‖₂ computed with a scale so that neither overflow nor underflow loses it (MINPACK's enorm). */
export const enorm = (x: Float64Array, from = 0, to = x.length, stride = 1): number => {
  let scale = 0;
  for (let k = from; k < to; k++) scale = Math.max(scale, Math.abs(at(x, k * stride)));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let k = from; k < to; k++) {
    const v = at(x, k * stride) / scale;
    sum += v * v;
  }
  return scale * Math.sqrt(sum);
};

/** The norm of rows [from, m) of column j of the m-row column-major a. */
const colNorm = (a: Float64Array, m: number, j: number, from: number): number =>
  enorm(a.subarray(j * m, (j + 1) * m), from, m);

/** What `qrfac` leaves beside the factored matrix. */
export interface QRFactors {
  /** The column permutation: column j of A·P is column ipvt[j] of A. */
  readonly ipvt: Int32Array;
  /** The diagonal of R. */
  readonly rdiag: Float64Array;
  /** The Euclidean norms of the columns of the original A. */
  readonly acnorm: Float64Array;
}

/**
 * qrfac(a, m, n): A·P = Q·R in place by Householder reflections with column pivoting (the largest remaining column
 * first). On return the strict upper triangle of the leading n×n block of `a` holds R's, rdiag its diagonal, and
 * column j of the lower part (rows ≥ j) the Householder vector v_j with Q = (I − v₁v₁ᵀ/v₁₁)⋯. Requires m ≥ n.
 */
export const qrfac = (a: Float64Array, m: number, n: number): QRFactors => {
  const ipvt = Int32Array.from({ length: n }, (_, j) => j);
  const acnorm = Float64Array.from({ length: n }, (_, j) => colNorm(a, m, j, 0));
  const rdiag = Float64Array.from(acnorm);
  const wa = Float64Array.from(acnorm);
  for (let j = 0; j < Math.min(m, n); j++) {
    let kmax = j;
    for (let k = j; k < n; k++) if (at(rdiag, k) > at(rdiag, kmax)) kmax = k;
    if (kmax !== j) {
      for (let i = 0; i < m; i++) {
        const t = at(a, i + j * m);
        a[i + j * m] = at(a, i + kmax * m);
        a[i + kmax * m] = t;
      }
      rdiag[kmax] = at(rdiag, j);
      wa[kmax] = at(wa, j);
      const p = ipvt[j] ?? j;
      ipvt[j] = ipvt[kmax] ?? kmax;
      ipvt[kmax] = p;
    }
    let ajnorm = colNorm(a, m, j, j);
    if (ajnorm !== 0) {
      if (at(a, j + j * m) < 0) ajnorm = -ajnorm;
      for (let i = j; i < m; i++) a[i + j * m] = at(a, i + j * m) / ajnorm;
      a[j + j * m] = at(a, j + j * m) + 1;
      for (let k = j + 1; k < n; k++) {
        let sum = 0;
        for (let i = j; i < m; i++) sum += at(a, i + j * m) * at(a, i + k * m);
        const t = sum / at(a, j + j * m);
        for (let i = j; i < m; i++) a[i + k * m] = at(a, i + k * m) - t * at(a, i + j * m);
        if (at(rdiag, k) !== 0) {
          const r = at(a, j + k * m) / at(rdiag, k);
          rdiag[k] = at(rdiag, k) * Math.sqrt(Math.max(0, 1 - r * r));
          if (0.05 * (at(rdiag, k) / at(wa, k)) ** 2 <= epsmch) {
            rdiag[k] = colNorm(a, m, k, j + 1);
            wa[k] = at(rdiag, k);
          }
        }
      }
    }
    rdiag[j] = -ajnorm;
  }
  return { ipvt, rdiag, acnorm };
};

/**
 * qtb(a, m, n, rdiag, b): Qᵀb (its first n elements) from qrfac's Householder vectors; afterwards the diagonal of
 * `a` is set to rdiag, so the leading n×n upper triangle of `a` is R (as MINPACK's lmder does).
 */
export const applyQt = (a: Float64Array, m: number, n: number, rdiag: Float64Array, b: Float64Array): Float64Array => {
  const w = Float64Array.from(b);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const ajj = at(a, j + j * m);
    if (ajj !== 0) {
      let sum = 0;
      for (let i = j; i < m; i++) sum += at(a, i + j * m) * at(w, i);
      const t = -sum / ajj;
      for (let i = j; i < m; i++) w[i] = at(w, i) + at(a, i + j * m) * t;
    }
    a[j + j * m] = at(rdiag, j);
    out[j] = at(w, j);
  }
  return out;
};

/**
 * qrsolv: given A·P = Q·R (R in the upper triangle of r, leading dimension ldr), the diagonal D and Qᵀb, the x
 * minimising ‖[A; D](x) − [b; 0]‖ by Givens rotations that reduce [R; PᵀDP] to the upper triangular S. S's
 * diagonal goes to sdiag and its strict upper triangle, transposed, to r's strict lower triangle (R is kept).
 * A singular S gives the least-squares solution with the dependent components set to 0.
 */
export const qrsolv = (
  r: Float64Array,
  ldr: number,
  n: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  sdiag: Float64Array,
): Float64Array => {
  const x = new Float64Array(n);
  const wa = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[i + j * ldr] = at(r, j + i * ldr);
    x[j] = at(r, j + j * ldr);
    wa[j] = at(qtb, j);
  }
  for (let j = 0; j < n; j++) {
    const l = ipvt[j] ?? j;
    if (at(diag, l) !== 0) {
      for (let k = j; k < n; k++) sdiag[k] = 0;
      sdiag[j] = at(diag, l);
      let qtbpj = 0;
      for (let k = j; k < n; k++) {
        const sk = at(sdiag, k);
        if (sk === 0) continue;
        const rkk = at(r, k + k * ldr);
        let cos: number;
        let sin: number;
        if (Math.abs(rkk) < Math.abs(sk)) {
          const cotan = rkk / sk;
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        } else {
          const tan = sk / rkk;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        }
        r[k + k * ldr] = cos * rkk + sin * sk;
        const t = cos * at(wa, k) + sin * qtbpj;
        qtbpj = -sin * at(wa, k) + cos * qtbpj;
        wa[k] = t;
        for (let i = k + 1; i < n; i++) {
          const u = cos * at(r, i + k * ldr) + sin * at(sdiag, i);
          sdiag[i] = -sin * at(r, i + k * ldr) + cos * at(sdiag, i);
          r[i + k * ldr] = u;
        }
      }
    }
    sdiag[j] = at(r, j + j * ldr);
    r[j + j * ldr] = at(x, j);
  }
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (at(sdiag, j) === 0 && nsing === n) nsing = j;
    if (nsing < n) wa[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    let sum = 0;
    for (let i = j + 1; i < nsing; i++) sum += at(r, i + j * ldr) * at(wa, i);
    wa[j] = (at(wa, j) - sum) / at(sdiag, j);
  }
  for (let j = 0; j < n; j++) x[ipvt[j] ?? j] = at(wa, j);
  return x;
};

/**
 * lmpar's answer: the parameter λ and the step x solving (JᵀJ + λDᵀD)x = −Jᵀr (up to sign: x solves the +Jᵀr
 * system).
 */
export interface LmStep {
  /** λ ≥ 0, with ‖Dx‖ within 10% of Δ (or λ = 0 when the Gauss–Newton step is inside the region). */
  readonly par: number;
  /** The solution x of min ‖[J; √λ D]x − [r; 0]‖ (the step is −x). */
  readonly x: Float64Array;
}

/**
 * lmpar (Moré 1978, §5): the λ ≥ 0 for which the solution x of (JᵀJ + λDᵀD)x = Jᵀr has ‖Dx‖ ≈ Δ (within 10%), or
 * λ = 0 when the Gauss–Newton step already has ‖Dx‖ ≤ 1.1Δ; found by the safeguarded Newton iteration on
 * φ(λ) = ‖Dx(λ)‖ − Δ between the bounds parl and paru, at most 10 iterations. R is in r (ldr rows), from qrfac.
 */
export const lmpar = (
  r: Float64Array,
  ldr: number,
  n: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  delta: number,
  par0: number,
): LmStep => {
  const wa1 = new Float64Array(n);
  const wa2 = new Float64Array(n);
  const sdiag = new Float64Array(n);
  let x: Float64Array = new Float64Array(n);
  let nsing = n;
  for (let j = 0; j < n; j++) {
    wa1[j] = at(qtb, j);
    if (at(r, j + j * ldr) === 0 && nsing === n) nsing = j;
    if (nsing < n) wa1[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    wa1[j] = at(wa1, j) / at(r, j + j * ldr);
    const t = at(wa1, j);
    for (let i = 0; i < j; i++) wa1[i] = at(wa1, i) - at(r, i + j * ldr) * t;
  }
  for (let j = 0; j < n; j++) x[ipvt[j] ?? j] = at(wa1, j);
  for (let j = 0; j < n; j++) wa2[j] = at(diag, j) * at(x, j);
  let dxnorm = enorm(wa2);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return { par: 0, x };
  let parl = 0;
  if (nsing >= n) {
    for (let j = 0; j < n; j++) {
      const l = ipvt[j] ?? j;
      wa1[j] = at(diag, l) * (at(wa2, l) / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < j; i++) sum += at(r, i + j * ldr) * at(wa1, i);
      wa1[j] = (at(wa1, j) - sum) / at(r, j + j * ldr);
    }
    const t = enorm(wa1);
    parl = fp / delta / t / t;
  }
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += at(r, i + j * ldr) * at(qtb, i);
    wa1[j] = sum / at(diag, ipvt[j] ?? j);
  }
  const gnorm = enorm(wa1);
  let paru = gnorm / delta;
  if (paru === 0) paru = dwarf / Math.min(delta, 0.1);
  let par = Math.min(Math.max(par0, parl), paru);
  if (par === 0) par = gnorm / dxnorm;
  for (let iter = 1; ; iter++) {
    if (par === 0) par = Math.max(dwarf, 0.001 * paru);
    const s = Math.sqrt(par);
    for (let j = 0; j < n; j++) wa1[j] = s * at(diag, j);
    x = qrsolv(r, ldr, n, ipvt, wa1, qtb, sdiag);
    for (let j = 0; j < n; j++) wa2[j] = at(diag, j) * at(x, j);
    dxnorm = enorm(wa2);
    const previous = fp;
    fp = dxnorm - delta;
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= previous && previous < 0) || iter === 10) break;
    for (let j = 0; j < n; j++) {
      const l = ipvt[j] ?? j;
      wa1[j] = at(diag, l) * (at(wa2, l) / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      wa1[j] = at(wa1, j) / at(sdiag, j);
      const t = at(wa1, j);
      for (let i = j + 1; i < n; i++) wa1[i] = at(wa1, i) - at(r, i + j * ldr) * t;
    }
    const t = enorm(wa1);
    const parc = fp / delta / t / t;
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return { par, x };
};
