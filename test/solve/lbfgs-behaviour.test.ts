/**
 * lbfgs beyond parity: gradients from gradfold's own valueAndGrad, float32 leaves, purity and plain-data
 * states, and bad input (options out of range, unknown keys, a loss that turns NaN mid-search, a non-scalar
 * loss, a gradient or a state that does not fit the parameters, a line search that cannot satisfy Wolfe).
 */
import { describe, expect, it } from 'vitest';
import { valueAndGrad } from '../../src/autodiff/grad.ts';
import { ArgumentError, GradfoldError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';
import { type Tensor, scalar, tensor } from '../../src/core/tensor.ts';
import { add, mul, sub } from '../../src/ops/arith.ts';
import { exp, log1p, square } from '../../src/ops/unary.ts';
import { mean } from '../../src/ops/reduce.ts';
import { sum } from '../../src/ops/structural.ts';
import { matmul } from '../../src/ops/linalg.ts';
import { type LbfgsState, lbfgs } from '../../src/solve/index.ts';
import { TorchLbfgsRef } from './reference/torch-lbfgs.ts';
import { key } from '../../src/core/random.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/train/checkpoint.ts';
import { emptyHistory } from '../../src/train/history.ts';
import { logistic, logisticData, quadA, quadB, quadratic, rosenStart, rosenbrock, vec } from './lbfgs-problems.ts';

const close = (a: number, b: number, rel = 1e-9): boolean => Math.abs(a - b) <= rel * Math.abs(b) || a === b;

/** Rosenbrock 2-D in gradfold's ops. */
const rosen = (p: { x: Tensor; y: Tensor }) => add(square(sub(1, p.x)), mul(100, square(sub(p.y, square(p.x)))));

/** The logistic regression of lbfgs-problems.ts in gradfold's ops. */
const X = tensor(logisticData.X.map((r) => [...r]));
const Y = tensor(logisticData.Y);
const logLoss = (p: { w: Tensor; b: Tensor }) =>
  add(mean(log1p(exp(mul(-1, mul(Y, add(matmul(X, p.w), p.b)))))), mul(logisticData.LAMBDA / 2, sum(square(p.w))));

describe('with gradients from valueAndGrad', () => {
  it("Rosenbrock 2-D and the logistic regression follow torch's path (1e-9 relative)", () => {
    for (const lineSearch of ['none', 'strong-wolfe'] as const) {
      const lr = lineSearch === 'none' ? 0.1 : 1;
      const ref = new TorchLbfgsRef(rosenStart(2), rosenbrock, {
        lr,
        line_search_fn: lineSearch === 'none' ? null : 'strong_wolfe',
      });
      const solver = lbfgs({ lineSearch, lr });
      const f = valueAndGrad(rosen);
      let params = { x: scalar(-1.2), y: scalar(1) };
      let state = solver.init(params);
      for (let k = 0; k < 3; k++) {
        ref.step();
        ({ params, state } = solver.step(f, params, state));
        expect(close(params.x.data[0] ?? NaN, ref.params[0] ?? NaN)).toBe(true);
        expect(close(params.y.data[0] ?? NaN, ref.params[1] ?? NaN)).toBe(true);
      }
      const refL = new TorchLbfgsRef([0, 0, 0], logistic, {
        line_search_fn: lineSearch === 'none' ? null : 'strong_wolfe',
      });
      const g = valueAndGrad(logLoss);
      let p = { w: vec([0, 0]), b: scalar(0) };
      let s = solver.init(p);
      for (let k = 0; k < 3; k++) {
        refL.step();
        ({ params: p, state: s } = lbfgs({ lineSearch }).step(g, p, s));
        const got = [...p.w.data, ...p.b.data];
        got.forEach((v, i) =>
          expect(
            close(v, refL.params[i] ?? NaN),
            `${lineSearch} step ${k} element ${i}: ${v} vs ${refL.params[i]}`,
          ).toBe(true),
        );
      }
    }
  });
});

describe('trees and dtypes', () => {
  it('float32 leaves stay float32 (computed in float64, rounded when handed to f and returned)', () => {
    const A = tensor(quadA, { dtype: 'float32' });
    const b = tensor(quadB, { dtype: 'float32' });
    const loss = (p: { x: Tensor }) => sub(mul(0.5, sum(mul(p.x, matmul(A, p.x)))), sum(mul(b, p.x)));
    const solver = lbfgs({ lineSearch: 'strong-wolfe' });
    let params = { x: tensor([0, 0, 0, 0, 0], { dtype: 'float32' }) };
    let state = solver.init(params);
    for (let k = 0; k < 3; k++) ({ params, state } = solver.step(valueAndGrad(loss), params, state));
    expect(params.x.dtype).toBe('float32');
    expect(params.x.data).toBeInstanceOf(Float32Array);
    expect(state.d.dtype).toBe('float64');
    // The minimizer solves Ax = b: the gradient there is ~0 to float32 precision.
    const g = quadratic.g(Array.from(params.x.data));
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-3);
  });

  it('numbers stay numbers, tensors keep their shapes', () => {
    const loss = (p: { a: Tensor; m: Tensor; v: readonly Tensor[] }) =>
      add(add(square(sub(p.a, 2)), sum(square(sub(p.m, 1)))), sum(square(add(p.v[0] ?? 0, 3))));
    const params = {
      a: 0,
      m: tensor([
        [0, 0],
        [0, 0],
      ]),
      v: [tensor([1, 2, 3])] as const,
    };
    const solver = lbfgs({ lineSearch: 'strong-wolfe' });
    const r = solver.step(valueAndGrad(loss), params, solver.init(params));
    expect(typeof r.params.a).toBe('number');
    expect(r.params.m.shape).toEqual([2, 2]);
    expect(r.params.v[0]?.shape).toEqual([3]);
    expect(r.params.a).toBeCloseTo(2, 8);
    expect(r.stop).toBe('toleranceGrad');
  });
});

