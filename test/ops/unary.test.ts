/**
 * src/ops/unary.ts: every unary op's first and second derivatives against finite differences over random shapes,
 * and jit's bits (rows in unary.cases.ts); float32 and number inputs.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type { Tensor } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';
import { describeRows } from './rows.ts';
import { rows } from './unary.cases.ts';

describeRows('unary', rows);

describe('unary ops: dtypes and number inputs', () => {
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
