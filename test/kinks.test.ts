/** Golden values at non-smooth points: the documented conventions, and where's NaN safety. */
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';

const d =
  (f: (x: Tensor) => Tensor) =>
  (x: number): number =>
    g.grad(f)(x);

describe('conventions at kinks', () => {
  it("relu'(0) = 0, leakyRelu'(0) = slope", () => {
    expect(d(g.relu)(0)).toBe(0);
    expect(d(g.relu)(-1)).toBe(0);
    expect(d(g.relu)(2)).toBe(1);
    expect(d((x) => g.leakyRelu(x, 0.1))(0)).toBe(0.1);
  });
  it("abs'(0) = 0 and sign' = 0 everywhere", () => {
    expect(d(g.abs)(0)).toBe(0);
    expect(d(g.abs)(-2)).toBe(-1);
    expect(d(g.sign)(0)).toBe(0);
    expect(d(g.sign)(3)).toBe(0);
    expect(g.toArray(g.sign(g.tensor([-2, 0, 5])))).toEqual([-1, 0, 1]);
  });
  it("sqrt'(0) = +∞, but under where the untaken branch gives 0, not NaN", () => {
    expect(d(g.sqrt)(0)).toBe(Infinity);
    expect(d((x) => g.where(g.greater(x, 0), g.sqrt(x), 0))(0)).toBe(0);
    expect(d((x) => g.where(g.greater(x, 0), g.log(x), g.mul(x, 2)))(0)).toBe(2);
    expect(d((x) => g.where(g.greater(x, 0), g.mul(g.sqrt(x), g.log(x)), 0))(0)).toBe(0);
  });
  it('ties in maximum/minimum split the cotangent in half', () => {
    const gr = g.grad((p: { a: Tensor; b: Tensor }) => g.sum(g.maximum(p.a, p.b)))({
      a: g.tensor([1, 2, 3]),
      b: g.tensor([1, 5, 0]),
    });
    expect(g.toArray(gr.a)).toEqual([0.5, 0, 1]);
    expect(g.toArray(gr.b)).toEqual([0.5, 1, 0]);
    const gm = g.grad((p: { a: Tensor; b: Tensor }) => g.sum(g.minimum(p.a, p.b)))({
      a: g.tensor([1, 2]),
      b: g.tensor([1, 0]),
    });
    expect(g.toArray(gm.a)).toEqual([0.5, 0]);
  });
  it('ties in max/min reductions share the cotangent equally', () => {
    expect(g.toArray(g.grad((x: Tensor) => g.max(x))(g.tensor([1, 3, 3, 3])))).toEqual([0, 1 / 3, 1 / 3, 1 / 3]);
    expect(
      g.toArray(
        g.grad((x: Tensor) => g.sum(g.min(x, { axis: 1 })))(
          g.tensor([
            [1, 1],
            [2, 0],
          ]),
        ),
      ),
    ).toEqual([
      [0.5, 0.5],
      [0, 1],
    ]);
  });
  it('clip passes the gradient at the bounds (inclusive) and not outside', () => {
    expect(g.toArray(g.grad((x: Tensor) => g.sum(g.clip(x, 0, 1)))(g.tensor([-1, 0, 0.5, 1, 2])))).toEqual([
      0, 1, 1, 1, 0,
    ]);
  });
  it('prod has the exact gradient with zero factors', () => {
    expect(g.toArray(g.grad((x: Tensor) => g.prod(x))(g.tensor([2, 0, 3, 4])))).toEqual([0, 24, 0, 0]);
    expect(g.toArray(g.grad((x: Tensor) => g.prod(x))(g.tensor([0, 0, 3])))).toEqual([0, 0, 0]);
  });
  it('pow: d/db at a = 0 is 0, d/da of a^0 is 0', () => {
    const gr = g.grad((p: { a: Tensor; b: Tensor }) => g.pow(p.a, p.b))({ a: 0, b: 2 });
    expect(gr).toEqual({ a: 0, b: 0 });
    expect(g.grad((a: Tensor) => g.pow(a, 0))(0)).toBe(0);
  });
});
