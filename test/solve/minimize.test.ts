/**
 * minimize: the solution of problems whose minimizers are derived by hand (a quadratic bowl, the seeds' quadratic
 * fit, linear least squares by the normal equations, bounded problems whose solution sits on the box), the
 * statuses of runs that cannot converge, and the errors for bad input.
 */
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  arange,
  div,
  matmul,
  mse,
  mul,
  scalar,
  sqrt,
  square,
  sub,
  sum,
  tensor,
} from '../../src/index.ts';
import { ArgumentError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';
import { minimize } from '../../src/solve/minimize.ts';

const methods = ['lbfgs', 'bfgs', 'newton-cg'] as const;

const values = (t: Tensor): number[] => Array.from(t.data);

describe('minimize: hand-derived minimizers', () => {
  // f(x) = ½ xᵀAx − bᵀx with A = [[4, 1], [1, 3]], b = [1, 2]: x* = A⁻¹b = [1, 7] / 11.
  const a = tensor([
    [4, 1],
    [1, 3],
  ]);
  const b = tensor([1, 2]);
  const bowl = (p: { x: Tensor }) => sub(mul(0.5, sum(mul(p.x, matmul(a, p.x)))), sum(mul(b, p.x)));
  for (const method of methods) {
    it(`${method}: a quadratic bowl to A⁻¹b`, () => {
      const r = minimize(bowl, { x: tensor([5, -5]) }, { method, gtol: 1e-10 });
      expect(r.status).toBe('converged');
      expect(values(r.params.x)[0]).toBeCloseTo(1 / 11, 10);
      expect(values(r.params.x)[1]).toBeCloseTo(7 / 11, 10);
      expect(r.value).toBeCloseTo((-0.5 * (1 * 1 + 2 * 7)) / 11, 12);
      expect(r.gradNorm).toBeLessThanOrEqual(1e-10);
      expect(r.hessianProducts > 0).toBe(method === 'newton-cg');
    });
  }

  // The seeds' quadratic fit (examples/quadratic-fit.ts): y = 2x² − 4x + 3 at x = k/400, k = −400 … 399, MSE,
  // from (a, b, c) = (−1, 10, 26). The loss is a convex quadratic in (a, b, c) with minimum 0 at (2, −4, 3).
  const xs = div(arange(-400, 400), 400);
  const ys = add(sub(mul(2, square(xs)), mul(4, xs)), 3);
  const quadratic = (p: { a: Tensor; b: Tensor; c: Tensor }) =>
    mse(add(add(mul(p.a, square(xs)), mul(p.b, xs)), p.c), ys);
  for (const method of methods) {
    it(`${method}: the seeds' quadratic fit to (2, −4, 3) within 1e-6, in a few iterations`, () => {
      const r = minimize(quadratic, { a: -1, b: 10, c: 26 }, { method, gtol: 1e-9 });
      expect(r.status).toBe('converged');
      expect(Math.abs(r.params.a - 2)).toBeLessThan(1e-6);
      expect(Math.abs(r.params.b + 4)).toBeLessThan(1e-6);
      expect(Math.abs(r.params.c - 3)).toBeLessThan(1e-6);
      expect(r.iterations).toBeLessThanOrEqual(30);
    });
  }

  it('a tree with a tensor leaf and a number leaf: linear least squares equals the normal equations', () => {
    // y ≈ x·w + b on four points; the normal equations of [x 1] give w = [1, 2], b = 0.5 (y built from them).
    const x = tensor([
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 1],
    ]);
    const y = tensor([2.5, 1.5, 3.5, 4.5]);
    const loss = (p: { w: Tensor; b: Tensor }) => sum(square(sub(add(matmul(x, p.w), p.b), y)));
    for (const method of methods) {
      const r = minimize(loss, { w: tensor([0, 0]), b: 0 }, { method, gtol: 1e-10 });
      expect(r.status).toBe('converged');
      expect(values(r.params.w)[0]).toBeCloseTo(1, 9);
      expect(values(r.params.w)[1]).toBeCloseTo(2, 9);
      expect(typeof r.params.b).toBe('number');
      expect(r.params.b).toBeCloseTo(0.5, 9);
    }
  });

  it('a float32 leaf stays float32 and shaped; the solution is right to float32 accuracy', () => {
    const loss = (p: { v: Tensor }) => sum(square(sub(p.v, tensor([1, 2, 3], { dtype: 'float32' }))));
    const r = minimize(loss, { v: tensor([0, 0, 0], { dtype: 'float32' }) }, { method: 'bfgs' });
    expect(r.params.v.dtype).toBe('float32');
    expect(r.params.v.shape).toEqual([3]);
    values(r.params.v).forEach((v, i) => expect(v).toBeCloseTo(i + 1, 5));
  });
});

