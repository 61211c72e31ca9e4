/**
 * `minimize(loss, params, options)`: a function-level minimizer over a parameter tree, in the manner of
 * `scipy.optimize.minimize` and `jax.scipy.optimize.minimize`. The tree is flattened to one float64 vector
 * (flat.ts), the method runs on it with gradients from gradfold (bfgs.ts, newton-cg.ts), and the solution comes
 * back as a tree like `params` with the run's counts and a status that says how it ended.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import type { TensorLike } from '../core/tensor.js';
import type { Accepts, Like } from '../core/tree.js';
import { checkNumber, checkOptions, positive, positiveInteger } from '../optim/ranges.js';
import { bfgs } from './bfgs.js';
import { type Bounds, checkBounds, project } from './bounds.js';
import { flatProblem } from './flat.js';
import { lbfgsBounded } from './lbfgs-bounded.js';
import { minimizeLbfgs } from './minimize-lbfgs.js';
import { newtonCg } from './newton-cg.js';
import { type MinimizeStatus, type SolverSettings, counter } from './solver.js';

export type { MinimizeStatus } from './solver.js';
export type { BoundTree, Bounds } from './bounds.js';

/** The methods of `minimize`. */
export type MinimizeMethod = 'lbfgs' | 'bfgs' | 'newton-cg';

/** The options of `minimize`; every one is optional, checked, and an unknown key is refused. */
export interface MinimizeOptions<P> {
  /**
   * 'lbfgs' (the default): gradfold's `lbfgs` (torch.optim.LBFGS's algorithm) with its strong-Wolfe line search
   * and a history of 10 pairs, for any size. 'bfgs': BFGS with a dense n×n inverse-Hessian approximation and a
   * strong-Wolfe line search (Nocedal & Wright Alg. 6.1), for up to 2000 parameters. 'newton-cg': truncated
   * Newton, CG on ∇²f·p = −∇f with Hessian-vector products (no Hessian formed), Nocedal & Wright Alg. 7.1.
   */
  readonly method?: MinimizeMethod;
  /**
   * Stop when ‖∇f‖∞ ≤ gtol (with bounds, the projected gradient's ‖P(x − ∇f) − x‖∞). A finite number > 0; default
   * 1e−5 (SciPy's).
   */
  readonly gtol?: number;
  /** The same as gtol (SciPy's `tol`); give one of the two. */
  readonly tol?: number;
  /** The most iterations (accepted steps). A positive integer; default 200·n (SciPy's for BFGS and Newton-CG). */
  readonly maxIter?: number;
  /**
   * The most evaluations of f and ∇f together, x₀'s included. A positive integer; default 100·maxIter. 'lbfgs' checks
   * it after each iteration, so it may go over by one line search (at most 25).
   */
  readonly maxEval?: number;
  /**
   * Box bounds lᵢ ≤ xᵢ ≤ uᵢ ('lbfgs' and 'bfgs'), as trees like params or numbers; l ≤ u is required. x₀ is
   * projected into the box first. The methods become projected quasi-Newton methods (Bertsekas 1982): variables at
   * a bound with the gradient pointing out are held, the rest take the (L-)BFGS step restricted to them, trial
   * points are projected, and an Armijo backtracking along the projected arc replaces the Wolfe search; 'lbfgs'
   * then uses its own two-loop recursion (m = 10) instead of `lbfgs`. Not L-BFGS-B (no Cauchy point, no subspace
   * minimization).
   */
  readonly bounds?: Bounds<P>;
}

/** What `minimize` returns: plain data. */
export interface MinimizeResult<P> {
  /** The solution: a tree like params (numbers stay numbers, tensors keep shape and dtype); the last finite point. */
  readonly params: Like<P>;
  /** f at the solution. */
  readonly value: number;
  /** ‖∇f‖∞ at the solution (the projected gradient's with bounds). */
  readonly gradNorm: number;
  /** The iterations done (accepted steps). */
  readonly iterations: number;
  /** The evaluations of f and ∇f (one valueAndGrad each), x₀'s included. */
  readonly evaluations: number;
  /** The Hessian-vector products ('newton-cg'; 0 for the other methods). */
  readonly hessianProducts: number;
  /**
   * How the run ended: 'converged' (gradient test met), 'maxIter', 'maxEval', 'lineSearchFailed' (no acceptable
   * step, or for 'lbfgs' no change in f or x: often rounding near a minimum, sometimes a hard problem),
   * 'nonFinite' (the loss or gradient was NaN or ±∞ at x₀, or along a direction and no shorter step helped: the
   * result is the last finite point).
   */
  readonly status: MinimizeStatus;
  /** Why, in a sentence. */
  readonly reason: string;
}

