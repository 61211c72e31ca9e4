/**
 * `leastSquares`: nonlinear least squares min ½‖r(θ)‖² over a parameter tree by Levenberg–Marquardt as in MINPACK's
 * lmder (Moré 1978), with the Jacobian from gradfold, and the covariance estimate s²(JᵀJ)⁻¹ at the solution, so a
 * curve fit comes with standard errors (as SciPy's `least_squares(method='lm')` and `curve_fit`).
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { checkOptions } from '../core/arguments.js';
import type { KeySet } from '../core/options.js';
import { type Tensor, fromData } from '../core/tensor.js';
import type { Accepts, Like } from '../core/tree.js';
import { checkNumber, nonNegative, positive, positiveInteger } from '../optim/ranges.js';
import { unscaledCovariance } from './lm-covariance.js';
import { type LeastSquaresReason, levenbergMarquardt } from './lm-core.js';
import { type JacobianMode, lmProblem } from './lm-problem.js';

export type { LeastSquaresReason } from './lm-core.js';

/** The options of `leastSquares`; the tolerances default to √ε ≈ 1.49012e-8 (SciPy's `leastsq` and `curve_fit`). */
export interface LeastSquaresOptions {
  /**
   * Stop when both the actual and the predicted relative reduction of the sum of squares in a step are ≤ ftol:
   * |1 − ‖r₊‖²/‖r‖²| ≤ ftol and pred ≤ ftol (a finite number ≥ 0; default 1.49012e-8 = √ε).
   */
  readonly ftol?: number;
  /**
   * Stop when the trust region is small relative to the scaled parameters: Δ ≤ xtol·‖Dθ‖ (a finite number ≥ 0;
   * default 1.49012e-8).
   */
  readonly xtol?: number;
  /**
   * Stop when r is nearly orthogonal to every column of J: max_j |J_jᵀr| / (‖J_j‖‖r‖) ≤ gtol, the cosine of the angle
   * between r and the columns (a finite number ≥ 0; default 1.49012e-8 = √ε; SciPy's `leastsq` uses 0, its
   * `least_squares` 1e-8).
   */
  readonly gtol?: number;
  /**
   * The most residual evaluations (r calls, the first included; Jacobians not counted), an integer ≥ 1; default
   * 100·(n + 1).
   */
  readonly maxEval?: number;
  /** The initial trust-region radius Δ₀ = factor·‖Dθ₀‖ (or factor if that is 0); a finite number > 0, default 100. */
  readonly factor?: number;
  /**
   * How J is computed: 'forward' (jacfwd: n Jacobian-vector products), 'reverse' (jacrev: one recorded forward pass,
   * then m pullbacks) or 'auto' (default): forward when 3n ≤ m, else reverse. gradfold's JVP is reverse-over-reverse
   * (a forward and two backward passes per column), so a column costs about three rows: forward mode pays off only
   * when there are at least three residuals per parameter. Both are exact and give the same iterates.
   */
  readonly jacobian?: 'auto' | 'forward' | 'reverse';
}

const optionKeys: KeySet<LeastSquaresOptions> = {
  ftol: true,
  xtol: true,
  gtol: true,
  maxEval: true,
  factor: true,
  jacobian: true,
};

/** What `leastSquares` ended with; plain data. */
export type LeastSquaresStatus = 'converged' | 'maxEval' | 'noProgress' | 'nonFinite';