describe('minimize: bounds (lbfgs and bfgs, projected)', () => {
  // (x − 3)² + (y + 1)² with x ≤ 1 and y ≥ 0: the box's nearest point to (3, −1) is (1, 0), f = 4 + 1 = 5.
  const loss = (p: { x: Tensor; y: Tensor }) => add(square(sub(p.x, 3)), square(add(p.y, 1)));
  for (const method of ['lbfgs', 'bfgs'] as const) {
    describe(method, () => {
      it('the solution on the box, with bounds as trees', () => {
        const r = minimize(
          loss,
          { x: 0, y: 0.5 },
          { method, bounds: { upper: { x: 1, y: Infinity }, lower: { x: -Infinity, y: 0 } } },
        );
        expect(r.status).toBe('converged');
        expect(r.params.x).toBe(1);
        expect(r.params.y).toBe(0);
        expect(r.value).toBe(5);
        expect(r.gradNorm).toBe(0);
      });
      it('x₀ outside the box is projected first; a number bounds every element', () => {
        const r = minimize(loss, { x: 10, y: -10 }, { method, bounds: { lower: -0.5, upper: 0.5 } });
        expect(r.params).toEqual({ x: 0.5, y: -0.5 });
      });
      it('Rosenbrock with x ≤ 0.5: the minimum on the bound is at y = x² = 0.25, f = (1 − 0.5)² = 0.25', () => {
        const rosen = (p: { x: Tensor; y: Tensor }) =>
          add(square(sub(1, p.x)), mul(100, square(sub(p.y, square(p.x)))));
        const r = minimize(
          rosen,
          { x: -1.2, y: 1 },
          { method, bounds: { upper: { x: 0.5, y: Infinity } }, gtol: 1e-8 },
        );
        expect(r.status).toBe('converged');
        expect(r.params.x).toBe(0.5);
        expect(r.params.y).toBeCloseTo(0.25, 8);
        expect(r.value).toBeCloseTo(0.25, 12);
      });
      it('an interior minimum is unaffected by loose bounds', () => {
        const r = minimize(loss, { x: 0, y: 0 }, { method, bounds: { lower: -10, upper: 10 }, gtol: 1e-10 });
        expect(r.params.x).toBeCloseTo(3, 9);
        expect(r.params.y).toBeCloseTo(-1, 9);
      });
    });
  }
});

describe('minimize: runs that stop early say so', () => {
  const rosen = (p: readonly Tensor[]) => {
    const [x, y] = [p[0] ?? scalar(NaN), p[1] ?? scalar(NaN)];
    return add(square(sub(1, x)), mul(100, square(sub(y, square(x)))));
  };
  for (const method of methods) {
    it(`${method}: maxIter and maxEval`, () => {
      const r = minimize(rosen, [-1.2, 1], { method, maxIter: 3 });
      expect(r.status).toBe('maxIter');
      expect(r.iterations).toBe(3);
      const e = minimize(rosen, [-1.2, 1], { method, maxEval: 5 });
      expect(e.status).toBe('maxEval');
      // bfgs and newton-cg never exceed the budget; lbfgs checks it after each iteration (one line search over at
      // most).
      expect(e.evaluations).toBeLessThanOrEqual(method === 'lbfgs' ? 5 + 26 : 5);
    });
  }

  for (const method of methods) {
    it(`${method}: a loss that turns NaN mid-search (x > 2) ends 'nonFinite' at the last finite point`, () => {
      // (x − 5)² + 0·√(2 − x): the minimum at 5 lies where the loss is NaN.
      const loss = (p: { x: Tensor }) => add(square(sub(p.x, 5)), mul(0, sqrt(sub(2, p.x))));
      const r = minimize(loss, { x: 0 }, { method });
      expect(r.status).toBe('nonFinite');
      expect(r.params.x).toBeLessThanOrEqual(2);
      expect(Number.isFinite(r.value)).toBe(true);
      expect(r.value).toBeLessThan(25);
      expect(r.reason).toMatch(/NaN/);
    });
    it(`${method}: a loss that is NaN at x₀ ends at once`, () => {
      const r = minimize((p: { x: Tensor }) => sqrt(p.x), { x: -1 }, { method });
      expect(r.status).toBe('nonFinite');
      expect(r.iterations).toBe(0);
      expect(r.params.x).toBe(-1);
    });
  }

  it('a loss without a minimum: f = −x has no step that stops the search, and ends within the budget', () => {
    for (const method of methods) {
      const r = minimize((p: { x: Tensor }) => mul(-1, p.x), { x: 0 }, { method, maxIter: 50 });
      expect(['maxIter', 'maxEval', 'lineSearchFailed']).toContain(r.status);
    }
  });
});