const keys: KeySet<MinimizeOptions<unknown>> = {
  method: true,
  gtol: true,
  tol: true,
  maxIter: true,
  maxEval: true,
  bounds: true,
};

/** The largest n 'bfgs' takes: its n×n matrix then holds 4·10⁶ numbers (32 MB). */
const bfgsMaxSize = 2000;

/**
 * minimize(loss, params, options?): the parameters that minimize a scalar loss, from `params`, by L-BFGS (default),
 * BFGS or Newton-CG, with gradients (and Hessian-vector products) from gradfold. Stops when ‖∇f‖∞ ≤ gtol (1e−5) or at
 * maxIter / maxEval, or when the line search fails; never loops forever. A loss that does not return a scalar is
 * a ShapeError; bad options, bounds that do not fit or have lᵢ > uᵢ, an ArgumentError.
 *
 * @example
 * const rosenbrock = (p: { x: Tensor; y: Tensor }) =>
 *   add(square(sub(1, p.x)), mul(100, square(sub(p.y, square(p.x)))));
 * const r = minimize(rosenbrock, { x: -1.2, y: 1 });
 * r.status; // 'converged'
 * r.params; // { x: 1.0000…, y: 1.0000… }
 */
export const minimize = <T, P extends Accepts<T>>(
  loss: (p: T) => TensorLike,
  params: P,
  options?: MinimizeOptions<P>,
): MinimizeResult<P> => {
  const where = 'minimize';
  const o: MinimizeOptions<P> = options ?? {};
  checkOptions(where, o, keys);
  const method = o.method ?? 'lbfgs';
  if (method !== 'lbfgs' && method !== 'bfgs' && method !== 'newton-cg') {
    throw new ArgumentError(where, `method must be 'lbfgs', 'bfgs' or 'newton-cg', got ${describeValue(method)}`);
  }
  if (o.tol !== undefined && o.gtol !== undefined)
    throw new ArgumentError(where, 'give tol or gtol, not both (tol is another name for gtol)');
  const gtol = checkNumber(where, o.tol === undefined ? 'gtol' : 'tol', positive, o.tol ?? o.gtol, 1e-5);
  const problem = flatProblem(where, loss, params);
  const n = problem.n;
  const maxIter = checkNumber(where, 'maxIter', positiveInteger, o.maxIter, 200 * n);
  const maxEval = checkNumber(where, 'maxEval', positiveInteger, o.maxEval, 100 * maxIter);
  const box = o.bounds === undefined ? null : checkBounds(where, o.bounds, params, problem.slots, n);
  if (box !== null && method === 'newton-cg')
    throw new ArgumentError(where, "bounds are supported by methods 'lbfgs' and 'bfgs', not 'newton-cg'");
  if (method === 'bfgs' && n > bfgsMaxSize) {
    throw new ArgumentError(
      where,
      `'bfgs' keeps an n×n matrix; n = ${n} parameters is more than ${bfgsMaxSize}: use 'newton-cg'`,
    );
  }
  const settings: SolverSettings = { gtol, maxIter, maxEval, box };
  const x0 = box === null ? problem.x0 : project(box, problem.x0);
  const count = counter(problem.evaluate);
  const out =
    method === 'lbfgs'
      ? box === null
        ? minimizeLbfgs(count, x0, settings)
        : lbfgsBounded(count, x0, settings)
      : method === 'bfgs'
        ? bfgs(count, x0, settings)
        : newtonCg(count, problem.hessVec, x0, settings);
  return {
    params: problem.toTree(out.x),
    value: out.f,
    gradNorm: out.gradNorm,
    iterations: out.iterations,
    evaluations: out.evaluations,
    hessianProducts: out.hessianProducts,
    status: out.status,
    reason: out.reason,
  };
};
