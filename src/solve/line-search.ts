/**
 * The strong-Wolfe line search of torch.optim.LBFGS (`_strong_wolfe` and `_cubic_interpolate` in
 * torch/optim/lbfgs.py, themselves ported from Torch7's lswolfe.lua and polyinterp.lua): bracketing by cubic
 * extrapolation, then a zoom by cubic interpolation with a guard against trial steps too near the bracket's
 * ends. It looks for t with
 *
 *   f(x + t·d) ≤ f(x) + c₁·t·gᵀd   (sufficient decrease)   and   |∇f(x + t·d)ᵀd| ≤ −c₂·gᵀd   (curvature).
 *
 * Every branch, constant and comparison is PyTorch's, so that L-BFGS follows torch's path step for step. One
 * addition: a trial whose value or gradient is NaN or ±∞ ends the search at once with `finite: false` (PyTorch
 * would go on with the NaN and return it).
 */
import { allFinite, dot, maxAbs } from './lbfgs-flat.js';

/** f and ∇f at x + t·d for a trial step t. */
export type DirectionalEvaluation = (t: number) => readonly [number, Float64Array];

/** What the search returns. */
export interface LineSearchResult {
  /** The step accepted (the bracket's lower end when the search ran out of iterations). */
  readonly t: number;
  /** f(x + t·d). */
  readonly f: number;
  /** ∇f(x + t·d). */
  readonly g: Float64Array;
  /** How many times f was evaluated. */
  readonly evals: number;
  /**
   * False when a trial gave a NaN or ±∞ value or gradient (then t, f and g are the last finite point's: 0, f(x),
   * g).
   */
  readonly finite: boolean;
}

/** The constants of the search (PyTorch's defaults: c₁ = 1e−4, c₂ = 0.9, 1e−9, 25). */
export interface StrongWolfeSettings {
  /** c₁ of the sufficient-decrease condition. */
  readonly c1: number;
  /** c₂ of the curvature condition. */
  readonly c2: number;
  /** The zoom stops when |bracket width|·maxᵢ|dᵢ| < toleranceChange. */
  readonly toleranceChange: number;
  /** The most iterations (bracketing and zoom together). */
  readonly maxLs: number;
}

/** PyTorch's constants: `_strong_wolfe(..., c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25)`. */
export const torchWolfe: StrongWolfeSettings = { c1: 1e-4, c2: 0.9, toleranceChange: 1e-9, maxLs: 25 };

/**
 * cubicInterpolate(x1, f1, g1, x2, f2, g2, bounds?): the minimizer of the cubic through (x1, f1) and (x2, f2)
 * with slopes g1 and g2, clamped to the bounds (default [min(x1, x2), max(x1, x2)]); the bounds' midpoint when the
 * cubic has no real minimizer. With d₁ = g₁ + g₂ − 3(f₁ − f₂)/(x₁ − x₂) and d₂ = √(d₁² − g₁g₂), for x₁ ≤ x₂:
 * x₂ − (x₂ − x₁)·(g₂ + d₂ − d₁)/(g₂ − g₁ + 2d₂).
 */
export const cubicInterpolate = (
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: readonly [number, number],
): number => {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos =
      x1 <= x2
        ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
};

/** One end of a bracket: the step, f, ∇f and the slope ∇fᵀd there. */
interface End {
  readonly t: number;
  readonly f: number;
  readonly g: Float64Array;
  readonly gtd: number;
}

const stopped = (f: number, g: Float64Array, evals: number): LineSearchResult => ({ t: 0, f, g, evals, finite: false });

/**
 * strongWolfe(evaluate, d, t, f, g, gtd, settings): PyTorch's `_strong_wolfe(obj_func, x, t, d, f, g, gtd)`
 * from the initial trial step t, where f, g are f(x), ∇f(x) and gtd = gᵀd < 0. `evaluate(t)` returns f and ∇f
 * at x + t·d.
 */
