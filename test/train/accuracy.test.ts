/**
 * accuracy on one-logit (binary) classifiers, and refusals of outputs and labels that cannot be compared;
 * meanLoss refuses per-example losses.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';
import { ArgumentError } from '../../src/core/errors.ts';
import { call } from '../untyped.ts';

const x = g.tensor([[-2], [-0.5], [0], [0.5], [3]]);
const binary = g.dataset(x, g.tensor([0, 1, 0, 1, 1]), { classes: 2 });

describe('accuracy of a binary classifier with one logit per example', () => {
  it('predicts class 1 where the logit is > 0, for outputs of shape [n] and [n, 1], over batches', () => {
    // logits x: −2 → 0 ✓, −0.5 → 0 ✗, 0 → 0 ✓ (a tie goes to class 0, as argmax), 0.5 → 1 ✓, 3 → 1 ✓
    expect(g.accuracy((v: Tensor) => v, binary)).toBe(0.8);
    expect(g.accuracy((v: Tensor) => g.squeeze(v, { axis: [1] }), binary, { batchSize: 2 })).toBe(0.8);
    // negated logits 2, 0.5, −0, −0.5, −3 → 1, 1, 0, 0, 0
    expect(g.accuracy((v: Tensor) => g.neg(v), binary, { batchSize: 3 })).toBe(0.4);
  });
  it('agrees with argmax over the two-score form [0, logit]', () => {
    const twoScores = (v: Tensor) => g.concat([g.zerosLike(v), v], { axis: 1 });
    expect(g.accuracy(twoScores, binary)).toBe(g.accuracy((v: Tensor) => v, binary));
  });
  it('labels of shape [n, 1] are class indices too', () => {
    expect(g.accuracy((v: Tensor) => v, g.dataset(x, g.reshape(binary.y, [5, 1])))).toBe(0.8);
  });
  it('a NaN logit is never right', () => {
    expect(g.accuracy(() => g.full([5], NaN), binary)).toBe(0);
  });
  it('refuses labels that are not 0 or 1 for one logit, and labels outside the scores’ classes', () => {
    const three = g.dataset(x, g.tensor([0, 1, 2, 1, 0]));
    expect(() => g.accuracy((v: Tensor) => v, three)).toThrow(g.DataError);
    expect(() => g.accuracy((v: Tensor) => v, three)).toThrow(
      'accuracy: label 2 of example 2 is not 0 or 1 (predict gives one logit per example)',
    );
    expect(() => g.accuracy((v: Tensor) => g.concat([v, v], { axis: 1 }), three, { batchSize: 2 })).toThrow(
      'accuracy: label 2 of example 2 is not a class in [0, 2)',
    );
  });
});

describe('accuracy refuses shapes that cannot be compared', () => {
  it.each<[string, (v: Tensor) => Tensor, string]>([
    [
      'a scalar',
      () => g.scalar(1),
      'accuracy: predict returned shape [] for a batch of 5 examples: ' +
        'expected scores [5, classes] or one logit per example ([5] or [5, 1])',
    ],
    [
      'too few rows',
      (v) => g.slice(v, [0, 0], [2, 1]),
      'accuracy: predict returned shape [2,1] for a batch of 5 examples',
    ],
    ['a rank-3 output', (v) => g.reshape(v, [5, 1, 1]), 'accuracy: predict returned shape [5,1,1]'],
  ])('%s', (_name, predict, message) => {
    expect(() => g.accuracy(predict, binary)).toThrow(message);
  });
  it('one-hot labels', () => {
    const oneHot = g.dataset(
      x,
      g.tensor([
        [1, 0],
        [0, 1],
        [1, 0],
        [0, 1],
        [0, 1],
      ]),
    );
    expect(() => g.accuracy((v: Tensor) => g.concat([v, v], { axis: 1 }), oneHot)).toThrow(
      'accuracy: labels of shape [5,2]: expected class indices of shape [n] or [n, 1] ' +
        '(for one-hot labels pass argmax(y, { axis: -1 }))',
    );
  });
  it('a predict that does not return a tensor, and options of the wrong kind', () => {
    expect(call('accuracy', () => [1, 2], binary)).toThrow(
      'accuracy: predict returned an array of length 2, not a tensor',
    );
    expect(() => g.accuracy((v: Tensor) => v, binary, { batchSize: 0 })).toThrow(
      'accuracy: batchSize: expected a positive integer, got 0',
    );
    expect(call('accuracy', (v: Tensor) => v, binary, { batchsize: 2 })).toThrow(ArgumentError);
    expect(call('accuracy', (v: Tensor) => v, binary, { batchsize: 2 })).toThrow(
      'accuracy: unknown option "batchsize" (did you mean "batchSize"?)',
    );
  });
});

describe('meanLoss', () => {
  const ds = g.dataset(g.reshape(g.arange(5), [5, 1]), g.zeros([5]));
  it('refuses a loss that is not reduced to one number', () => {
    expect(() => g.meanLoss((b) => g.square(g.squeeze(b.x, { axis: [1] })), ds, { batchSize: 2 })).toThrow(
      'meanLoss: the loss returned shape [2] for a batch of 2 examples: expected a scalar (reduce it with mean)',
    );
  });
  it('accepts a number, a rank-0 tensor or a one-element tensor', () => {
    expect(g.meanLoss(() => 2, ds)).toBe(2);
    expect(g.meanLoss(() => g.tensor([3]), ds, { batchSize: 2 })).toBe(3);
    expect(g.meanLoss((b) => g.mean(b.x), ds, { batchSize: 5 })).toBe(2);
  });
  it('refuses a loss that returns neither a number nor a tensor', () => {
    expect(call('meanLoss', () => '0.5', ds)).toThrow('meanLoss: the loss returned "0.5", not a number or a tensor');
  });
});
