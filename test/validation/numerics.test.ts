/**
 * Numerics at the edges, matched to PyTorch: ∂/∂y pow(x, y) at x = 0 (PyTorch's pow_backward_exponent masks
 * x == 0 ∧ y ≥ 0 to 0), and the gradient of logSumExp where every element is −∞ (softmax there is 0/0 = NaN,
 * as PyTorch and JAX give), without changing any other value or gradient.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';

const powGrad = (a: number, b: number): { a: number; b: number } =>
  g.grad((p: { a: Tensor; b: Tensor }) => g.pow(p.a, p.b))({ a, b });

describe('pow at a zero base', () => {
  it('∂/∂y is 0 for y ≥ 0 (PyTorch), −∞ for y < 0 (PyTorch: 0⁻¹·ln 0 = ∞·(−∞))', () => {
    expect(powGrad(0, 0).b).toBe(0);
    expect(powGrad(0, 2).b).toBe(0);
    expect(powGrad(0, 0.5).b).toBe(0);
    expect(powGrad(-0, 0).b).toBe(0);
    expect(powGrad(0, -1).b).toBe(-Infinity);
  });
  it('∂/∂x keeps y·x^(y−1): 0 at y = 0 and y = 2, +∞ at y = 0.5, −∞ at y = −1', () => {
    expect(powGrad(0, 0).a).toBe(0);
    expect(powGrad(0, 2).a).toBe(0);
    expect(powGrad(0, 0.5).a).toBe(Infinity);
    expect(powGrad(0, -1).a).toBe(-Infinity);
  });
  it('away from a zero base nothing changes: ∂/∂y = xʸ·ln x', () => {
    expect(powGrad(2, 3).b).toBe(8 * Math.log(2));
    expect(powGrad(2, 0).b).toBe(Math.log(2));
  });
  it('broadcasting: the mask follows each pair (x, y)', () => {
    const gb = g.grad((y: Tensor) => g.sum(g.pow(g.tensor([0, 0, 2]), y)))(g.tensor([0, -1, 0]));
    expect(g.toArray(gb)).toEqual([0, -Infinity, Math.log(2)]);
  });
  it('second order stays finite where the first derivative is masked', () => {
    expect(g.grad((y: Tensor) => g.grad((b: Tensor) => g.pow(0, b))(y))(g.scalar(0)).data[0]).toBe(0);
  });
});

describe('logSumExp where every element is −∞', () => {
  it('the value is −∞; the gradient is NaN there (softmax = 0/0, as PyTorch and JAX), unchanged elsewhere', () => {
    const x = g.tensor([-Infinity, -Infinity]);
    expect(g.item(g.logSumExp(x))).toBe(-Infinity);
    expect(Array.from(g.grad((t: Tensor) => g.logSumExp(t))(x).data)).toEqual([NaN, NaN]);
    const rows = g.tensor([
      [-Infinity, -Infinity],
      [0, 0],
      [-Infinity, 1],
    ]);
    const gr = g.grad((t: Tensor) => g.sum(g.logSumExp(t, { axis: 1 })))(rows);
    expect(g.toArray(gr)).toEqual([
      [NaN, NaN],
      [0.5, 0.5],
      [0, 1],
    ]);
  });
  it('agrees with softmax, the documented derivative: NaN where softmax is NaN', () => {
    const x = g.tensor([-Infinity, -Infinity]);
    expect(Array.from(g.softmax(x).data)).toEqual(Array.from(g.grad((t: Tensor) => g.logSumExp(t))(x).data));
  });
  it('a zero cotangent stays 0 (the where rule): the row does not reach the loss', () => {
    const x = g.tensor([
      [-Infinity, -Infinity],
      [1, 2],
    ]);
    const gr = g.grad((t: Tensor) => g.sum(g.mul(g.logSumExp(t, { axis: 1 }), g.tensor([0, 1]))))(x);
    expect(Array.from(gr.data.slice(0, 2))).toEqual([0, 0]);
  });
  it('finite inputs keep their bits: value, gradient and second derivative equal the plain formula', () => {
    const x = g.tensor([0.3, -1.2, 2.5]);
    const m = 2.5;
    const s = Math.exp(0.3 - m) + Math.exp(-1.2 - m) + Math.exp(0);
    expect(g.item(g.logSumExp(x))).toBe(Math.log(s) + m);
    const gr = g.grad((t: Tensor) => g.logSumExp(t))(x);
    expect(Array.from(gr.data)).toEqual([
      Math.exp(0.3 - m) * (1 / s),
      Math.exp(-1.2 - m) * (1 / s),
      Math.exp(0) * (1 / s),
    ]);
    g.checkGrads((t: Tensor) => g.logSumExp(t), x, { order: 2 });
  });
});