describe('purity and plain-data states', () => {
  it('neither the parameters nor the state change; the same inputs give the same outputs', () => {
    const solver = lbfgs({ lineSearch: 'strong-wolfe', maxIter: 4 });
    const f = valueAndGrad(rosen);
    const params = { x: scalar(-1.2), y: scalar(1) };
    const first = solver.step(f, params, solver.init(params));
    const before = JSON.stringify(first.state, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v));
    const a = solver.step(f, first.params, first.state);
    const b = solver.step(f, first.params, first.state);
    expect(JSON.stringify(first.state, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v))).toBe(
      before,
    );
    expect(params.x.data[0]).toBe(-1.2);
    expect(a).toEqual(b);
  });

  it('a structured clone of the state continues exactly like the state', () => {
    const solver = lbfgs();
    const f = valueAndGrad(logLoss);
    const p0 = { w: vec([0, 0]), b: scalar(0) };
    const r1 = solver.step(f, p0, solver.init(p0));
    const clone: LbfgsState = structuredClone(r1.state);
    expect(solver.step(f, r1.params, clone)).toEqual(solver.step(f, r1.params, r1.state));
    expect(r1.state.pairs).toBeGreaterThan(0);
  });
});

describe('checkpoints', () => {
  it("the state keeps init's layout, so a checkpoint of a later step decodes against the initial carry", () => {
    const solver = lbfgs({ historySize: 5 });
    const f = valueAndGrad(logLoss);
    const p0 = { w: vec([0, 0]), b: scalar(0) };
    const template = { params: p0, optState: solver.init(p0), key: key(0), step: 0, epoch: 0, batch: 0 };
    let carry = template;
    for (let k = 0; k < 3; k++) {
      const r = solver.step(f, carry.params, carry.optState);
      carry = { ...carry, params: r.params, optState: r.state, step: k + 1 };
    }
    expect(carry.optState.pairs).toBe(5);
    const text = encodeCheckpoint({ carry, history: emptyHistory });
    const back = decodeCheckpoint(text, template);
    if (back._tag === 'Left') expect.fail(back.left);
    expect(back.right.carry).toEqual(carry);
    expect(solver.step(f, back.right.carry.params, back.right.carry.optState)).toEqual(
      solver.step(f, carry.params, carry.optState),
    );
  });
});

