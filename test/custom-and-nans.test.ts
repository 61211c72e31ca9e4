/** Custom rules (also under nested grad), stopGradient as in JAX, and NaN/Inf provenance. */
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';

describe('customVjp', () => {
  it('a straight-through estimator: round forward, identity backward', () => {
    const roundST = g.customVjp((x: Tensor) => g.tensor(Array.from(x.data, Math.round), { shape: x.shape }), (u) => [u]);
    expect(g.toArray(roundST(g.tensor([0.4, 1.6])))).toEqual([0, 2]);
    expect(g.toArray(g.grad((x: Tensor) => g.sum(g.mul(roundST(x), 3)))(g.tensor([0.4, 1.6])))).toEqual([3, 3]);
  });
  it('gradient clipping inside the graph', () => {
    const clipGrad = g.customVjp((x: Tensor) => x, (u) => [g.clip(u, -1, 1)]);
    expect(g.grad((x: Tensor) => g.mul(10, clipGrad(x)))(2)).toBe(1);
    expect(g.grad((x: Tensor) => g.mul(0.5, clipGrad(x)))(2)).toBe(0.5);
  });
  it('a stable log(1 + eˣ) with a rule written in ops works under nested grad', () => {
    const softplus = g.customVjp(
      (x: Tensor) => g.softplus(x),
      (u, [x]) => [g.mul(u, g.sigmoid(x))],
    );
    // d²/dx² softplus = σ(x)(1 − σ(x))
    const s = 1 / (1 + Math.exp(-0.3));
    expect(g.grad((x: Tensor) => g.grad(softplus)(x))(g.scalar(0.3)).data[0]).toBeCloseTo(s * (1 - s), 14);
    expect(g.grad(softplus)(1000)).toBe(1);
    g.checkGrads((x: Tensor) => g.sum(softplus(x)), g.tensor([-2, 0.5, 3]), { order: 2 });
  });
  it('a two-argument op with its own rule', () => {
    const hypot = g.customVjp(
      (a: Tensor, b: Tensor) => g.sqrt(g.add(g.square(a), g.square(b))),
      (u, [a, b], y) => [g.mul(u, g.div(a, y)), g.mul(u, g.div(b, y))],
    );
    expect(g.grad((p: { a: Tensor; b: Tensor }) => hypot(p.a, p.b))({ a: 3, b: 4 })).toEqual({ a: 0.6, b: 0.8 });
  });
});

describe('stopGradient', () => {
  it('treats its argument as a constant at every level', () => {
    expect(g.grad((x: Tensor) => g.mul(x, g.stopGradient(x)))(3)).toBe(3);
    expect(g.grad((x: Tensor) => g.grad((y: Tensor) => g.mul(g.stopGradient(x), y))(g.scalar(1)))(3)).toBe(0);
  });
});

describe('NaN/Inf provenance (debugNans)', () => {
  it('names log as the op that produced -Inf in the forward pass, with input shapes and call site', () => {
    const f = (x: Tensor) => g.sum(g.log(x));
    const run = () => g.grad(f, { debugNans: true })(g.tensor([1, 0, 2]));
    expect(run).toThrow(g.NonFiniteError);
    expect(run).toThrow(/log produced -Inf at flat index 1 in the forward pass \(inputs \[3\]\)/);
    expect(run).toThrow(/custom-and-nans\.test\.ts/);
  });
  it('names sqrt as the op whose rule produced +Inf in the backward pass', () => {
    const run = () => g.grad((x: Tensor) => g.sqrt(x), { debugNans: true })(0);
    expect(run).toThrow(/sqrt produced \+Inf at flat index 0 in the backward pass/);
  });
  it('without the option the same calls return non-finite values and throw nothing', () => {
    expect(g.grad((x: Tensor) => g.sqrt(x))(0)).toBe(Infinity);
    expect(Array.from(g.grad((x: Tensor) => g.sum(g.log(x)))(g.tensor([1, 0])).data)).toEqual([1, Infinity]);
  });
  it('a NaN-safe where stays silent under debugNans: the untaken branch has a zero cotangent', () => {
    expect(g.grad((x: Tensor) => g.where(g.greater(x, 0), g.sqrt(x), 0), { debugNans: true })(0)).toBe(0);
  });
});
