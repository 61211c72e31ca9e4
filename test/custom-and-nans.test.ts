/** Custom rules (also under nested grad), stopGradient as in JAX, and NaN/Inf provenance. */
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';
import { ScalarTensor } from '../src/core/compute-scalar.ts';
import { Tracer } from '../src/autodiff/tape.ts';

describe('customVjp', () => {
  it('a straight-through estimator: round forward, identity backward', () => {
    const roundST = g.customVjp(
      (x: Tensor) => g.tensor(Array.from(x.data, Math.round), { shape: x.shape }),
      (u) => [u],
    );
    expect(g.toArray(roundST(g.tensor([0.4, 1.6])))).toEqual([0, 2]);
    expect(g.toArray(g.grad((x: Tensor) => g.sum(g.mul(roundST(x), 3)))(g.tensor([0.4, 1.6])))).toEqual([3, 3]);
  });
  it('gradient clipping inside the graph', () => {
    const clipGrad = g.customVjp(
      (x: Tensor) => x,
      (u) => [g.clip(u, -1, 1)],
    );
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

/**
 * An ordinary tensor, as compute-scalar.ts means it: not the tape's internal ScalarTensor (whose `data` is a new
 * array on every read, so a write into it is lost) but a tensor over one typed array, or a tracer (what user code
 * sees under grad; the rank-0 fast path may keep a tracer's primal as a number).
 */
const ordinary = (x: Tensor): boolean => !(x instanceof ScalarTensor) && (x instanceof Tracer || x.data === x.data);

describe('customVjp sees ordinary tensors (the tape’s rank-0 fast path stays inside the tape)', () => {
  it('rank-0 inputs under nested grad: f, the rule’s cotangent, inputs, output and the ops it calls', () => {
    const seen: string[] = [];
    const note = (what: string, x: Tensor): void => {
      if (!ordinary(x)) seen.push(what);
    };
    // cube with its rule written out: d/dx x³ = 3x²
    const cube = g.customVjp(
      (x: Tensor) => {
        note('f input', x);
        const y = g.mul(x, g.mul(x, x));
        note('f op result', y);
        return y;
      },
      (u, [x], y) => {
        note('rule cotangent', u);
        note('rule input', x);
        note('rule output', y);
        const x2 = g.mul(x, x);
        note('rule op result', x2);
        return [g.mul(u, g.mul(3, x2))];
      },
    );
    // first and second derivatives at 1.5 (rank-0 throughout): 3x² = 6.75, 6x = 9
    expect(g.grad((x: Tensor) => cube(x))(1.5)).toBe(6.75);
    expect(g.grad((x: Tensor) => g.grad((y: Tensor) => cube(y))(x))(1.5)).toBe(9);
    expect(g.grad((x: Tensor) => g.grad((y: Tensor) => g.mul(cube(y), cube(y)))(x))(g.scalar(0.5)).data[0]).toBeCloseTo(
      30 * 0.5 ** 4,
      14,
    );
    // an input computed by an op (a rank-0 value the tape keeps as a number): d/dx (2x)³ = 24x², d²/dx² = 48x
    expect(g.grad((x: Tensor) => cube(g.mul(x, 2)))(0.5)).toBe(6);
    expect(g.grad((x: Tensor) => g.grad((y: Tensor) => cube(g.mul(y, 2)))(x))(0.5)).toBe(24);
    expect(seen).toEqual([]);
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
