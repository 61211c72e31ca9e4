/** Losses: gradients of order 1 and 2, stability at ±1000, and values against hand computation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import * as gt from '../src/testing.ts';
import type { Tensor } from '../src/index.ts';
import { checkBothOrders, property } from './helpers.ts';

const pair = (away: gt.ValueConstraints = {}) =>
  gt.shapeArb({ minRank: 1, maxRank: 2, maxExtent: 3 }).chain((s) => fc.tuple(gt.tensorArb(s), gt.tensorArb(s, away)));

describe('loss gradients: order 1 and 2', () => {
  it('mse', () =>
    property(pair(), ([p, y]) => checkBothOrders((q: { p: Tensor; y: Tensor }) => g.mse(q.p, q.y), { p, y })));
  it('mae (residuals away from 0)', () => {
    property(
      pair().filter(([p, y]) => p.data.every((v, i) => Math.abs(v - (y.data[i] ?? 0)) > 0.05)),
      ([p, y]) => checkBothOrders((q: { p: Tensor }) => g.mae(q.p, y), { p }),
    );
  });
  it('huber (residuals away from ±delta)', () => {
    property(
      pair().filter(([p, y]) => p.data.every((v, i) => Math.abs(Math.abs(v - (y.data[i] ?? 0)) - 0.7) > 0.05)),
      ([p, y]) => checkBothOrders((q: { p: Tensor; y: Tensor }) => g.huber(q.p, q.y, { delta: 0.7 }), { p, y }),
    );
  });
  it('softmaxCrossEntropy with integer labels and its one-hot form', () => {
    property(
      fc.tuple(gt.tensorArb([3, 4]), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 })),
      ([z, labels]) => {
        checkBothOrders((v: Tensor) => g.softmaxCrossEntropy(v, labels), z);
        const onehot = g.tensor(labels.map((l) => [0, 1, 2, 3].map((c) => (c === l ? 1 : 0))));
        checkBothOrders((v: Tensor) => g.softmaxCrossEntropyOneHot(v, onehot), z);
      },
    );
  });
  it('binaryCrossEntropyWithLogits', () => {
    property(pair({ min: 0, max: 1 }), ([x, z]) =>
      checkBothOrders((q: { x: Tensor; z: Tensor }) => g.binaryCrossEntropyWithLogits(q.x, q.z), { x, z }),
    );
  });
});

describe('loss values and stability', () => {
  const big = g.tensor([
    [1000, -1000, 0],
    [-1000, 1000, 1000],
  ]);
  it('softmax cross-entropy at ±1000 is finite, with finite gradients equal to (softmax − onehot)/N', () => {
    const [loss, grad] = g.valueAndGrad((z: Tensor) => g.softmaxCrossEntropy(z, [1, 0]))(big);
    expect(g.item(loss)).toBeCloseTo((2000 + (2000 + Math.log(2))) / 2, 9);
    expect(g.toArray(grad)).toEqual([
      [0.5, -0.5, 0],
      [-0.5, 0.25, 0.25],
    ]);
  });
  it('binary cross-entropy with logits at ±1000 is finite and its gradient is (σ(x) − z)/n', () => {
    const x = g.tensor([1000, -1000, 0]);
    const z = g.tensor([0, 1, 1]);
    const [loss, grad] = g.valueAndGrad((v: Tensor) => g.binaryCrossEntropyWithLogits(v, z))(x);
    expect(g.item(loss)).toBeCloseTo((1000 + 1000 + Math.log(2)) / 3, 9);
    expect(Array.from(grad.data)).toEqual([1 / 3, -1 / 3, (0.5 - 1) / 3]);
  });
  it('logSumExp, logSoftmax and softmax stay finite at ±1000', () => {
    expect(g.item(g.logSumExp(g.tensor([1000, 1000])))).toBeCloseTo(1000 + Math.log(2), 9);
    expect(g.toArray(g.softmax(g.tensor([1000, -1000])))).toEqual([1, 0]);
    expect(g.toArray(g.logSoftmax(g.tensor([1000, -1000])))).toEqual([0, -2000]);
    expect(g.item(g.logSumExp(g.tensor([-Infinity, -Infinity])))).toBe(-Infinity);
  });
  it('mse, mae and huber against hand-computed values', () => {
    expect(g.item(g.mse(g.tensor([1, 2]), g.tensor([1, 4])))).toBe(2);
    expect(g.item(g.mae(g.tensor([1, 2]), g.tensor([1, 4])))).toBe(1);
    expect(g.item(g.huber(g.tensor([0, 3]), g.tensor([0, 0])))).toBe(1.25);
    expect(g.item(g.huber(g.tensor([0.5]), g.tensor([0])))).toBe(0.125);
  });
  it('losses refuse mismatched shapes and out-of-range labels, naming the loss', () => {
    expect(() => g.mse(g.tensor([1, 2]), g.tensor([1, 2, 3]))).toThrow(
      /mse: prediction of shape \[2\] and target of shape \[3\]/,
    );
    expect(() => g.softmaxCrossEntropy(g.zeros([2, 3]), [0, 3])).toThrow(
      /softmaxCrossEntropy: index 3 at position 1 is not an integer in \[0, 3\)/,
    );
    expect(() => g.softmaxCrossEntropy(g.zeros([2, 3]), [-1, 0])).toThrow(/softmaxCrossEntropy/);
    expect(() => g.softmaxCrossEntropy(g.zeros([2, 3]), [0])).toThrow(/1 labels for logits of shape \[2,3\]/);
  });
});
