/**
 * leastSquares against values derived by hand in the test: a linear fit against its normal equations, the
 * covariance s²(XᵀX)⁻¹ of a straight-line fit in closed form, an exponential decay recovered from exact data; trees,
 * both Jacobian modes, and every bad input the brief names (wrong residual shapes, m < n, NaN mid-search, options).
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  ShapeError,
  type Tensor,
  add,
  exp,
  mul,
  neg,
  reshape,
  sqrt,
  sub,
  sum,
  tensor,
} from '../../src/index.ts';
import { leastSquares } from '../../src/solve/least-squares.ts';

const xs = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];
const ys = [1.1, 1.9, 3.2, 3.9, 5.3, 5.8, 7.2, 7.9];

/** Solves the 3×3 system A·z = b by Cramer's rule. */
const cramer3 = (A: readonly (readonly number[])[], b: readonly number[]): number[] => {
  const det = (M: readonly (readonly number[])[]): number => {
    const [a = [], c = [], d = []] = M;
    const e = (r: readonly number[], k: number): number => r[k] ?? NaN;
    return (
      e(a, 0) * (e(c, 1) * e(d, 2) - e(c, 2) * e(d, 1)) -
      e(a, 1) * (e(c, 0) * e(d, 2) - e(c, 2) * e(d, 0)) +
      e(a, 2) * (e(c, 0) * e(d, 1) - e(c, 1) * e(d, 0))
    );
  };
  const D = det(A);
  return [0, 1, 2].map((k) => det(A.map((row, i) => row.map((v, j) => (j === k ? (b[i] ?? NaN) : v)))) / D);
};

describe('leastSquares: linear problems against the normal equations', () => {
  it('a quadratic polynomial fit equals (XᵀX)⁻¹Xᵀy', () => {
    const X = xs.map((x) => [1, x, x * x]);
    const XtX = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X.reduce((s, row) => s + (row[i] ?? 0) * (row[j] ?? 0), 0)));
    const Xty = [0, 1, 2].map((i) => X.reduce((s, row, k) => s + (row[i] ?? 0) * (ys[k] ?? 0), 0));
    const expected = cramer3(XtX, Xty);
    const t = tensor(xs);
    const fit = leastSquares(
      (p: { c: Tensor }) => {
        const [c0, c1, c2] = [0, 1, 2].map((k) => sum(mul(p.c, tensor([0, 1, 2].map((j) => (j === k ? 1 : 0))))));
        return sub(add(add(c0 ?? 0, mul(c1 ?? 0, t)), mul(c2 ?? 0, mul(t, t))), tensor(ys));
      },
      { c: tensor([0, 0, 0]) },
    );
    expect(fit.status).toBe('converged');
    Array.from(fit.params.c.data).forEach((v, k) => expect(v).toBeCloseTo(expected[k] ?? NaN, 10));
    const rss = X.reduce(
      (s, row, k) => s + (row.reduce((a, v, j) => a + v * (expected[j] ?? 0), 0) - (ys[k] ?? 0)) ** 2,
      0,
    );
    expect(fit.cost).toBeCloseTo(rss / 2, 12);
  });

  it('the covariance of a straight line is s²(XᵀX)⁻¹ with s² = RSS/(m − 2), in closed form', () => {
    const m = xs.length;
    const sx = xs.reduce((a, b) => a + b, 0);
    const sxx = xs.reduce((a, b) => a + b * b, 0);
    const sy = ys.reduce((a, b) => a + b, 0);
    const sxy = xs.reduce((a, x, k) => a + x * (ys[k] ?? 0), 0);
    const det = m * sxx - sx * sx;
    const slope = (m * sxy - sx * sy) / det;
    const intercept = (sxx * sy - sx * sxy) / det;
    const rss = xs.reduce((a, x, k) => a + (intercept + slope * x - (ys[k] ?? 0)) ** 2, 0);
    const s2 = rss / (m - 2);
    // (XᵀX)⁻¹ for X = [1, x]: [[sxx, −sx], [−sx, m]] / det; parameters in the order (a = slope, b = intercept).
    const expected = [(m / det) * s2, (-sx / det) * s2, (-sx / det) * s2, (sxx / det) * s2];
    const t = tensor(xs);
    const fit = leastSquares((p: { a: Tensor; b: Tensor }) => sub(add(mul(p.a, t), p.b), tensor(ys)), { a: 0, b: 0 });
    expect(fit.params.a).toBeCloseTo(slope, 12);
    expect(fit.params.b).toBeCloseTo(intercept, 12);
    expect(fit.covariance.shape).toEqual([2, 2]);
    Array.from(fit.covariance.data).forEach((v, k) => expect(v).toBeCloseTo(expected[k] ?? NaN, 12));
    expect(fit.standardErrors.a).toBeCloseTo(Math.sqrt(expected[0] ?? NaN), 12);
    expect(fit.standardErrors.b).toBeCloseTo(Math.sqrt(expected[3] ?? NaN), 12);
    expect(fit.jacobian.shape).toEqual([m, 2]);
    expect(Array.from(fit.jacobian.data)).toEqual(xs.flatMap((x) => [x, 1]));
    expect(Array.from(fit.residuals.data).reduce((a, r) => a + r * r, 0)).toBeCloseTo(rss, 12);
  });
});

