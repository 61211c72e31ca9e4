/**
 * Method 'lbfgs' of `minimize`: one `step` of gradfold's `lbfgs` (torch.optim.LBFGS's algorithm, lbfgs.ts) with
 * the strong-Wolfe line search, up to maxIter iterations and (about) maxEval evaluations, history m = 10 (SciPy's
 * `maxcor`), stopping on ‖∇f‖∞ ≤ gtol; its own change tests are set to the smallest positive number, so they fire
 * only when f or x does not change at all. Its stops map to `minimize`'s statuses: toleranceGrad → 'converged',
 * maxIter, maxEval and nonFinite as they are, noDescent and toleranceChange (no progress) → 'lineSearchFailed'.
 */
import { type Tensor, fromData } from '../core/tensor.js';
import type { Evaluation } from './flat.js';
import { lbfgs } from './lbfgs.js';
import { type Counter, type MinimizeStatus, type SolverOutcome, type SolverSettings, normInf } from './solver.js';

/** The evaluations the solver made, newest last, so that the final point's is found without evaluating again. */
const recentSize = 64;

const sameVector = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** minimizeLbfgs(counter, x₀, settings): L-BFGS from x₀ (no bounds). */
export const minimizeLbfgs = (counter: Counter, x0: Float64Array, settings: SolverSettings): SolverOutcome => {
  const { gtol, maxIter, maxEval } = settings;
  const n = x0.length;
  const recent: { readonly x: Float64Array; readonly e: Evaluation }[] = [];
  const evaluate = (x: Float64Array): Evaluation => {
    const e = counter.evaluate(x);
    recent.push({ x, e });
    if (recent.length > recentSize) recent.shift();
    return e;
  };
  const f = (p: Tensor): readonly [number, Tensor] => {
    const e = evaluate(Float64Array.from(p.data));
    return [e.f, fromData([n], e.g)];
  };
  const solver = lbfgs({
    lineSearch: 'strong-wolfe',
    maxIter,
    maxEval,
    toleranceGrad: gtol,
    toleranceChange: Number.MIN_VALUE,
    historySize: 10,
  });
  const start = fromData([n], x0);
  const r = solver.step(f, start, solver.init(start));
  const x = Float64Array.from(r.params.data);
  const e = recent.find((c) => sameVector(c.x, x))?.e ?? evaluate(x);
  const gradNorm = normInf(e.g);
  const status: MinimizeStatus =
    r.stop === 'toleranceGrad'
      ? 'converged'
      : r.stop === 'noDescent' || r.stop === 'toleranceChange'
        ? gradNorm <= gtol
          ? 'converged'
          : 'lineSearchFailed'
        : r.stop;
  return {
    x,
    f: e.f,
    gradNorm,
    iterations: r.iterations,
    evaluations: counter.count(),
    hessianProducts: 0,
    status,
    reason: reasonOf(r.stop, gradNorm, gtol, maxIter, maxEval),
  };
};

/** The sentence for an L-BFGS stop. */
const reasonOf = (stop: string, gradNorm: number, gtol: number, maxIter: number, maxEval: number): string => {
  const g = gradNorm.toExponential(2);
  switch (stop) {
    case 'toleranceGrad':
      return `the gradient's largest element ${g} is ≤ gtol = ${gtol}`;
    case 'maxIter':
      return `${maxIter} iterations done (maxIter) with the gradient's largest element at ${g}`;
    case 'maxEval':
      return (
        `at least ${maxEval} evaluations done (maxEval; L-BFGS checks after each iteration) ` +
        `with the gradient's largest element at ${g}`
      );
    case 'nonFinite':
      return 'the loss or its gradient became NaN or ±∞ at a point tried; the result is the last finite point';
    default:
      return (
        `L-BFGS made no progress (${stop}: the line search left f or x unchanged) ` +
        `with the gradient's largest element at ${g}`
      );
  }
};
