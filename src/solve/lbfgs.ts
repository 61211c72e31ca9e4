/**
 * L-BFGS as a pure state transition, step for step torch.optim.LBFGS: `lbfgs(options)` returns `{init, step}`,
 * where `init(params)` is the state before the first step and `step(f, params, state)` is ONE call of PyTorch's
 * `optimizer.step(closure)`, up to `maxIter` iterations, with f = valueAndGrad(loss) in the closure's place.
 * Nothing mutates; the state is plain data (see lbfgs-state.ts).
 *
 * The parameters are a tree (numbers and tensors, any dtype), flattened in `leaves` order to one float64 vector
 * x of n elements. All arithmetic is float64; float32 leaves are widened when read, and rounded when the
 * parameters are handed to f and returned (x itself stays float64 within a step).
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { TensorLike } from '../core/tensor.js';
import type { Like } from '../core/tree.js';
import { type LbfgsOptions, type LbfgsSettings, lbfgsSettings } from './lbfgs-options.js';
import { type LbfgsState, checkState, initialState, packRows, vector } from './lbfgs-state.js';
import {
  allFinite,
  axpy,
  dot,
  flatten,
  flattenGradient,
  layoutOf,
  lossNumber,
  maxAbs,
  sumAbs,
  unflattenInto,
} from './lbfgs-flat.js';
import { strongWolfe } from './line-search.js';

/** f's value and gradient at the parameters: what `valueAndGrad(loss)` returns. */
export type ValueAndGradient<P> = (params: P) => readonly [TensorLike, Like<P>];

/**
 * Why a step ended (PyTorch's `break`s, in its order): `'toleranceGrad'` (‖∇f‖∞ ≤ toleranceGrad, also when
 * the step starts there), `'noDescent'` (gᵀd > −toleranceChange), `'maxIter'`, `'maxEval'`,
 * `'toleranceChange'` (‖t·d‖∞ ≤ toleranceChange or |f − f_prev| < toleranceChange), and gradfold's own
 * `'nonFinite'`: f or ∇f was NaN or ±∞ at a point tried, and the step stopped at the last point where both were
 * finite (PyTorch would carry on with the NaN).
 */
export type LbfgsStop = 'toleranceGrad' | 'noDescent' | 'maxIter' | 'maxEval' | 'toleranceChange' | 'nonFinite';

/** What one `step` returns. */
export interface LbfgsStep<P> {
  /** The new parameters (the same tree, leaves of the same kinds, shapes and dtypes). */
  readonly params: P;
  /** The state for the next step. */
  readonly state: LbfgsState;
  /** f at the parameters the step was given (what PyTorch's `step` returns). */
  readonly loss: number;
  /** Why the step ended. */
  readonly stop: LbfgsStop;
  /** The iterations this step made. */
  readonly iterations: number;
  /** The evaluations of f this step made. */
  readonly evaluations: number;
}

/** The L-BFGS solver `lbfgs(options)` returns. */
export interface Lbfgs {
  /** The checked settings, every default filled in. */
  readonly settings: LbfgsSettings;
  /** The state before the first step for these parameters (a tree of numbers and tensors). */
  readonly init: <P>(params: P) => LbfgsState;
  /**
   * One step (up to `maxIter` iterations) from `params`, where `f(params)` = [f, ∇f] (a scalar loss and a gradient
   * shaped like the parameters, e.g. `valueAndGrad(loss)`), and `state` is the last step's (or init's).
   */
  readonly step: <P>(f: ValueAndGradient<P>, params: P, state: LbfgsState) => LbfgsStep<P>;
}

