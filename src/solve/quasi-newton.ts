/**
 * The iteration the quasi-Newton methods of `minimize` share ('bfgs', and 'lbfgs' with bounds), given a model of
 * the inverse Hessian H (dense in bfgs.ts, limited-memory in lbfgs-bounded.ts): p = −H∇f, a step along p, and the
 * model's update with s = x⁺ − x, y = ∇f⁺ − ∇f, skipped when yᵀs ≤ 10⁻¹⁰·‖s‖‖y‖. The first step uses H = I and
 * α₀ = min(1, 1/‖∇f‖∞); the model is told which update is the first, so that it can scale H₀ to (yᵀs / yᵀy)·I
 * (Nocedal & Wright eq. 6.20).
 *
 * Without bounds the step comes from a strong-Wolfe line search (wolfe.ts; c₁ = 10⁻⁴, c₂ = 0.9). With box bounds it
 * is a projected quasi-Newton method in the manner of Bertsekas (1982), "Projected Newton methods for optimization
 * problems with simple constraints", SIAM J. Control Optim. 20(2): the variables at a bound whose gradient points
 * out of the box are held (they take a scaled steepest-descent step, which the projection stops at the bound), the
 * others take the model's step restricted to them, the trial point is projected onto the box, x(α) = P(x + αp), and
 * α is found by halving until f(x(α)) ≤ f(x) + c₁·∇fᵀ(x(α) − x) (an Armijo rule on the projected arc, no Wolfe
 * curvature test). This is not L-BFGS-B (no generalized Cauchy point, no subspace minimization); it converges on
 * convex problems and is adequate for bounds that keep a model valid.
 */
import { type Box, project, projectedGradientNorm } from './bounds.js';
import type { Evaluation } from './flat.js';
import {
  type Counter,
  type SolverOutcome,
  type SolverSettings,
  allFinite,
  axpy,
  dot,
  iterationBudget,
  normInf,
  searchFailed,
} from './solver.js';
import { strongWolfe } from './wolfe.js';

/** A model of the inverse Hessian: its step, its update, its reset. It may keep state between calls. */
export interface InverseHessian {
  /**
   * p = −H∇f; with `held` (bounds), −(the model's inverse of the free block of B = H⁻¹)∇f on the free variables and
   * −γ∇fᵢ on the held ones, γ the model's current scale.
   */
  readonly direction: (g: Float64Array, held: readonly boolean[] | null) => Float64Array;
  /** Takes the pair (s, y) with yᵀs > 0; `first` on the first update of the run. */
  readonly update: (s: Float64Array, y: Float64Array, first: boolean) => void;
  /** Forgets the curvature so far (H ← γI), after a direction that was not downhill. */
  readonly reset: () => void;
}

/** The most evaluations one line search may use. */
const lineSearchEvals = 30;

/** The state of the iteration that the outcome reports from. */
interface Point {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
}

/** The variables at (within 10⁻¹⁰ of) a bound whose gradient points out of the box. */
export const heldSet = (box: Box, x: Float64Array, g: Float64Array): boolean[] =>
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
):
  | { readonly ok: true; readonly point: Point }
  | { readonly ok: false; readonly nonFinite: boolean; readonly reason: string } => {
  let alpha = alpha0;
  let nonFinite = false;
  for (let k = 0; k < maxEvals; k++) {
    const x = project(box, axpy(at.x, alpha, p));
    const decrease = dot(
      at.g,
      x.map((v, i) => v - (at.x[i] ?? 0)),
    );
    if (!(decrease < 0))
      return {
        ok: false,
        nonFinite,
        reason: 'the projected step no longer decreases f to first order (at a bound, or rounding)',
      };
    const e: Evaluation = counter.evaluate(x);
    if (Number.isFinite(e.f) && allFinite(e.g)) {
      if (e.f <= at.f + 1e-4 * decrease) return { ok: true, point: { x, f: e.f, g: e.g } };
    } else nonFinite = true;
    alpha /= 2;
  }
  return {
    ok: false,
    nonFinite,
    reason: `no step on the projected arc met the Armijo rule within ${maxEvals} evaluations`,
  };
};

/** quasiNewton(counter, x₀, settings, model): the iteration from x₀ (already inside the box). */
export const quasiNewton = (
  counter: Counter,
  x0: Float64Array,
  settings: SolverSettings,
  model: InverseHessian,
): SolverOutcome => {
  const { gtol, maxEval, box } = settings;
  const e0 = counter.evaluate(x0);
  let at: Point = { x: x0, f: e0.f, g: e0.g };
  let iterations = 0;
  let updated = false;
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
  if (!Number.isFinite(at.f) || !allFinite(at.g))
    return done('nonFinite', 'the loss or its gradient is not finite at the initial parameters');
  for (;;) {
    const norm = projectedGradientNorm(box, at.x, at.g);
    if (norm <= gtol)
      return done(
        'converged',
        `the ${box === null ? '' : 'projected '}gradient's largest element ` +
          `${norm.toExponential(2)} is ≤ gtol = ${gtol}`,
      );
    const budget = iterationBudget(settings, iterations, norm, counter, lineSearchEvals, done);
    if (typeof budget !== 'number') return budget;
    const held = box === null ? null : heldSet(box, at.x, at.g);
    let p = model.direction(at.g, held);
    if (!(dot(p, at.g) < 0)) {
      model.reset();
      p = model.direction(at.g, held);
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
      if (!r.ok) return searchFailed(r.nonFinite, r.reason, counter, maxEval, done);
      at = r.trial.data;
    } else {
      const r = projectedSearch(counter, box, from, p, alpha0, budget);
      if (!r.ok) return searchFailed(r.nonFinite, r.reason, counter, maxEval, done);
      at = r.point;
    }
    iterations++;
    const s = at.x.map((v, i) => v - (from.x[i] ?? 0));
    const y = at.g.map((v, i) => v - (from.g[i] ?? 0));
    const ys = dot(y, s);
    if (ys > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      model.update(s, y, !updated);
      updated = true;
    }
  }
};
