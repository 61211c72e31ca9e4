/**
 * gradfold's lbfgs against a line-by-line transcription of torch.optim.LBFGS (reference/torch-lbfgs.ts), step
 * for step: after every `step` the parameters, the loss it returns and torch's counters agree to 1e-9 relative,
 * with and without the strong-Wolfe line search, on Rosenbrock (2-D and 10-D), a convex quadratic and a
 * logistic regression, each with hand-written gradients and parameters held as a tree.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, fromData, tensor } from '../../src/core/tensor.ts';
import type { Like } from '../../src/core/tree.ts';
import { type LbfgsOptions, lbfgs } from '../../src/solve/index.ts';
import { type Problem, TorchLbfgsRef } from './reference/torch-lbfgs.ts';
import { logistic, quadratic, rosenStart, rosenbrock, vec } from './lbfgs-problems.ts';

/** How a problem's vector is held as a parameter tree P, both ways, by hand. */
interface TreeCodec<P> {
  readonly toTree: (x: readonly number[]) => P;
  /** The same function, typed as a gradient. */
  readonly toGrad: (x: readonly number[]) => Like<P>;
  readonly fromTree: (p: P) => number[];
}

const num = (v: Tensor | number): number[] => (typeof v === 'number' ? [v] : Array.from(v.data));

/** Rosenbrock 2-D as two number leaves. */
const pairOf = ([x = NaN, y = NaN]: readonly number[]) => ({ x, y });
const pair: TreeCodec<{ readonly x: number; readonly y: number }> = {
  toTree: pairOf,
  toGrad: pairOf,
  fromTree: (p) => [p.x, p.y],
};

/** Ten elements as a nested tree: a vector of 4, then a 2×2 matrix and two numbers in an array. */
type Nested = { readonly head: Tensor; readonly rest: readonly [Tensor, number, number] };
const nestedOf = (x: readonly number[]): Nested => ({
  head: vec(x.slice(0, 4)),
  rest: [fromData([2, 2], Float64Array.from(x.slice(4, 8))), x[8] ?? NaN, x[9] ?? NaN],
});
const nested: TreeCodec<Nested> = {
  toTree: nestedOf,
  toGrad: nestedOf,
  fromTree: (p) => [...num(p.head), ...num(p.rest[0]), p.rest[1], p.rest[2]],
};

/** One tensor leaf. */
const singleOf = (x: readonly number[]) => ({ x: vec(x) });
const single: TreeCodec<{ readonly x: Tensor }> = { toTree: singleOf, toGrad: singleOf, fromTree: (p) => num(p.x) };

/** Logistic regression: weights and a bias. */
const wbOf = ([w0 = NaN, w1 = NaN, b = NaN]: readonly number[]) => ({ w: vec([w0, w1]), b });
const wb: TreeCodec<{ readonly w: Tensor; readonly b: number }> = {
  toTree: wbOf,
  toGrad: wbOf,
  fromTree: (p) => [...num(p.w), p.b],
};

/** Relative agreement to 1e-9 (exact zeros must be zeros). */
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.abs(b) || a === b;

/** The options under torch's names. */
const torchNames = (o: LbfgsOptions) => ({
  ...(o.lr === undefined ? {} : { lr: o.lr }),
  ...(o.maxIter === undefined ? {} : { max_iter: o.maxIter }),
  ...(o.maxEval === undefined ? {} : { max_eval: o.maxEval }),
  ...(o.historySize === undefined ? {} : { history_size: o.historySize }),
  ...(o.toleranceGrad === undefined ? {} : { tolerance_grad: o.toleranceGrad }),
  ...(o.toleranceChange === undefined ? {} : { tolerance_change: o.toleranceChange }),
  line_search_fn: o.lineSearch === 'strong-wolfe' ? ('strong_wolfe' as const) : null,
});

