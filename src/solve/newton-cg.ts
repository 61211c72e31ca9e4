/**
 * Newton-CG (truncated Newton, line-search form): Nocedal & Wright, Numerical Optimization (2nd ed.), Algorithm
 * 7.1. At each iterate, conjugate gradients on the Newton system ∇²f·p = −∇f, with Hessian-vector products from
 * gradfold's `hvp` (forward-over-reverse; the Hessian is never formed), stopped when the residual falls to
 * εₖ = min(0.5, √‖∇f‖)·‖∇f‖ (superlinear convergence) or on a direction of non-positive curvature dᵀ∇²f d ≤ 0 (then
 * p is the CG iterate so far, or −∇f on the first CG step), at most 20·n CG steps (SciPy's cap). Then a strong-Wolfe
 * line search (c₁ = 10⁻⁴, c₂ = 0.9) from α = 1. Norms in the CG test are Euclidean; the stopping test of the outer
 * iteration is ‖∇f‖∞ ≤ gtol like the other methods. No bounds.
 */
import {
  type Counter,
  type SolverOutcome,
  type SolverSettings,
  axpy,
  dot,
  iterationBudget,
  normInf,
  searchFailed,
} from './solver.js';
import { strongWolfe } from './wolfe.js';

/** The most evaluations one line search may use. */
const lineSearchEvals = 30;

/** The inexact Newton direction by CG (Alg. 7.1's inner loop); counts the Hessian-vector products it makes. */
const cgDirection = (
  hessVec: (v: Float64Array) => Float64Array,
  g: Float64Array,
): { readonly p: Float64Array; readonly products: number } => {
  const n = g.length;
  const gnorm = Math.sqrt(dot(g, g));
  const eps = Math.min(0.5, Math.sqrt(gnorm)) * gnorm;
  let z: Float64Array = new Float64Array(n);
  let r: Float64Array = Float64Array.from(g);
  let d: Float64Array = g.map((v) => -v);
  let rr = dot(r, r);
  let products = 0;
  for (let j = 0; j < 20 * n; j++) {
    const bd = hessVec(d);
    products++;
    const curvature = dot(d, bd);
    if (!(curvature > 0)) return { p: j === 0 ? g.map((v) => -v) : z, products };
    const alpha = rr / curvature;
    z = axpy(z, alpha, d);
    r = axpy(r, alpha, bd);
    const rrNext = dot(r, r);
    if (Math.sqrt(rrNext) < eps) return { p: z, products };
    d = axpy(
      r.map((v) => -v),
      rrNext / rr,
      d,
    );
    rr = rrNext;
  }
  return { p: z, products };
};

/** newtonCg(counter, hessVec, x₀, settings): the truncated Newton iteration from x₀. */
export const newtonCg = (
  counter: Counter,
  hessVec: (x: Float64Array, v: Float64Array) => Float64Array,
  x0: Float64Array,
  settings: SolverSettings,
): SolverOutcome => {
  const { gtol, maxEval } = settings;
  const e0 = counter.evaluate(x0);
  let x = x0;
  let f = e0.f;
  let g = e0.g;
  let iterations = 0;
  let products = 0;
  const done = (status: SolverOutcome['status'], reason: string): SolverOutcome => ({
    x,
    f,
    gradNorm: normInf(g),
    iterations,
    evaluations: counter.count(),
    hessianProducts: products,
    status,
    reason,
  });
  if (!Number.isFinite(f) || !g.every(Number.isFinite))
    return done('nonFinite', 'the loss or its gradient is not finite at the initial parameters');
  for (;;) {
    const norm = normInf(g);
    if (norm <= gtol)
      return done('converged', `the gradient's largest element ${norm.toExponential(2)} is ≤ gtol = ${gtol}`);
    const budget = iterationBudget(settings, iterations, norm, counter, lineSearchEvals, done);
    if (typeof budget !== 'number') return budget;
    const at = x;
    const cg = cgDirection((v) => hessVec(at, v), g);
    products += cg.products;
    if (!cg.p.every(Number.isFinite))
      return done('nonFinite', 'a Hessian-vector product was NaN or ±∞; the result is the last finite point');
    const p = cg.p;
    const r = strongWolfe(
      (a) => {
        const xa = axpy(at, a, p);
        const e = counter.evaluate(xa);
        return { value: e.f, slope: dot(e.g, p), data: { x: xa, f: e.f, g: e.g } };
      },
      { value: f, slope: dot(g, p), data: { x, f, g } },
      { c1: 1e-4, c2: 0.9, alpha0: 1, maxEvals: budget },
    );
    if (!r.ok) return searchFailed(r.nonFinite, r.reason, counter, maxEval, done);
    ({ x, f, g } = r.trial.data);
    iterations++;
  }
};
