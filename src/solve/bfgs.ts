/**
 * BFGS with a dense inverse-Hessian approximation H (n×n, for small problems): Nocedal & Wright, Numerical
 * Optimization (2nd ed.), Algorithm 6.1, run by the shared iteration of quasi-newton.ts (strong-Wolfe line search
 * without bounds, projected Armijo search with them). With s = x⁺ − x, y = ∇f⁺ − ∇f, ρ = 1/yᵀs:
 *
 *   H⁺ = (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ,
 *
 * with H₀ = I for the first step and H₀ scaled to (yᵀs / yᵀy)·I just before the first update (their eq. 6.20).
 * With bounds, the free variables F take −(B_FF)⁻¹∇f_F, the exact inverse of the free block of B = H⁻¹.
 */
import { type Counter, type SolverOutcome, type SolverSettings, dot } from './solver.js';
import { type InverseHessian, quasiNewton } from './quasi-newton.js';

/** H·v for a dense row-major n×n H. */
const matVec = (h: Float64Array, v: Float64Array): Float64Array => {
  const n = v.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (h[i * n + j] ?? 0) * (v[j] ?? 0);
    out[i] = s;
  }
  return out;
};

/** c·I, n×n. */
const scaledIdentity = (n: number, c: number): Float64Array => {
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = c;
  return h;
};

/**
 * The BFGS update of H in place: H ← H − ρ(Hy sᵀ + s (Hy)ᵀ) + (ρ + ρ²·yᵀHy) ssᵀ (the expanded form of Alg. 6.1's
 * update).
 */
export const update = (h: Float64Array, s: Float64Array, y: Float64Array): void => {
  const n = s.length;
  const rho = 1 / dot(y, s);
  const hy = matVec(h, y);
  const c = rho + rho * rho * dot(y, hy);
  for (let i = 0; i < n; i++) {
    const si = s[i] ?? 0;
    const hyi = hy[i] ?? 0;
    for (let j = 0; j < n; j++) {
      const sj = s[j] ?? 0;
      const k = i * n + j;
      h[k] = (h[k] ?? 0) - rho * (hyi * sj + si * (hy[j] ?? 0)) + c * si * sj;
    }
  }
};

/**
 * The search direction: −H∇f, or with bounds −(B_FF)⁻¹∇f_F on the free set F and −γ∇fᵢ on the held set A, where
 * (B_FF)⁻¹ = H_FF − H_FA (H_AA)⁻¹ H_AF is the inverse of the free block of B = H⁻¹ (a Schur complement; H_AA is
 * positive definite as a principal block of H).
 */
const direction = (h: Float64Array, g: Float64Array, held: readonly boolean[] | null, gamma: number): Float64Array => {
  if (held === null) return matVec(h, g).map((v) => -v);
  const n = g.length;
  const a = held.flatMap((b, i) => (b ? [i] : []));
  const f = held.flatMap((b, i) => (b ? [] : [i]));
  const hAt = (i: number, j: number): number => h[i * n + j] ?? 0;
  const p = new Float64Array(n);
  for (const i of a) p[i] = -gamma * (g[i] ?? 0);
  // v = H_AF g_F; w = (H_AA)⁻¹ v; p_F = −(H_FF g_F − H_FA w).
  const v = Float64Array.from(a, (i) => f.reduce((s, j) => s + hAt(i, j) * (g[j] ?? 0), 0));
  const w = a.length === 0 ? v : choleskySolve(Float64Array.from(a.flatMap((i) => a.map((j) => hAt(i, j)))), v);
  for (const i of f) {
    let s = 0;
    for (const j of f) s += hAt(i, j) * (g[j] ?? 0);
    a.forEach((j, k) => {
      s -= hAt(i, j) * (w[k] ?? 0);
    });
    p[i] = -s;
  }
  return p;
};

/** The solution of M·w = v for a symmetric positive definite k×k M (row-major), by Cholesky; NaNs if M is not. */
const choleskySolve = (m: Float64Array, v: Float64Array): Float64Array => {
  const k = v.length;
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * k + j] ?? 0;
      for (let q = 0; q < j; q++) s -= (l[i * k + q] ?? 0) * (l[j * k + q] ?? 0);
      l[i * k + j] = i === j ? Math.sqrt(s) : s / (l[j * k + j] ?? NaN);
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = v[i] ?? 0;
    for (let q = 0; q < i; q++) s -= (l[i * k + q] ?? 0) * (z[q] ?? 0);
    z[i] = s / (l[i * k + i] ?? NaN);
  }
  const w = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i] ?? 0;
    for (let q = i + 1; q < k; q++) s -= (l[q * k + i] ?? 0) * (w[q] ?? 0);
    w[i] = s / (l[i * k + i] ?? NaN);
  }
  return w;
};

/** The dense model: H as an n×n row-major matrix. */
const denseModel = (n: number): InverseHessian => {
  let h = scaledIdentity(n, 1);
  let gamma = 1;
  return {
    direction: (g, held) => direction(h, g, held, gamma),
    update: (s, y, first) => {
      if (first) {
        gamma = dot(y, s) / dot(y, y);
        h = scaledIdentity(n, gamma);
      }
      update(h, s, y);
    },
    reset: () => {
      h = scaledIdentity(n, gamma);
    },
  };
};

/** bfgs(counter, x₀, settings): the BFGS iteration from x₀ (already inside the box). */
export const bfgs = (counter: Counter, x0: Float64Array, settings: SolverSettings): SolverOutcome =>
  quasiNewton(counter, x0, settings, denseModel(x0.length));