/** Runs `steps` steps of both and compares after each; returns the last parameters (as a vector). */
const compare = <P>(
  problem: Problem,
  codec: TreeCodec<P>,
  x0: readonly number[],
  options: LbfgsOptions,
  steps: number,
): number[] => {
  const ref = new TorchLbfgsRef([...x0], problem, torchNames(options));
  const solver = lbfgs(options);
  const f = (p: P) => {
    const x = codec.fromTree(p);
    return [problem.f(x), codec.toGrad(problem.g(x))] as const;
  };
  let params = codec.toTree(x0);
  let state = solver.init(params);
  for (let k = 1; k <= steps; k++) {
    const refLoss = ref.step();
    const r = solver.step(f, params, state);
    params = r.params;
    state = r.state;
    const got = codec.fromTree(params);
    const want = ref.params;
    got.forEach((v, i) => {
      if (!close(v, want[i] ?? NaN)) expect.fail(`step ${k}, element ${i}: lbfgs ${v}, torch ${want[i]}`);
    });
    expect(close(r.loss, refLoss), `step ${k}: loss ${r.loss} vs ${refLoss}`).toBe(true);
    expect(state.nIter).toBe(ref.state.n_iter);
    expect(state.funcEvals).toBe(ref.state.func_evals);
    expect(state.pairs).toBe(ref.state.old_stps?.length ?? 0);
  }
  return codec.fromTree(params);
};

const both = ['none', 'strong-wolfe'] as const;

describe('lbfgs matches torch.optim.LBFGS step for step (1e-9 relative)', () => {
  for (const lineSearch of both) {
    describe(`lineSearch: '${lineSearch}'`, () => {
      it('Rosenbrock 2-D from (−1.2, 1), number leaves', () => {
        compare(rosenbrock, pair, rosenStart(2), { lineSearch, ...(lineSearch === 'none' ? { lr: 0.1 } : {}) }, 8);
      });
      it('Rosenbrock 10-D from (−1.2, 1, …), a nested tree', () => {
        compare(rosenbrock, nested, rosenStart(10), { lineSearch, ...(lineSearch === 'none' ? { lr: 0.1 } : {}) }, 8);
      });
      it('a convex quadratic ½xᵀAx − bᵀx', () => {
        compare(quadratic, single, [0, 0, 0, 0, 0], { lineSearch }, 4);
      });
      it('a logistic regression on twelve points', () => {
        compare(logistic, wb, [0, 0, 0], { lineSearch }, 4);
      });
      it('a short history (m = 3), few iterations per step, a smaller lr', () => {
        compare(rosenbrock, nested, rosenStart(10), { lineSearch, historySize: 3, maxIter: 7, lr: 0.5 }, 10);
        compare(logistic, wb, [1, -1, 0.5], { lineSearch, historySize: 1, maxIter: 3, maxEval: 5, lr: 0.8 }, 6);
      });
      it('looser tolerances end steps early the same way', () => {
        compare(quadratic, single, [1, 1, 1, 1, 1], { lineSearch, toleranceGrad: 1e-3, toleranceChange: 1e-4 }, 5);
      });
    });
  }
});

describe('convergence', () => {
  // With torch's tolerances a step ends at f ≈ 4e−10 (gᵀd > −1e−9: 'noDescent'); tighter ones go on to (1, …, 1).
  it('Rosenbrock 2-D and 10-D reach (1, …, 1) with the strong-Wolfe search', () => {
    for (const n of [2, 10]) {
      const solver = lbfgs({
        lineSearch: 'strong-wolfe',
        maxIter: 200,
        maxEval: 400,
        toleranceGrad: 1e-12,
        toleranceChange: 1e-20,
      });
      const f = (p: { readonly x: Tensor }) => {
        const x = Array.from(p.x.data);
        return [rosenbrock.f(x), { x: vec(rosenbrock.g(x)) }] as const;
      };
      let params = { x: tensor(rosenStart(n)) };
      let state = solver.init(params);
      for (let k = 0; k < 5; k++) {
        const r = solver.step(f, params, state);
        params = r.params;
        state = r.state;
        if (r.stop !== 'maxIter' && r.stop !== 'maxEval') break;
      }
      for (const v of params.x.data) expect(Math.abs(v - 1)).toBeLessThan(1e-8);
      expect(rosenbrock.f(Array.from(params.x.data))).toBeLessThan(1e-16);
    }
  });
});
