/** Broadcasting binary ops, where and clip: derivatives of order 1 and 2 against finite differences. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type { Shape, Tensor, TensorLike } from '../../src/index.ts';
import type { ValueConstraints } from '../../src/testing.ts';
import { checkBothOrders, property } from '../helpers.ts';

const pairArb = (da: ValueConstraints, db: ValueConstraints): fc.Arbitrary<readonly [Tensor, Tensor]> =>
  gt.broadcastShapesArb({ maxRank: 3, maxExtent: 3 }).chain(([sa, sb]) => fc.tuple(gt.tensorArb(sa, da), gt.tensorArb(sb, db)));

/** Integers in [−2, 2] (as a tensor), to pair with values kept away from them: no ties, no kinks. */
const integerTensorArb = (shape: Shape): fc.Arbitrary<Tensor> =>
  fc
    .array(fc.integer({ min: -2, max: 2 }), { minLength: g.sizeOf(shape), maxLength: g.sizeOf(shape) })
    .map((v) => g.tensor(v, { shape }));

const cases: readonly (readonly [string, (a: TensorLike, b: TensorLike) => Tensor, ValueConstraints, ValueConstraints])[] = [
  ['add', g.add, {}, {}],
  ['sub', g.sub, {}, {}],
  ['mul', g.mul, {}, {}],
  ['div', g.div, {}, { min: 0.4, max: 3 }],
  ['pow', g.pow, { min: 0.3, max: 2 }, { min: -2, max: 2 }],
  ['mulNoNan', g.mulNoNan, { awayFrom: [0] }, { awayFrom: [0] }],
];

describe('binary ops with broadcasting: order 1 and 2', () => {
  for (const [name, op, da, db] of cases) {
    it(name, () => {
      property(pairArb(da, db), ([a, b]) => checkBothOrders((p: { a: Tensor; b: Tensor }) => op(p.a, p.b), { a, b }));
    });
  }

  for (const [name, op] of [
    ['maximum', g.maximum],
    ['minimum', g.minimum],
  ] as const) {
    it(name, () => {
      const arb = gt
        .broadcastShapesArb({ maxRank: 3, maxExtent: 3 })
        .chain(([sa, sb]) => fc.tuple(gt.tensorArb(sa, { awayFrom: [-2, -1, 0, 1, 2], margin: 0.05 }), integerTensorArb(sb)));
      property(arb, ([a, b]) => checkBothOrders((p: { a: Tensor; b: Tensor }) => op(p.a, p.b), { a, b }));
    });
  }

  it('where (both branches, broadcast condition)', () => {
    const arb = gt
      .broadcastShapesArb({ maxRank: 2, maxExtent: 3 })
      .chain(([sa, sb]) => fc.tuple(gt.tensorArb(sa), gt.tensorArb(sb), gt.tensorArb(sa, { awayFrom: [0] })));
    property(arb, ([a, b, c]) =>
      checkBothOrders((p: { a: Tensor; b: Tensor }) => g.where(g.greater(c, 0), g.mul(p.a, p.a), g.sin(p.b)), { a, b }),
    );
  });

  it('clip (values away from the bounds)', () => {
    property(gt.anyTensorArb({ maxExtent: 3 }, { awayFrom: [-1, 1] }), (x) => checkBothOrders((t: Tensor) => g.clip(g.mul(t, t), -1, 1), x));
  });
});
