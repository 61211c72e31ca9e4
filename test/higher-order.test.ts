/** Jacobians, Hessians and Hessian-vector products against hand-computed values. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import * as gt from '../src/testing.ts';
import type { Tensor } from '../src/index.ts';
import { arr } from './helpers.ts';

const near = (actual: Tensor, expected: readonly (readonly number[])[] | readonly number[], tol = 1e-9): void => {
  const flat = expected.flat();
  expect(actual.data.length).toBe(flat.length);
  flat.forEach((e, i) => expect(Math.abs((actual.data[i] ?? NaN) - e)).toBeLessThan(tol));
};

const rosenbrock = (p: Tensor): Tensor => {
  const x = g.slice(p, [0], [1]);
  const y = g.slice(p, [1], [1]);
  return g.sum(g.add(g.square(g.sub(1, x)), g.mul(100, g.square(g.sub(y, g.square(x))))));
};

describe('hessian', () => {
  it('of Rosenbrock: [[1200x² − 400y + 2, −400x], [−400x, 200]]', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (x, y) => {
        const h = g.hessian(rosenbrock)(g.tensor([x, y]));
        expect(h.shape).toEqual([2, 2]);
        near(
          h,
          [
            [1200 * x * x - 400 * y + 2, -400 * x],
            [-400 * x, 200],
          ],
          1e-9 * (1 + 1200 * x * x),
        );
      }),
      { numRuns: 20 },
    );
  });
  it('of log-sum-exp: diag(s) − s·sᵀ with s = softmax(x)', () => {
    const x = g.tensor([0.5, -1, 2]);
    const s = Array.from(g.softmax(x).data);
    near(
      g.hessian((v: Tensor) => g.logSumExp(v))(x),
      s.map((si, i) => s.map((sj, j) => (i === j ? si : 0) - si * sj)),
      1e-12,
    );
  });
  it('of a quadratic form xᵀAx: A + Aᵀ', () => {
    const a = g.tensor([
      [1, 2, 0],
      [-1, 3, 4],
      [0.5, 0, 2],
    ]);
    const h = g.hessian((v: Tensor) => g.dot(v, g.matmul(a, v)))(g.tensor([0.3, -0.2, 0.9]));
    near(
      h,
      [
        [2, 1, 0.5],
        [1, 6, 4],
        [0.5, 4, 4],
      ],
      1e-12,
    );
  });
  it('over a tree: blocks ∂²f/∂a∂b for f = a²·b with number leaves', () => {
    const h = g.hessian((p: { a: Tensor; b: Tensor }) => g.mul(g.square(p.a), p.b))({ a: 3, b: 2 });
    // ∂²/∂a² = 2b = 4, ∂²/∂a∂b = 2a = 6, ∂²/∂b² = 0
    expect([g.item(h.a.a), g.item(h.a.b), g.item(h.b.a), g.item(h.b.b)]).toEqual([4, 6, 6, 0]);
  });
  it('of a small MLP loss: symmetric, and each column equals the finite difference of the gradient', () => {
    const x = g.tensor([
      [0.3, -0.2],
      [0.1, 0.5],
    ]);
    const loss = (w: Tensor) =>
      g.softmaxCrossEntropy(
        g.matmul(
          g.tanh(g.matmul(x, g.reshape(w, [2, 2]))),
          g.tensor([
            [1, -1],
            [0.5, 2],
          ]),
        ),
        [0, 1],
      );
    const w = g.tensor([0.2, -0.3, 0.5, 0.4]);
    const h = g.hessian(loss)(w);
    const eps = 1e-5;
    for (let j = 0; j < 4; j++) {
      const e = g.tensor([0, 1, 2, 3].map((k) => (k === j ? eps : 0)));
      const diff = g.div(g.sub(g.grad(loss)(g.add(w, e)), g.grad(loss)(g.sub(w, e))), 2 * eps);
      for (let i = 0; i < 4; i++) {
        expect(Math.abs((h.data[i * 4 + j] ?? NaN) - (diff.data[i] ?? NaN))).toBeLessThan(1e-8);
        expect(h.data[i * 4 + j]).toBeCloseTo(h.data[j * 4 + i] ?? NaN, 12);
      }
    }
  });
});

describe('jacobians and hvp', () => {
  it('jacrev and jacfwd agree with the hand-computed Jacobian of x ↦ [x₀x₁, sin x₀]', () => {
    const f = (v: Tensor) => g.stack([g.mul(g.slice(v, [0], [1]), g.slice(v, [1], [1])), g.sin(g.slice(v, [0], [1]))]);
    const x = g.tensor([0.7, -1.2]);
    const expected = [[[-1.2, 0.7]], [[Math.cos(0.7), 0]]];
    expect(arr(g.jacrev(f)(x))).toEqual(expected);
    expect(arr(g.jacfwd(f)(x))).toEqual(expected);
    expect(g.jacobian(f)(x).shape).toEqual([2, 1, 2]);
  });
  it('over a tree input: a block per leaf shaped [...y.shape, ...leaf.shape]', () => {
    const j = g.jacrev((p: { w: Tensor; b: Tensor }) => g.add(g.mul(p.w, g.tensor([1, 2])), p.b))({
      w: g.tensor([3, 4]),
      b: 5,
    });
    expect(arr(j.w)).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(arr(j.b)).toEqual([1, 1]);
  });
  it('hvp equals hessian(f)(x)·v without forming the Hessian', () => {
    fc.assert(
      fc.property(gt.tensorArb([2], { min: -1.5, max: 1.5 }), gt.tensorArb([2]), (x, v) => {
        const hv = g.hvp(rosenbrock, x, v);
        const expected = g.matmul(g.hessian(rosenbrock)(x), v);
        hv.data.forEach((h, i) =>
          expect(Math.abs(h - (expected.data[i] ?? NaN))).toBeLessThan(1e-9 * (1 + Math.abs(h))),
        );
      }),
      { numRuns: 20 },
    );
  });
  it('hvp over a tree keeps number leaves as numbers', () => {
    const hv = g.hvp((p: { a: Tensor; b: Tensor }) => g.mul(g.square(p.a), p.b), { a: 3, b: 2 }, { a: 1, b: 0 });
    expect(hv).toEqual({ a: 4, b: 6 });
  });
});
