/**
 * BFGS with a dense inverse-Hessian approximation H (n×n, for small problems): Nocedal & Wright, Numerical
 * Optimization (2nd ed.), Algorithm 6.1. p = −H∇f; a strong-Wolfe line search (c₁ = 10⁻⁴, c₂ = 0.9) gives
 * x⁺ = x + αp; with s = x⁺ − x, y = ∇f⁺ − ∇f, ρ = 1/yᵀs:
 *
 *   H⁺ = (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ,
 *
 * with H₀ = I for the first step and H₀ scaled to (yᵀs / yᵀy)·I just before the first update (their eq. 6.20).
 *
 * With box bounds it is a projected quasi-Newton method in the manner of Bertsekas (1982), "Projected Newton
 * methods for optimization problems with simple constraints", SIAM J. Control Optim. 20(2): the variables at a
 * bound whose gradient pushes outwards are held to a steepest-descent step, the others take the quasi-Newton step
 * of the free block of B = H⁻¹ (inverted through H's Schur complement), the trial point is projected onto the
 * box, x(α) = P(x + αp), and α is found by backtracking until f(x(α)) ≤ f(x) + c₁·∇fᵀ(x(α) − x) (an Armijo
 * rule on the projected arc, no Wolfe curvature test); the update is skipped when yᵀs ≤ 10⁻¹⁰·‖s‖‖y‖. This is not L-BFGS-B (no generalized Cauchy point, no
 * subspace minimization); it converges on convex problems and is adequate for bounds that keep a model valid.
 */
import { type Box, project, projectedGradientNorm } from './bounds.js';
import type { Evaluation } from './flat.js';
import { type Counter, type SolverOutcome, type SolverSettings, allFinite, axpy, dot, normInf } from './solver.js';
import { strongWolfe } from './wolfe.js';

/** The most evaluations one line search may use. */
const lineSearchEvals = 30;

/** The state of the iteration that the outcome reports from. */
interface Point {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
}

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