describe('bad input', () => {
  it('options out of range, of the wrong kind, or unknown are refused', () => {
    const bad: readonly [unknown, RegExp][] = [
      [{ toleranceGrad: 0 }, /toleranceGrad must be a finite number > 0, got 0/],
      [{ toleranceGrad: -1e-7 }, /toleranceGrad/],
      [{ toleranceChange: 0 }, /toleranceChange must be a finite number > 0/],
      [{ toleranceChange: NaN }, /toleranceChange/],
      [{ historySize: 0 }, /historySize must be a positive integer, got 0/],
      [{ historySize: 2.5 }, /historySize/],
      [{ maxIter: 0 }, /maxIter must be a positive integer/],
      [{ maxEval: -3 }, /maxEval/],
      [{ lr: 0 }, /lr must be a finite number > 0/],
      [{ lr: Infinity }, /lr/],
      [{ lr: '1' }, /lr must be a finite number > 0, got "1"/],
      [{ lineSearch: 'strong_wolfe' }, /lineSearch must be 'strong-wolfe' or 'none', got "strong_wolfe"/],
      [{ tolerance_grad: 1e-5 }, /unknown option "tolerance_grad"/],
      [{ historysize: 5 }, /unknown option "historysize" \(did you mean "historySize"\?\)/],
      ['fast', /options must be an object/],
      [null, /options must be an object/],
    ];
    for (const [o, message] of bad) {
      // @ts-expect-error: the wrong kinds on purpose
      expect(() => lbfgs(o)).toThrow(ArgumentError);
      // @ts-expect-error: the wrong kinds on purpose
      expect(() => lbfgs(o)).toThrow(message);
    }
  });

  it("torch's defaults, and max_eval = ⌊max_iter·5/4⌋", () => {
    expect(lbfgs().settings).toEqual({
      lr: 1,
      maxIter: 20,
      maxEval: 25,
      toleranceGrad: 1e-7,
      toleranceChange: 1e-9,
      historySize: 100,
      lineSearch: 'none',
    });
    expect(lbfgs({ maxIter: 7 }).settings.maxEval).toBe(8);
  });

  for (const lineSearch of ['none', 'strong-wolfe'] as const) {
    it(`a loss that turns NaN mid-search stops the step at the last finite point ('${lineSearch}')`, () => {
      // f(x) = (x − 3)², NaN beyond x = 2 (as log of a negative number would be).
      let calls = 0;
      const f = (p: { x: number }) => {
        calls += 1;
        const v = p.x > 2 ? NaN : (p.x - 3) ** 2;
        return [v, { x: p.x > 2 ? NaN : 2 * (p.x - 3) }] as const;
      };
      const solver = lbfgs({ lineSearch, maxIter: 1000, maxEval: 100000 });
      let params = { x: 0 };
      let state = solver.init(params);
      const stops: string[] = [];
      for (let k = 0; k < 4; k++) {
        const r = solver.step(f, params, state);
        ({ params, state } = r);
        stops.push(r.stop);
        expect(Number.isFinite(params.x) && params.x <= 2).toBe(true);
        expect(Number.isFinite(r.loss)).toBe(true);
      }
      expect(stops).toContain('nonFinite');
      expect(calls).toBeLessThan(200);
    });
  }

  it('a NaN at the start, or in the gradient only, is reported without a move', () => {
    const solver = lbfgs({ lineSearch: 'strong-wolfe' });
    const params = { x: 1 };
    const nanLoss = solver.step(() => [NaN, { x: 1 }] as const, params, solver.init(params));
    expect(nanLoss.stop).toBe('nonFinite');
    expect(nanLoss.params).toBe(params);
    expect(nanLoss.iterations).toBe(0);
    expect(nanLoss.state.funcEvals).toBe(1);
    const infGrad = solver.step(() => [0, { x: -Infinity }] as const, params, solver.init(params));
    expect(infGrad.stop).toBe('nonFinite');
  });

  it('a non-scalar loss is a ShapeError, from valueAndGrad or from the step', () => {
    const solver = lbfgs();
    const params = { x: tensor([1, 2]) };
    expect(() =>
      solver.step(
        valueAndGrad((p: { x: Tensor }) => mul(p.x, 2)),
        params,
        solver.init(params),
      ),
    ).toThrow(ShapeError);
    expect(() =>
      solver.step(() => [tensor([1, 2]), { x: tensor([0, 0]) }] as const, params, solver.init(params)),
    ).toThrow(/lbfgs.step: the loss must be a scalar \(size 1\), got shape \[2\]/);
  });

  it('f, its result, the gradient and the state are checked against the parameters', () => {
    const solver = lbfgs();
    const params = { x: tensor([1, 2]), b: 0 };
    const state = solver.init(params);
    const ok = valueAndGrad((p: { x: Tensor; b: Tensor }) => add(sum(square(p.x)), square(p.b)));
    // @ts-expect-error: not a function
    expect(() => solver.step(3, params, state)).toThrow(/lbfgs.step: f is 3, not a function/);
    // @ts-expect-error: not a pair
    expect(() => solver.step(() => 1, params, state)).toThrow(/f must return \[loss, gradient\]/);
    // @ts-expect-error: the loss is a string
    expect(() => solver.step(() => ['1', { x: tensor([0, 0]), b: 0 }], params, state)).toThrow(ArgumentError);
    expect(() => solver.step(() => [1, { x: tensor([0, 0, 0]), b: 0 }] as const, params, state)).toThrow(
      /the gradient at \.x has shape \[3\] \(3 elements\) where the parameter has 2/,
    );
    // A state made for other parameters, and states that are not L-BFGS states.
    const other = solver.init({ x: tensor([1, 2, 3, 4]) });
    expect(() => solver.step(ok, params, other)).toThrow(ShapeError);
    expect(() => solver.step(ok, params, other)).toThrow(
      /state.s has shape \[100,4\] where these parameters and historySize need \[100,3\]/,
    );
    // @ts-expect-error: not a state
    expect(() => solver.step(ok, params, {})).toThrow(ArgumentError);
    // @ts-expect-error: not a state
    expect(() => solver.step(ok, params, null)).toThrow(/not an L-BFGS state/);
    expect(() => solver.step(ok, params, { ...state, nIter: -1 })).toThrow(/state.nIter must be an integer ≥ 0/);
    // A state of a solver with another history size, and more pairs than the history holds.
    expect(() => lbfgs({ historySize: 1 }).step(ok, params, lbfgs({ historySize: 2 }).init(params))).toThrow(
      /state.s has shape \[2,3\] where these parameters and historySize need \[1,3\]/,
    );
    expect(() => solver.step(ok, params, { ...state, pairs: 101 })).toThrow(
      /state.pairs is 101, more than historySize 100/,
    );
    expect(() => solver.step(ok, params, { ...state, rho: tensor([1]) })).toThrow(ShapeError);
    // Parameters that are not a tree.
    expect(() => solver.init({ x: 'a' })).toThrow(ArgumentError);
    // @ts-expect-error: a string is no tree
    expect(() => solver.step(ok, 'a', state)).toThrow(GradfoldError);
  });

  it('a line search that cannot satisfy the Wolfe conditions ends (f unbounded below)', () => {
    const solver = lbfgs({ lineSearch: 'strong-wolfe' });
    const f = (p: { x: number }) => [-p.x, { x: -1 }] as const;
    const r = solver.step(f, { x: 0 }, solver.init({ x: 0 }));
    expect(r.evaluations).toBeLessThanOrEqual(25 + 26);
    expect(Number.isFinite(r.params.x)).toBe(true);
    expect(r.params.x).toBeGreaterThan(1e20);
  });
});
