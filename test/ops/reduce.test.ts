/** Reductions over random axes (negative, lists, all) with and without keepdims: order 1 and 2. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type { AxisOptions, Tensor, TensorLike } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';

/** A tensor with an axis option valid for it: absent, one axis (maybe negative), or a list of axes. */
const withAxes = (values: gt.ValueConstraints = {}): fc.Arbitrary<readonly [Tensor, AxisOptions]> =>
  gt.shapeArb({ minRank: 1, maxRank: 3, maxExtent: 3 }).chain((shape) => {
    const rank = shape.length;
    const axis: fc.Arbitrary<number | readonly number[] | undefined> = fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: -rank, max: rank - 1 }),
      fc.subarray(Array.from({ length: rank }, (_, i) => i), { minLength: 1 }),
    );
    return fc.tuple(
      gt.tensorArb(shape, values),
      fc.record({ axis, keepdims: fc.boolean() }).map(({ axis: a, keepdims }) => (a === undefined ? { keepdims } : { axis: a, keepdims })),
    );
  });

/** Values whose pairwise gaps exceed 0.05 (no ties for max and min). */
const distinct = (t: Tensor): boolean => {
  const v = Array.from(t.data).sort((a, b) => a - b);
  return v.every((x, i) => i === 0 || x - (v[i - 1] ?? -Infinity) > 0.05);
};

const cases: readonly (readonly [string, (x: TensorLike, o: AxisOptions) => Tensor, gt.ValueConstraints])[] = [
  ['sum', g.sum, {}],
  ['mean', g.mean, {}],
  ['prod', g.prod, { min: -1.5, max: 1.5 }],
  ['logSumExp', g.logSumExp, {}],
];

describe('reductions: order 1 and 2', () => {
  for (const [name, op, values] of cases) {
    it(name, () => {
      property(withAxes(values), ([x, o]) => checkBothOrders((t: Tensor) => op(t, o), x));
    });
  }
  for (const [name, op] of [
    ['max', g.max],
    ['min', g.min],
  ] as const) {
    it(`${name} (distinct values)`, () => {
      property(
        withAxes().filter(([x]) => distinct(x)),
        ([x, o]) => checkBothOrders((t: Tensor) => g.square(op(t, o)), x),
      );
    });
  }
  it('softmax and logSoftmax along a random axis', () => {
    const arb = gt.shapeArb({ minRank: 1, maxRank: 3, maxExtent: 3 }).chain((shape) =>
      fc.tuple(gt.tensorArb(shape), fc.integer({ min: -shape.length, max: shape.length - 1 })),
    );
    property(arb, ([x, axis]) => {
      checkBothOrders((t: Tensor) => g.softmax(t, { axis }), x);
      checkBothOrders((t: Tensor) => g.logSoftmax(t, { axis }), x);
    });
  });
});