describe('leastSquares: nonlinear fits', () => {
  const t = Array.from({ length: 30 }, (_, i) => i / 5);
  const decay = (p: { a: Tensor; k: Tensor; c: Tensor }, tt: Tensor): Tensor =>
    add(mul(p.a, exp(neg(mul(p.k, tt)))), p.c);

  it('recovers an exponential decay a·e^(−kt) + c from exact data to 1e-8', () => {
    const y = tensor(t.map((v) => 2.5 * Math.exp(-1.3 * v) + 0.5));
    const tt = tensor(t);
    const fit = leastSquares((p: { a: Tensor; k: Tensor; c: Tensor }) => sub(decay(p, tt), y), { a: 1, k: 0.5, c: 0 });
    expect(fit.status).toBe('converged');
    expect(Math.abs(fit.params.a - 2.5)).toBeLessThan(1e-8);
    expect(Math.abs(fit.params.k - 1.3)).toBeLessThan(1e-8);
    expect(Math.abs(fit.params.c - 0.5)).toBeLessThan(1e-8);
    expect(fit.cost).toBeLessThan(1e-20);
    expect(fit.evaluations).toBeGreaterThanOrEqual(fit.iterations);
  });

  it('gives the same answer with forward and reverse Jacobians, on a tree with a tensor leaf', () => {
    const y = tensor(t.map((v) => 2 * Math.exp(-0.7 * v) + 1 * Math.exp(-3 * v)));
    const tt = reshape(tensor(t), [30, 1]);
    const model = (p: { amp: Tensor; rate: Tensor }): Tensor =>
      sub(reshape(sum(mul(p.amp, exp(neg(mul(p.rate, tt)))), { axis: 1 }), [30]), y);
    const start = { amp: tensor([1, 1]), rate: tensor([0.5, 2]) };
    const f = leastSquares(model, start, { jacobian: 'forward' });
    const r = leastSquares(model, start, { jacobian: 'reverse' });
    expect(f.status).toBe('converged');
    expect(Array.from(f.params.rate.data).map((v) => Number(v.toFixed(8)))).toEqual([0.7, 3]);
    expect(Array.from(f.params.amp.data).map((v) => Number(v.toFixed(8)))).toEqual([2, 1]);
    expect(f.evaluations).toBe(r.evaluations);
    Array.from(f.params.rate.data).forEach((v, k) => expect(v).toBeCloseTo(r.params.rate.data[k] ?? NaN, 12));
    expect(f.standardErrors.amp.shape).toEqual([2]);
  });

  it("every Jacobian mode ('auto', forward, reverse) evaluates r once per Jacobian (counted in calls of r)", () => {
    // gtol = 1 stops after the first Jacobian. jacfwd and jacrev each trace r once and map one pass over the basis
    // by vmap.
    const callsFor = (m: number, jacobian?: 'forward' | 'reverse'): number => {
      let calls = 0;
      const tt = tensor(Array.from({ length: m }, (_, i) => i));
      leastSquares(
        (p: { a: Tensor; b: Tensor }) => {
          calls++;
          return sub(add(mul(p.a, tt), p.b), tt);
        },
        { a: 0, b: 0 },
        { gtol: 1, ...(jacobian === undefined ? {} : { jacobian }) },
      );
      return calls;
    };
    expect([callsFor(6), callsFor(6, 'forward'), callsFor(6, 'reverse')]).toEqual([2, 2, 2]);
    expect([callsFor(5), callsFor(5, 'forward'), callsFor(5, 'reverse')]).toEqual([2, 2, 2]);
  });

  it('keeps a float32 leaf float32 (r is evaluated in float32; the solver works in float64)', () => {
    const tt = tensor([0, 1, 2, 3], { dtype: 'float32' });
    const y = tensor([1, 3, 5, 7], { dtype: 'float32' });
    const fit = leastSquares(
      (p: { w: Tensor }) =>
        sub(
          add(
            mul(sum(mul(p.w, tensor([1, 0], { dtype: 'float32' }))), tt),
            sum(mul(p.w, tensor([0, 1], { dtype: 'float32' }))),
          ),
          y,
        ),
      {
        w: tensor([0, 0], { dtype: 'float32' }),
      },
    );
    expect(fit.params.w.dtype).toBe('float32');
    expect(Array.from(fit.params.w.data).map((v) => Number(v.toFixed(5)))).toEqual([2, 1]);
    expect(fit.status).toBe('converged');
  });

  it('a zero residual at the start stops at once with gtol', () => {
    const fit = leastSquares((p: { a: Tensor }) => sub(mul(p.a, tensor([1, 2])), tensor([3, 6])), { a: 3 });
    expect([fit.status, fit.reason, fit.evaluations, fit.iterations]).toEqual(['converged', 'gtol', 1, 1]);
  });

  it('m = n: the covariance cannot be estimated and is Infinity (as curve_fit)', () => {
    const fit = leastSquares(
      (p: { a: Tensor; b: Tensor }) => sub(tensor([1, 2]), add(mul(p.a, tensor([1, 0])), mul(p.b, tensor([0, 1])))),
      { a: 0, b: 0 },
    );
    expect(fit.params).toEqual({ a: 1, b: 2 });
    expect(Array.from(fit.covariance.data)).toEqual([Infinity, Infinity, Infinity, Infinity]);
  });

  it('a rank-deficient Jacobian gives an Infinity covariance', () => {
    const tt = tensor([1, 2, 3]);
    const fit = leastSquares((p: { a: Tensor; b: Tensor }) => sub(mul(add(p.a, p.b), tt), tensor([2, 4, 6.5])), {
      a: 0,
      b: 0,
    });
    expect(fit.status).toBe('converged');
    expect(Array.from(fit.covariance.data).every((v) => v === Infinity)).toBe(true);
  });
});

