/** Every unary op's first and second derivatives against finite differences, over random shapes. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type { Tensor, TensorLike } from '../../src/index.ts';
import type { ValueConstraints } from '../../src/testing.ts';
import { checkBothOrders, property } from '../helpers.ts';

const cases: readonly (readonly [string, (x: TensorLike) => Tensor, ValueConstraints])[] = [
  ['neg', g.neg, {}],
  ['exp', g.exp, { min: -2, max: 2 }],
  ['log', g.log, { min: 0.2, max: 3 }],
  ['log1p', g.log1p, { min: -0.6, max: 3 }],
  ['expm1', g.expm1, { min: -2, max: 2 }],
  ['sin', g.sin, {}],
  ['cos', g.cos, {}],
  ['tanh', g.tanh, {}],
  ['sigmoid', g.sigmoid, { min: -5, max: 5 }],
  ['softplus', g.softplus, { min: -5, max: 5 }],
  ['relu', g.relu, { awayFrom: [0] }],
  ['leakyRelu', (x) => g.leakyRelu(x, 0.1), { awayFrom: [0] }],
  ['sqrt', g.sqrt, { min: 0.2, max: 3 }],
  ['square', g.square, {}],
  ['abs', g.abs, { awayFrom: [0] }],
  ['sign', g.sign, { awayFrom: [0] }],
  ['reciprocal', g.reciprocal, { min: 0.3, max: 3 }],
];

describe('unary ops: gradients of order 1 and 2 match finite differences', () => {
  for (const [name, op, domain] of cases) {
    it(name, () => {
      property(
        gt.shapeArb({ maxRank: 3, maxExtent: 3 }).chain((shape) => gt.tensorArb(shape, domain)),
        (x) => checkBothOrders((t: Tensor) => op(t), { x }.x),
      );
    });
  }

  it('float32 inputs are checked in float64 and give float32 gradients', () => {
    property(gt.tensorArb([3], { dtype: 'float32' }), (x) => {
      checkBothOrders((t: Tensor) => g.sum(g.tanh(t)), x);
      const dx = g.grad((t: Tensor) => g.sum(g.tanh(t)))(x);
      if (dx.dtype !== 'float32') throw new Error(`gradient dtype ${dx.dtype}`);
    });
  });

  it('a scalar number input gets a number gradient', () => {
    property(fc.double({ min: -2, max: 2, noNaN: true }), (v) => {
      const d = g.grad((t: Tensor) => g.mul(g.sin(t), g.exp(t)))(v);
      const expected = Math.cos(v) * Math.exp(v) + Math.sin(v) * Math.exp(v);
      if (typeof d !== 'number' || Math.abs(d - expected) > 1e-12) throw new Error(`${d} vs ${expected}`);
    });
  });
});