/** The BFGS update of H in place: H ← H − ρ(Hy sᵀ + s (Hy)ᵀ) + (ρ + ρ²·yᵀHy) ssᵀ (the expanded form of Alg. 6.1's update). */
const update = (h: Float64Array, s: Float64Array, y: Float64Array): void => {
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
const direction = (h: Float64Array, x: Float64Array, g: Float64Array, box: Box | null, gamma: number): Float64Array => {
  if (box === null) return matVec(h, g).map((v) => -v);
  const n = x.length;
  const held = heldSet(box, x, g);
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

/** The variables at (within 10⁻¹⁰ of) a bound whose gradient points out of the box. */
const heldSet = (box: Box, x: Float64Array, g: Float64Array): boolean[] =>
  Array.from(x, (xi, i) => {
    const gi = g[i] ?? 0;
    const l = box.lower[i] ?? -Infinity;
    const u = box.upper[i] ?? Infinity;
    return (xi <= l + 1e-10 * (1 + Math.abs(l)) && gi > 0) || (xi >= u - 1e-10 * (1 + Math.abs(u)) && gi < 0);
  });

/** Backtracking on the projected arc x(α) = P(x + αp) with the Armijo rule f(x(α)) ≤ f + c₁∇fᵀ(x(α) − x). */
const projectedSearch = (
  counter: Counter,
  box: Box,
  at: Point,
  p: Float64Array,
  alpha0: number,
  maxEvals: number,
): { readonly ok: true; readonly point: Point } | { readonly ok: false; readonly nonFinite: boolean; readonly reason: string } => {
  let alpha = alpha0;
  let nonFinite = false;
  for (let k = 0; k < maxEvals; k++) {
    const x = project(box, axpy(at.x, alpha, p));
    const decrease = dot(at.g, x.map((v, i) => v - (at.x[i] ?? 0)));
    if (!(decrease < 0)) return { ok: false, nonFinite, reason: 'the projected step no longer decreases f to first order (at a bound, or rounding)' };
    const e: Evaluation = counter.evaluate(x);
    if (Number.isFinite(e.f) && allFinite(e.g)) {
      if (e.f <= at.f + 1e-4 * decrease) return { ok: true, point: { x, f: e.f, g: e.g } };
    } else nonFinite = true;
    alpha /= 2;
  }
  return { ok: false, nonFinite, reason: `no step on the projected arc met the Armijo rule within ${maxEvals} evaluations` };
};

/** bfgs(counter, x₀, settings): the BFGS iteration from x₀ (already inside the box). */
export const bfgs = (counter: Counter, x0: Float64Array, settings: SolverSettings): SolverOutcome => {
  const { gtol, maxIter, maxEval, box } = settings;
  const n = x0.length;
  const e0 = counter.evaluate(x0);
  let at: Point = { x: x0, f: e0.f, g: e0.g };
  let h = scaledIdentity(n, 1);
  let gamma = 1;
  let iterations = 0;
  const done = (status: SolverOutcome['status'], reason: string): SolverOutcome => ({
    x: at.x,
    f: at.f,
    gradNorm: projectedGradientNorm(box, at.x, at.g),
    iterations,
    evaluations: counter.count(),
    hessianProducts: 0,
    status,
    reason,
  });
  if (!Number.isFinite(at.f) || !allFinite(at.g)) return done('nonFinite', 'the loss or its gradient is not finite at the initial parameters');
  for (;;) {
    const norm = projectedGradientNorm(box, at.x, at.g);
    if (norm <= gtol) return done('converged', `the ${box === null ? '' : 'projected '}gradient's largest element ${norm.toExponential(2)} is ≤ gtol = ${gtol}`);
    if (iterations >= maxIter) return done('maxIter', `${maxIter} iterations done (maxIter) with the gradient's largest element at ${norm.toExponential(2)}`);
    const budget = Math.min(lineSearchEvals, maxEval - counter.count());
    if (budget <= 0) return done('maxEval', `${counter.count()} evaluations done (maxEval)`);
    let p = direction(h, at.x, at.g, box, gamma);
    if (!(dot(p, at.g) < 0)) {
      h = scaledIdentity(n, gamma);
      p = direction(h, at.x, at.g, box, gamma);
    }
    const alpha0 = iterations === 0 ? Math.min(1, 1 / normInf(at.g)) : 1;
    const from = at;
    if (box === null) {
      const r = strongWolfe(
        (a) => {
          const x = axpy(from.x, a, p);
          const e = counter.evaluate(x);
          return { value: e.f, slope: dot(e.g, p), data: { x, f: e.f, g: e.g } };
        },
        { value: from.f, slope: dot(from.g, p), data: from },
        { c1: 1e-4, c2: 0.9, alpha0, maxEvals: budget },
      );
      if (!r.ok) return failed(r.nonFinite, r.reason, counter, maxEval, done);
      at = r.trial.data;
    } else {
      const r = projectedSearch(counter, box, from, p, alpha0, budget);
      if (!r.ok) return failed(r.nonFinite, r.reason, counter, maxEval, done);
      at = r.point;
    }
    iterations++;
    const s = at.x.map((v, i) => v - (from.x[i] ?? 0));
    const y = at.g.map((v, i) => v - (from.g[i] ?? 0));
    const ys = dot(y, s);
    if (ys > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iterations === 1) {
        gamma = ys / dot(y, y);
        h = scaledIdentity(n, gamma);
      }
      update(h, s, y);
    }
  }
};

/** The status of a failed line search: the budget, a non-finite loss, or the search itself. */
const failed = (
  nonFinite: boolean,
  reason: string,
  counter: Counter,
  maxEval: number,
  done: (status: SolverOutcome['status'], reason: string) => SolverOutcome,
): SolverOutcome => {
  if (counter.count() >= maxEval) return done('maxEval', `${counter.count()} evaluations done (maxEval) during a line search`);
  if (nonFinite) return done('nonFinite', `the loss or its gradient became NaN or ±∞ along the search direction and no shorter step helped (${reason}); the result is the last finite point`);
  return done('lineSearchFailed', `the line search failed: ${reason}`);
};