describe('leastSquares: bad input', () => {
  const line = (p: { a: Tensor }): Tensor => sub(mul(p.a, tensor([1, 2, 3])), tensor([1, 2, 3]));

  it('refuses unknown and out-of-range options with ArgumentErrors', () => {
    expect(() => leastSquares(line, { a: 0 }, { fTol: 1 } as never)).toThrow(/unknown option "fTol".*ftol/);
    expect(() => leastSquares(line, { a: 0 }, { ftol: -1 })).toThrow(ArgumentError);
    expect(() => leastSquares(line, { a: 0 }, { xtol: NaN })).toThrow(ArgumentError);
    expect(() => leastSquares(line, { a: 0 }, { gtol: Infinity })).toThrow(ArgumentError);
    expect(() => leastSquares(line, { a: 0 }, { maxEval: 0 })).toThrow(/maxEval must be a positive integer/);
    expect(() => leastSquares(line, { a: 0 }, { maxEval: 1.5 })).toThrow(ArgumentError);
    expect(() => leastSquares(line, { a: 0 }, { factor: 0 })).toThrow(ArgumentError);
    expect(() => leastSquares(line, { a: 0 }, { jacobian: 'central' as never })).toThrow(/jacobian must be/);
    expect(() => leastSquares(line, { a: 0 }, 'fast' as never)).toThrow(ArgumentError);
    expect(() => leastSquares<{ a: Tensor }, { a: number }>('f' as never, { a: 0 })).toThrow(
      /residuals is "f", not a function/,
    );
    expect(() => leastSquares(line, { a: 'x' } as never)).toThrow(ArgumentError);
    expect(() => leastSquares(line, { a: [] } as never)).toThrow(/no elements/);
  });

  it('refuses residuals that are not a rank-1 tensor, or whose length changes, with ShapeErrors', () => {
    expect(() => leastSquares((p: { a: Tensor }) => mul(p.a, p.a), { a: 1 })).toThrow(ShapeError);
    expect(() =>
      leastSquares(
        (p: { a: Tensor }) =>
          mul(
            p.a,
            tensor([
              [1, 2],
              [3, 4],
            ]),
          ),
        { a: 1 },
      ),
    ).toThrow(/rank-1 tensor, got shape/);
    expect(() => leastSquares<{ a: Tensor }, { a: number }>((() => 3) as never, { a: 1 })).toThrow(ShapeError);
    let calls = 0;
    const growing = (p: { a: Tensor }): Tensor => sub(mul(p.a, tensor(calls++ === 0 ? [1, 2] : [1, 2, 3])), 1);
    expect(() => leastSquares(growing, { a: 0 })).toThrow(/its length must not change/);
  });

  it('refuses fewer residuals than parameters (m < n)', () => {
    expect(() => leastSquares((p: { a: Tensor; b: Tensor }) => reshape(add(p.a, p.b), [1]), { a: 0, b: 0 })).toThrow(
      /1 residuals for 2 parameters.*m ≥ n/,
    );
  });

  it('NaN residuals mid-search end with status nonFinite at the last finite point', () => {
    // r(a) = [√a + 3, √a + 3.1] from a = 1: the Gauss–Newton step goes below 0, where √a is NaN.
    const fit2 = leastSquares((p: { a: Tensor }) => sub(sqrt(p.a), tensor([-3, -3.1])), { a: 1 });
    expect(fit2.status).toBe('nonFinite');
    expect(fit2.reason).toBe('nonFinite');
    expect(fit2.params.a).toBe(1);
    expect(Number.isFinite(fit2.cost)).toBe(true);
    expect(fit2.message).toMatch(/last finite point/);
  });

  it('NaN residuals at the start: status nonFinite, never a hang', () => {
    const fit = leastSquares((p: { a: Tensor }) => mul(p.a, tensor([NaN, 1])), { a: 1 });
    expect(fit.status).toBe('nonFinite');
    expect(fit.evaluations).toBe(1);
  });

  it('maxEval ends the search with status maxEval', () => {
    const rosenbrock = (p: { x: Tensor; y: Tensor }): Tensor =>
      add(mul(tensor([10, 0]), sub(p.y, mul(p.x, p.x))), mul(tensor([0, 1]), sub(1, p.x)));
    const fit = leastSquares(rosenbrock, { x: -1.2, y: 1 }, { maxEval: 5 });
    expect([fit.status, fit.reason, fit.evaluations]).toEqual(['maxEval', 'maxEval', 5]);
    expect(Number.isFinite(fit.cost)).toBe(true);
  });
});
