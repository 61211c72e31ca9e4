/**
 * What the solvers of `minimize` share: their settings, their outcome, the counting of evaluations against the
 * budget, and the small vector arithmetic they do on float64 vectors.
 */
import type { Box } from './bounds.js';
import type { Evaluation } from './flat.js';

/** How a run of `minimize` ended. */
export type MinimizeStatus = 'converged' | 'maxIter' | 'maxEval' | 'lineSearchFailed' | 'nonFinite';

/** The settings every solver takes (checked by `minimize`). */
export interface SolverSettings {
  /** Stop when the (projected) gradient's ∞-norm is ≤ gtol. */
  readonly gtol: number;
  /** The most iterations. */
  readonly maxIter: number;
  /** The most evaluations of the loss and its gradient. */
  readonly maxEval: number;
  /** Box bounds, or null. */
  readonly box: Box | null;
}

/** The end of a solver's run, on flat vectors. */
export interface SolverOutcome {
  /** The last accepted point (always one where f and ∇f were finite, except when x₀ itself was not). */
  readonly x: Float64Array;
  /** f(x). */
  readonly f: number;
  /** ‖∇f(x)‖∞, or the projected gradient's ∞-norm with bounds. */
  readonly gradNorm: number;
  /** Iterations completed (accepted steps). */
  readonly iterations: number;
  /** Evaluations of f and ∇f, x₀'s included. */
  readonly evaluations: number;
  /** Hessian-vector products (newton-cg only; 0 otherwise). */
  readonly hessianProducts: number;
  /** How the run ended. */
  readonly status: MinimizeStatus;
  /** Why, in a sentence. */
  readonly reason: string;
}

/** A solver's end: its outcome at the current point with this status and reason. */
export type Done = (status: MinimizeStatus, reason: string) => SolverOutcome;

/**
 * The budget before an iteration: the end 'maxIter' once iterations = maxIter, 'maxEval' once no evaluation is left,
 * else the evaluations its line search may make, min(lineSearchEvals, maxEval − evaluations so far).
 */
export const iterationBudget = (
  settings: SolverSettings,
  iterations: number,
  gradNorm: number,
  counter: Counter,
  lineSearchEvals: number,
  done: Done,
): SolverOutcome | number => {
  if (iterations >= settings.maxIter) {
    const largest = gradNorm.toExponential(2);
    return done(
      'maxIter',
      `${settings.maxIter} iterations done (maxIter) with the gradient's largest element at ${largest}`,
    );
  }
  const budget = Math.min(lineSearchEvals, settings.maxEval - counter.count());
  return budget > 0 ? budget : done('maxEval', `${counter.count()} evaluations done (maxEval)`);
};

/** The end after a failed line search: the budget spent ('maxEval'), a non-finite loss, or the search itself. */
export const searchFailed = (
  nonFinite: boolean,
  reason: string,
  counter: Counter,
  maxEval: number,
  done: Done,
): SolverOutcome => {
  if (counter.count() >= maxEval)
    return done('maxEval', `${counter.count()} evaluations done (maxEval) during a line search`);
  if (nonFinite)
    return done(
      'nonFinite',
      'the loss or its gradient became NaN or ±∞ along the search direction ' +
        `and no shorter step helped (${reason}); the result is the last finite point`,
    );
  return done('lineSearchFailed', `the line search failed: ${reason}`);
};

/** f and ∇f at x, counting the evaluations. */
export interface Counter {
  /** [f(x), ∇f(x)], counted. */
  readonly evaluate: (x: Float64Array) => Evaluation;
  /** The evaluations so far. */
  readonly count: () => number;
}

/** A counter around an evaluation function. */
export const counter = (evaluate: (x: Float64Array) => Evaluation): Counter => {
  let n = 0;
  return {
    evaluate: (x) => {
      n++;
      return evaluate(x);
    },
    count: () => n,
  };
};

/** xᵀy. */
export const dot = (x: Float64Array, y: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] ?? 0) * (y[i] ?? 0);
  return s;
};

/** ‖x‖∞. */
export const normInf = (x: Float64Array): number => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** x + a·y, a new vector. */
export const axpy = (x: Float64Array, a: number, y: Float64Array): Float64Array => x.map((v, i) => v + a * (y[i] ?? 0));

/** Every element finite. */
export const allFinite = (x: Float64Array): boolean => x.every((v) => Number.isFinite(v));
