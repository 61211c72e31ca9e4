/** The rows of src/ops/binary.ts's ops: pow, maximum, minimum (away from ties) and clip (away from the bounds). */
import fc from 'fast-check';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type * as binary from '../../src/ops/binary.ts';
import type { Tensor, TensorLike } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';
import { binaryGrad, integerTensorArb } from './arbitraries.ts';
import { type OpRows, binaryRow, unaryRow } from './rows.ts';

/** maximum or minimum of values kept 0.05 away from the integers in [−2, 2] against such integers: no ties. */
const extremumGrad = (op: (a: TensorLike, b: TensorLike) => Tensor) => (): void => {
  const arb = gt
    .broadcastShapesArb({ maxRank: 3, maxExtent: 3 })
    .chain(([sa, sb]) =>
      fc.tuple(gt.tensorArb(sa, { awayFrom: [-2, -1, 0, 1, 2], margin: 0.05 }), integerTensorArb(sb)),
    );
  property(arb, ([a, b]) => checkBothOrders((p: { a: Tensor; b: Tensor }) => op(p.a, p.b), { a, b }));
};

/** clip of a square, values away from the bounds ±1. */
const clipGrad = (): void => {
  property(gt.anyTensorArb({ maxExtent: 3 }, { awayFrom: [-1, 1] }), (x) =>
    checkBothOrders((v: Tensor) => g.clip(g.mul(v, v), -1, 1), x),
  );
};

export const rows = {
  grad: {
    pow: binaryGrad(g.pow, { min: 0.3, max: 2 }, { min: -2, max: 2 }),
    maximum: extremumGrad(g.maximum),
    minimum: extremumGrad(g.minimum),
    clip: clipGrad,
  },
  jit: {
    pow: binaryRow((x, y) => g.pow(g.add(g.abs(x), 0.5), y)),
    maximum: binaryRow(g.maximum),
    minimum: binaryRow(g.minimum),
    clip: unaryRow((x) => g.clip(x, -0.5, 0.5)),
  },
} satisfies OpRows<typeof binary>;