/**
 * lbfgs(options): limited-memory BFGS as torch.optim.LBFGS computes it. Each iteration takes the direction
 * d = −H·g by the two-loop recursion over the last m pairs (sₖ = tₖdₖ, yₖ = gₖ₊₁ − gₖ, ρₖ = 1/yₖᵀsₖ, a pair kept
 * only when yᵀs > 1e−10), from H₀ = γI with γ = yᵀs/yᵀy of the newest pair (d = −g at the very first iteration),
 * and moves x ← x + t·d with t = lr (t = min(1, 1/‖g‖₁)·lr the very first time), or with the step a strong-Wolfe
 * line search finds from that trial. Nocedal (1980), Liu & Nocedal (1989).
 *
 * `step(f, params, state)` is one call of PyTorch's `optimizer.step(closure)` (tested step for step against a
 * transcription of torch/optim/lbfgs.py to 1e−9); its `loss` is f at the parameters it was given, as PyTorch's
 * return value. The parameters are a tree of numbers and tensors, flattened to one float64 vector: float32 leaves
 * are computed in float64 and rounded when handed to f and when returned. The state is plain data (numbers and
 * float64 tensors, the history as two historySize×n matrices, as Optax keeps it) whose layout never changes, so
 * a checkpoint of any step decodes against the initial state; it is checked against the parameters every step.
 * Where PyTorch would carry a NaN on, a step that meets a NaN or ±∞ in f or ∇f stops at the last point where both
 * were finite, with `stop: 'nonFinite'`.
 * The line search's own constants are PyTorch's and fixed (c₁ = 1e−4, c₂ = 0.9, 25 iterations, a bracket
 * tolerance of 1e−9 whatever `toleranceChange` is), so it always ends.
 *
 * @example
 * const rosenbrock = (p: { x: Tensor; y: Tensor }) =>
 *   add(square(sub(1, p.x)), mul(100, square(sub(p.y, square(p.x)))));
 * const solver = lbfgs({ lineSearch: 'strong-wolfe' });
 * const f = valueAndGrad(rosenbrock);
 * let params = { x: scalar(-1.5), y: scalar(2) };
 * let state = solver.init(params);
 * for (let i = 0; i < 10; i++) {
 *   const r = solver.step(f, params, state); // up to 20 iterations, like torch's optimizer.step(closure)
 *   params = r.params;
 *   state = r.state;
 *   if (r.stop !== 'maxIter' && r.stop !== 'maxEval') break; // converged (or 'nonFinite'), not out of budget
 * }
 * item(params.x); // 0.999998 (the minimum is at x = y = 1)
 */
export const lbfgs = (options?: LbfgsOptions): Lbfgs => {
  const settings = lbfgsSettings(options);
  return {
    settings,
    init: (params) => initialState(layoutOf('lbfgs.init', params).size, settings.historySize),
    step: (f, params, state) => lbfgsStep(settings, f, params, state),
  };
};

/** The curvature threshold of PyTorch's history update: a pair is kept only when yᵀs > 1e−10. */
const CURVATURE = 1e-10;

/** −a, a new vector. */
const negate = (a: Float64Array): Float64Array => a.map((v) => -v);

/**
 * d = −H·g by the two-loop recursion (PyTorch's loop, collapsed to one buffer): q = −g; for i newest to oldest
 * αᵢ = ρᵢ·sᵢᵀq, q ← q − αᵢyᵢ; r = γq; for i oldest to newest βᵢ = ρᵢ·yᵢᵀr, r ← r + (αᵢ − βᵢ)sᵢ.
 */
const twoLoop = (
  g: Float64Array,
  s: readonly Float64Array[],
  y: readonly Float64Array[],
  rho: readonly number[],
  hDiag: number,
): Float64Array => {
  const m = s.length;
  const q = negate(g);
  const al = new Array<number>(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    const si = s[i] ?? q;
    const yi = y[i] ?? q;
    const a = dot(si, q) * (rho[i] ?? NaN);
    al[i] = a;
    for (let j = 0; j < q.length; j++) q[j] = (q[j] ?? NaN) + -a * (yi[j] ?? NaN);
  }
  const r = q.map((v) => v * hDiag);
  for (let i = 0; i < m; i++) {
    const si = s[i] ?? r;
    const yi = y[i] ?? r;
    const be = dot(yi, r) * (rho[i] ?? NaN);
    const c = (al[i] ?? NaN) - be;
    for (let j = 0; j < r.length; j++) r[j] = (r[j] ?? NaN) + c * (si[j] ?? NaN);
  }
  return r;
};