/** The result of `leastSquares`: the solution, its fit, the covariance and how the search ended. Plain data. */
export interface LeastSquaresResult<P> {
  /** θ*, shaped like the parameters (numbers stay numbers, tensors keep their shape and dtype). */
  readonly params: Like<P>;
  /** ½‖r(θ*)‖², the cost (SciPy's `cost`). */
  readonly cost: number;
  /** r(θ*), a float64 tensor of shape [m]. */
  readonly residuals: Tensor;
  /**
   * J(θ*) = ∂r/∂θ at the solution, a float64 tensor [m, n] (columns in the parameters' `leaves` order, each leaf
   * flattened).
   */
  readonly jacobian: Tensor;
  /**
   * s²(JᵀJ)⁻¹ with s² = ‖r‖²/(m − n), a float64 tensor [n, n] (as SciPy's `curve_fit` with absolute_sigma=False).
   * Filled with Infinity when it cannot be estimated: J rank-deficient (|R_kk| ≤ ε·max(m, n)·max|R_jj| in J's pivoted
   * QR) or m = n.
   */
  readonly covariance: Tensor;
  /** √diag(covariance), shaped like the parameters: the standard error of each parameter. */
  readonly standardErrors: Like<P>;
  /** Iterations of the outer loop (Jacobian evaluations of the search). */
  readonly iterations: number;
  /** Residual evaluations (the first included; MINPACK's nfev). */
  readonly evaluations: number;
  /** Jacobian evaluations, the one at the solution for the covariance included. */
  readonly jacobianEvaluations: number;
  /**
   * 'converged' (reason ftol, xtol, ftol+xtol or gtol), 'maxEval' (the budget ran out), 'noProgress' (a tolerance
   * below machine precision: no further reduction possible; reasons ftolTooSmall, xtolTooSmall, gtolTooSmall) or
   * 'nonFinite' (r or J was NaN or ±Infinity at a trial point: the result is the last finite point).
   */
  readonly status: LeastSquaresStatus;
  /** The stopping rule that fired (MINPACK's info 1–8, or 'nonFinite'). */
  readonly reason: LeastSquaresReason;
  /** A sentence saying why the search stopped. */
  readonly message: string;
}

const messages: Readonly<Record<LeastSquaresReason, string>> = {
  ftol: 'both actual and predicted relative reductions in the sum of squares are at most ftol',
  xtol: 'the relative error between two consecutive iterates is at most xtol',
  'ftol+xtol': 'both the ftol and the xtol conditions hold',
  gtol: 'the cosine of the angle between the residuals and any column of the Jacobian is at most gtol',
  maxEval: 'the number of residual evaluations reached maxEval',
  ftolTooSmall: 'ftol is too small: no further reduction in the sum of squares is possible',
  xtolTooSmall: 'xtol is too small: no further improvement in the approximate solution is possible',
  gtolTooSmall: 'gtol is too small: the residuals are orthogonal to the columns of the Jacobian to machine precision',
  nonFinite: 'the residuals or the Jacobian were NaN or infinite at a trial point; the result is the last finite point',
};

const statusOf = (reason: LeastSquaresReason): LeastSquaresStatus =>
  reason === 'maxEval'
    ? 'maxEval'
    : reason === 'nonFinite'
      ? 'nonFinite'
      : reason.endsWith('TooSmall')
        ? 'noProgress'
        : 'converged';

const sqrtEps = 1.49012e-8;

/**
 * leastSquares(r, θ₀, options): θ* = argmin ½‖r(θ)‖² for a residual function r returning a rank-1 tensor of m ≥ n
 * residuals, by Levenberg–Marquardt as in MINPACK's lmder: each step solves min ‖[J; √λD]p + [r; 0]‖ (a pivoted QR of J
 * and Givens rotations, never JᵀJ), with λ chosen so that ‖Dp‖ ≈ Δ (Moré's trust region), D the running maximum of
 * J's column norms, and Δ updated by the ratio of actual to predicted reduction. J comes from gradfold (jacfwd when
 * 3n ≤ m, else jacrev). Returns the solution, the cost ½‖r‖², r and J at the solution, the covariance s²(JᵀJ)⁻¹ with
 * s² = ‖r‖²/(m − n) and the standard errors √diag, the counts and a status with its reason.
 *
 * A residual that is not a rank-1 tensor or whose length changes is a ShapeError; m < n, bad options and unknown
 * option keys are ArgumentErrors. NaN or ±Infinity in r or J ends the search with status 'nonFinite' at the last
 * finite point.
 *
 * @example
 * const t = tensor([0, 1, 2, 3]);
 * const y = tensor([1, 3, 5, 7]);
 * const fit = leastSquares((p: { a: Tensor; b: Tensor }) => sub(add(mul(p.a, t), p.b), y), { a: 0, b: 0 });
 * fit.params; // { a: 2, b: 1 } (to rounding)
 */
