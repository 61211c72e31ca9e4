/** Nested differentiation: perturbation confusion, higher derivatives, grad of grad over every op family. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';

describe('nested differentiation', () => {
  it('passes the perturbation-confusion test: d/dx [x · d/dy (x + y) at y = 1] at x = 1 is 1', () => {
    const f = (x: Tensor) => g.mul(x, g.grad((y: Tensor) => g.add(x, y))(1));
    expect(g.grad(f)(1)).toBe(1);
  });
  it('keeps an inner derivative that depends on the outer variable: d/dx [d/dy (x·y)] = 1', () => {
    const f = (x: Tensor) => g.grad((y: Tensor) => g.mul(x, y))(g.scalar(1));
    expect(g.grad(f)(3)).toBe(1);
  });
  it('third derivative of x⁴ is 24x', () => {
    const f = (x: Tensor) => g.mul(g.square(x), g.square(x));
    const d3 = g.grad((x: Tensor) => g.grad((y: Tensor) => g.grad(f)(y))(x));
    expect(d3(g.scalar(2)).data[0]).toBeCloseTo(48, 10);
  });
  it('grad of grad of sin is −sin over random points', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), (x) => {
        const dd = g.grad((v: Tensor) => g.grad(g.sin)(v))(g.scalar(x));
        return Math.abs((dd.data[0] ?? NaN) + Math.sin(x)) < 1e-12;
      }),
    );
  });
  it('second derivatives of a small MLP loss match finite differences (through matmul, relu, softmax CE)', () => {
    const x = g.tensor([
      [0.3, -0.2],
      [0.1, 0.5],
      [-0.4, 0.2],
    ]);
    const params = {
      w1: g.tensor([
        [0.2, -0.3, 0.5],
        [0.4, 0.1, -0.2],
      ]),
      b1: g.tensor([0.01, 0.02, 0.03]),
      w2: g.tensor([
        [0.3, -0.1],
        [0.2, 0.4],
        [-0.5, 0.1],
      ]),
    };
    g.checkGrads(
      (p: { w1: Tensor; b1: Tensor; w2: Tensor }) =>
        g.softmaxCrossEntropy(g.matmul(g.tanh(g.add(g.matmul(x, p.w1), p.b1)), p.w2), [0, 1, 1]),
      params,
      { order: 2 },
    );
  });
  it('calling grad twice gives the same answer (no state left behind)', () => {
    const df = g.grad((p: { w: Tensor }) => g.sum(g.exp(p.w)));
    const w = g.tensor([0.1, 0.2]);
    expect(g.toArray(df({ w }).w)).toEqual(g.toArray(df({ w }).w));
    expect(g.toArray(w)).toEqual([0.1, 0.2]);
  });
  it('refuses a tracer that escaped its grad call', () => {
    const leaked: Tensor[] = [];
    g.grad((x: Tensor) => {
      leaked.push(x);
      return g.square(x);
    })(1);
    expect(leaked).toHaveLength(1);
    expect(() => g.add(leaked[0] ?? 0, 1)).toThrow(/leaked tracer/);
  });
});

describe('valueAndGrad, vjp and jvp', () => {
  it('valueAndGrad returns the value with the gradient, and aux untouched by differentiation', () => {
    const [[loss, aux], gr] = g.valueAndGrad(
      (p: { w: Tensor }) => {
        const pred = g.mul(p.w, 3);
        return [g.square(pred), { pred }] as const;
      },
      { hasAux: true },
    )({ w: 2 });
    expect(g.item(loss)).toBe(36);
    expect(g.item(aux.pred)).toBe(6);
    expect(gr.w).toBe(36);
  });
  it('vjp over a tree output pulls back a tree cotangent', () => {
    const [y, pullback] = g.vjp((p: { a: Tensor; b: Tensor }) => [g.mul(p.a, p.b), g.add(p.a, p.b)] as const, {
      a: g.tensor([1, 2]),
      b: g.tensor([3, 4]),
    });
    expect(g.toArray(y[0])).toEqual([3, 8]);
    const ct = pullback([g.tensor([1, 1]), g.tensor([10, 0])]);
    expect(g.toArray(ct.a)).toEqual([13, 4]);
    expect(g.toArray(ct.b)).toEqual([11, 2]);
  });
  it('jvp is the directional derivative J·v', () => {
    const [y, t] = g.jvp((x: Tensor) => g.mul(x, g.sin(x)), g.tensor([1, 2]), g.tensor([1, -1]));
    expect(Array.from(y.data)).toEqual([Math.sin(1), 2 * Math.sin(2)]);
    expect(t.data[0]).toBeCloseTo(Math.sin(1) + Math.cos(1), 14);
    expect(t.data[1]).toBeCloseTo(-(Math.sin(2) + 2 * Math.cos(2)), 14);
  });
});