export const strongWolfe = (
  evaluate: DirectionalEvaluation,
  d: Float64Array,
  t0: number,
  f: number,
  g: Float64Array,
  gtd: number,
  settings: StrongWolfeSettings = torchWolfe,
): LineSearchResult => {
  const { c1, c2, toleranceChange, maxLs } = settings;
  const dNorm = maxAbs(d);
  let t = t0;
  let [fNew, gNew] = evaluate(t);
  let evals = 1;
  if (!Number.isFinite(fNew) || !allFinite(gNew)) return stopped(f, g, evals);
  let gtdNew = dot(gNew, d);

  // Bracketing: an interval containing a point that satisfies the Wolfe conditions.
  let prev: End = { t: 0, f, g, gtd };
  let bracket: End[] | null = null;
  let done = false;
  let lsIter = 0;
  while (lsIter < maxLs) {
    const here: End = { t, f: fNew, g: gNew, gtd: gtdNew };
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= prev.f)) {
      bracket = [prev, here];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = [here];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = [prev, here];
      break;
    }
    // Extrapolate by cubic interpolation within [t + 0.01(t − t_prev), 10t].
    const minStep = t + 0.01 * (t - prev.t);
    const maxStep = t * 10;
    t = cubicInterpolate(prev.t, prev.f, prev.gtd, t, fNew, gtdNew, [minStep, maxStep]);
    prev = here;
    [fNew, gNew] = evaluate(t);
    evals += 1;
    if (!Number.isFinite(fNew) || !allFinite(gNew)) return stopped(f, g, evals);
    gtdNew = dot(gNew, d);
    lsIter += 1;
  }
  // Out of iterations: PyTorch brackets [0, t] (its slopes are never read, the zoom does not run).
  if (lsIter === maxLs || bracket === null)
    bracket = [
      { t: 0, f, g, gtd },
      { t, f: fNew, g: gNew, gtd: gtdNew },
    ];

  // Zoom: shrink the bracket until a point satisfies the conditions.
  let insufProgress = false;
  let [low, high] = firstOf(bracket, 0).f <= lastOf(bracket).f ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    const a = firstOf(bracket, 0);
    const b = firstOf(bracket, 1);
    if (Math.abs(b.t - a.t) * dNorm < toleranceChange) break;
    t = cubicInterpolate(a.t, a.f, a.gtd, b.t, b.f, b.gtd);
    // Guard: a trial within 10 % of the bracket's width from an end moves to 10 % inside it, when the last trial
    // also made insufficient progress or this one is at (or past) an end.
    const hi = Math.max(a.t, b.t);
    const lo = Math.min(a.t, b.t);
    const eps = 0.1 * (hi - lo);
    if (Math.min(hi - t, t - lo) < eps) {
      if (insufProgress || t >= hi || t <= lo) {
        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
        insufProgress = false;
      } else insufProgress = true;
    } else insufProgress = false;

    [fNew, gNew] = evaluate(t);
    evals += 1;
    if (!Number.isFinite(fNew) || !allFinite(gNew)) return stopped(f, g, evals);
    gtdNew = dot(gNew, d);
    lsIter += 1;
    const here: End = { t, f: fNew, g: gNew, gtd: gtdNew };
    const lowEnd = firstOf(bracket, low);
    const highEnd = firstOf(bracket, high);
    if (fNew > f + c1 * t * gtd || fNew >= lowEnd.f) {
      // Not enough decrease, or not below the low end: the trial becomes the high end.
      bracket = high === 0 ? [here, lowEnd] : [lowEnd, here];
      [low, high] = firstOf(bracket, 0).f <= firstOf(bracket, 1).f ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (highEnd.t - lowEnd.t) >= 0) {
        // The old low end becomes the high end.
        bracket = [lowEnd, lowEnd];
      }
      // The trial becomes the low end.
      const other = firstOf(bracket, high);
      bracket = low === 0 ? [here, other] : [other, here];
    }
  }
  const best = firstOf(bracket, low);
  return { t: best.t, f: best.f, g: best.g, evals, finite: true };
};

/** bracket[i] for an index the search keeps in range (0 or 1, or 0 for a one-point bracket). */
const firstOf = (bracket: readonly End[], i: number): End => {
  const e = bracket[i] ?? bracket[0];
  if (e === undefined) throw new Error('internal: an empty line-search bracket');
  return e;
};

/** bracket[-1] (Python's last element). */
const lastOf = (bracket: readonly End[]): End => firstOf(bracket, bracket.length - 1);