describe('minimize: bad input', () => {
  const loss = (p: { x: Tensor }) => square(p.x);
  it('a non-scalar loss is a ShapeError', () => {
    for (const method of methods)
      expect(() => minimize((p: { x: Tensor }) => mul(p.x, tensor([1, 2])), { x: 1 }, { method })).toThrow(ShapeError);
  });
  it('bounds with lower > upper, or that do not fit, or NaN, are ArgumentErrors', () => {
    expect(() => minimize(loss, { x: 1 }, { method: 'bfgs', bounds: { lower: 2, upper: 1 } })).toThrow(
      /lower 2 > upper 1/,
    );
    expect(() => minimize(loss, { x: 1 }, { method: 'bfgs', bounds: { lower: { y: 0 } } as never })).toThrow(
      ArgumentError,
    );
    expect(() => minimize(loss, { x: 1 }, { method: 'bfgs', bounds: { lower: NaN } })).toThrow(ArgumentError);
    expect(() => minimize(loss, { x: 1 }, { method: 'bfgs', bounds: { low: 0 } as never })).toThrow(ArgumentError);
    expect(() =>
      minimize(
        (p: { v: Tensor }) => sum(p.v),
        { v: tensor([1, 2]) },
        { method: 'bfgs', bounds: { lower: { v: tensor([0]) } } },
      ),
    ).toThrow(/shape/);
  });
  it('bounds with newton-cg are refused', () => {
    expect(() => minimize(loss, { x: 1 }, { method: 'newton-cg', bounds: { lower: 0 } })).toThrow(/not 'newton-cg'/);
  });
  it('options are checked', () => {
    expect(() => minimize(loss, { x: 1 }, { gtoll: 1 } as never)).toThrow(/did you mean "gtol"/);
    expect(() => minimize(loss, { x: 1 }, { method: 'cg' } as never)).toThrow(ArgumentError);
    expect(() => minimize(loss, { x: 1 }, { tol: 1e-6, gtol: 1e-6 })).toThrow(ArgumentError);
    expect(() => minimize(loss, { x: 1 }, { gtol: 0 })).toThrow(ArgumentError);
    expect(() => minimize(loss, { x: 1 }, { maxIter: 1.5 })).toThrow(ArgumentError);
    expect(() => minimize(loss, { x: 1 }, { maxEval: -1 })).toThrow(ArgumentError);
    expect(() => minimize(loss, { x: 1 }, 'fast' as never)).toThrow(ArgumentError);
    const notAFunction: unknown = 3;
    expect(() => minimize(notAFunction as typeof loss, { x: 1 })).toThrow(ArgumentError);
    expect(() => minimize(loss, { x: 'a' } as never)).toThrow(ArgumentError);
    expect(() => minimize(loss, {} as never)).toThrow(ArgumentError);
  });
  it('tol is gtol', () => {
    const a = minimize(loss, { x: 3 }, { method: 'bfgs', tol: 1e-3 });
    const b = minimize(loss, { x: 3 }, { method: 'bfgs', gtol: 1e-3 });
    expect(a).toEqual(b);
  });
});