export const leastSquares = <T, P extends Accepts<T>>(
  residuals: (params: T) => Tensor,
  params: P,
  options?: LeastSquaresOptions,
): LeastSquaresResult<P> => {
  const where = 'leastSquares';
  if (typeof residuals !== 'function')
    throw new ArgumentError(where, `residuals is ${describeValue(residuals)}, not a function`);
  checkOptions(where, options, optionKeys);
  const o = options ?? {};
  const ftol = checkNumber(where, 'ftol', nonNegative, o.ftol, sqrtEps);
  const xtol = checkNumber(where, 'xtol', nonNegative, o.xtol, sqrtEps);
  const gtol = checkNumber(where, 'gtol', nonNegative, o.gtol, sqrtEps);
  const factor = checkNumber(where, 'factor', positive, o.factor, 100);
  const jacobianOption: unknown = o.jacobian ?? 'auto';
  if (jacobianOption !== 'auto' && jacobianOption !== 'forward' && jacobianOption !== 'reverse') {
    throw new ArgumentError(
      where,
      `jacobian must be 'auto', 'forward' or 'reverse', got ${describeValue(jacobianOption)}`,
    );
  }
  if (o.maxEval !== undefined) checkNumber(where, 'maxEval', positiveInteger, o.maxEval);
  const problem = lmProblem(where, residuals, params);
  const { m, n } = problem;
  if (m < n)
    throw new ArgumentError(
      where,
      `the residual function returned ${m} residuals for ${n} parameters: Levenberg–Marquardt needs m ≥ n`,
    );
  const maxEval = o.maxEval ?? 100 * (n + 1);
  const mode: JacobianMode = jacobianOption === 'auto' ? (3 * n <= m ? 'forward' : 'reverse') : jacobianOption;
  let jacobianEvaluations = 0;
  const jacobianAt = (x: Float64Array): Float64Array => {
    jacobianEvaluations++;
    return problem.jacobian(x, mode);
  };
  const out = levenbergMarquardt({ residuals: problem.residuals, jacobian: jacobianAt }, problem.x0, problem.r0, {
    ftol,
    xtol,
    gtol,
    maxEval,
    factor,
  });
  let J = out.jacobianAtX;
  if (J === undefined) {
    J = jacobianAt(out.x);
  }
  const sumSq = out.r.reduce((s, v) => s + v * v, 0);
  const unscaled = J.every((v) => Number.isFinite(v)) && m > n ? unscaledCovariance(J, m, n) : undefined;
  const s2 = sumSq / (m - n);
  const cov = unscaled === undefined ? new Float64Array(n * n).fill(Infinity) : unscaled.map((v) => v * s2);
  const se = Float64Array.from({ length: n }, (_, j) => Math.sqrt(cov[j * n + j] ?? NaN));
  const jacobianRowMajor = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) jacobianRowMajor[i * n + j] = J[i + j * m] ?? NaN;
  return {
    params: problem.toTree(out.x),
    cost: 0.5 * sumSq,
    residuals: fromData([m], out.r),
    jacobian: fromData([m, n], jacobianRowMajor),
    covariance: fromData([n, n], cov),
    standardErrors: problem.toTree(se),
    iterations: out.iterations,
    evaluations: out.evaluations,
    jacobianEvaluations,
    status: statusOf(out.reason),
    reason: out.reason,
    message: messages[out.reason],
  };
};