/** One PyTorch `step(closure)`: torch/optim/lbfgs.py's `LBFGS.step`, with f in place of the closure. */
const lbfgsStep = <P>(settings: LbfgsSettings, f: ValueAndGradient<P>, params: P, given: LbfgsState): LbfgsStep<P> => {
  const where = 'lbfgs.step';
  if (typeof f !== 'function')
    throw new ArgumentError(where, `f is ${describeValue(f)}, not a function (pass valueAndGrad(loss))`);
  const layout = layoutOf(where, params);
  const state = checkState(where, given, layout.size, settings.historySize);
  const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch } = settings;

  /** f and ∇f (flat) at the parameters p. */
  const valueAt = (p: P): [number, Float64Array] => {
    const r: unknown = f(p);
    if (!Array.isArray(r) || r.length !== 2)
      throw new ArgumentError(where, `f must return [loss, gradient] (as valueAndGrad does), got ${describeValue(r)}`);
    return [lossNumber(where, r[0]), flattenGradient(where, r[1], layout, params)];
  };
  const evaluate = (x: Float64Array): [number, Float64Array] => valueAt(unflattenInto(params, x));
  const finite = (loss: number, g: Float64Array): boolean => Number.isFinite(loss) && allFinite(g);

  // Evaluate f(x) and ∇f(x) at the start.
  let x = flatten(layout.leaves, layout.size);
  let [loss, flatGrad] = valueAt(params);
  const origLoss = loss;
  let currentEvals = 1;
  let funcEvals = state.funcEvals + 1;
  const unmoved = (stop: LbfgsStop): LbfgsStep<P> => ({
    params,
    state: { ...given, funcEvals },
    loss,
    stop,
    iterations: 0,
    evaluations: 1,
  });
  if (!finite(loss, flatGrad)) return unmoved('nonFinite');
  let optCond = maxAbs(flatGrad) <= toleranceGrad;
  if (optCond) return unmoved('toleranceGrad');

  let d = state.d;
  let t = state.t;
  let s: readonly Float64Array[] = state.s;
  let y: readonly Float64Array[] = state.y;
  let rho: readonly number[] = state.rho;
  let hDiag = state.hDiag;
  let prevGrad = state.prevGrad;
  let prevLoss = state.prevLoss;
  let nIterAll = state.nIter;
  let nIter = 0;
  let stop: LbfgsStop = 'maxIter';
  while (nIter < maxIter) {
    nIter += 1;
    nIterAll += 1;
    // The direction: steepest descent the very first time, else the two-loop recursion on the updated history.
    if (nIterAll === 1) {
      d = negate(flatGrad);
      s = [];
      y = [];
      rho = [];
      hDiag = 1;
    } else {
      const yk = flatGrad.map((g, j) => g - (prevGrad[j] ?? NaN));
      const sk = d.map((v) => v * t);
      const ys = dot(yk, sk);
      if (ys > CURVATURE) {
        if (s.length === historySize) {
          s = s.slice(1);
          y = y.slice(1);
          rho = rho.slice(1);
        }
        y = [...y, yk];
        s = [...s, sk];
        rho = [...rho, 1 / ys];
        hDiag = ys / dot(yk, yk);
      }
      d = twoLoop(flatGrad, s, y, rho, hDiag);
    }
    prevGrad = flatGrad;
    prevLoss = loss;

    // The trial step, and the directional derivative.
    t = nIterAll === 1 ? Math.min(1, 1 / sumAbs(flatGrad)) * lr : lr;
    const gtd = dot(flatGrad, d);
    if (!Number.isFinite(gtd)) {
      stop = 'nonFinite';
      break;
    }
    if (gtd > -toleranceChange) {
      stop = 'noDescent';
      break;
    }

    if (lineSearch === 'strong-wolfe') {
      const from = x;
      const dir = d;
      const r = strongWolfe((tt) => evaluate(axpy(from, tt, dir)), dir, t, loss, flatGrad, gtd);
      currentEvals += r.evals;
      funcEvals += r.evals;
      if (!r.finite) {
        stop = 'nonFinite';
        break;
      }
      loss = r.f;
      flatGrad = r.g;
      t = r.t;
      x = axpy(x, t, d);
      optCond = maxAbs(flatGrad) <= toleranceGrad;
    } else {
      const next = axpy(x, t, d);
      // PyTorch evaluates again only when another iteration may follow.
      if (nIter !== maxIter) {
        const [l, g] = evaluate(next);
        currentEvals += 1;
        funcEvals += 1;
        if (!finite(l, g)) {
          stop = 'nonFinite';
          break;
        }
        loss = l;
        flatGrad = g;
        optCond = maxAbs(flatGrad) <= toleranceGrad;
      }
      x = next;
    }

    // The conditions to stop, in PyTorch's order.
    if (nIter === maxIter) {
      stop = 'maxIter';
      break;
    }
    if (currentEvals >= maxEval) {
      stop = 'maxEval';
      break;
    }
    if (optCond) {
      stop = 'toleranceGrad';
      break;
    }
    if (maxAbs(d.map((v) => v * t)) <= toleranceChange || Math.abs(loss - prevLoss) < toleranceChange) {
      stop = 'toleranceChange';
      break;
    }
  }

  const next: LbfgsState = {
    nIter: nIterAll,
    funcEvals,
    d: vector(d),
    t,
    pairs: s.length,
    s: packRows(s, historySize, layout.size),
    y: packRows(y, historySize, layout.size),
    rho: vector(Float64Array.from({ length: historySize }, (_, i) => rho[i] ?? 0)),
    hDiag,
    prevGrad: vector(prevGrad),
    prevLoss,
  };
  return {
    params: unflattenInto(params, x),
    state: next,
    loss: origLoss,
    stop,
    iterations: nIter,
    evaluations: currentEvals,
  };
};
