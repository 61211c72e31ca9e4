/** The rows of src/ops/structural.ts's ops: sum, and the ops that only move elements (no arithmetic). */
import fc from 'fast-check';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type * as structural from '../../src/ops/structural.ts';
import type { Tensor } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';
import { t, withAxes } from './arbitraries.ts';
import { type OpRows, unaryRow } from './rows.ts';

/** transpose with a random permutation. */
const transposeGrad = (): void => {
  const arb = gt.shapeArb({ minRank: 1, maxRank: 3, maxExtent: 3 }).chain((shape) => {
    const axes = Array.from({ length: shape.length }, (_, i) => i);
    return fc.tuple(t(shape), fc.shuffledSubarray(axes, { minLength: shape.length, maxLength: shape.length }));
  });
  property(arb, ([x, perm]) => checkBothOrders((v: Tensor) => g.mul(g.transpose(v, perm), g.transpose(v, perm)), x));
};

const broadcastToGrad = (): void => {
  property(
    gt
      .broadcastShapesArb({ maxRank: 3, maxExtent: 3 })
      .chain(([a, b]) => fc.tuple(t(a), fc.constant(g.broadcastShapes('test', a, b)))),
    ([x, shape]) => checkBothOrders((v: Tensor) => g.mul(g.broadcastTo(v, shape), g.broadcastTo(v, shape)), x),
  );
};

export const rows = {
  grad: {
    sum: () => property(withAxes(), ([x, o]) => checkBothOrders((v: Tensor) => g.sum(v, o), x)),
    broadcastTo: broadcastToGrad,
    reshape: () => property(t([2, 3]), (x) => checkBothOrders((v: Tensor) => g.sin(g.reshape(v, [3, -1])), x)),
    transpose: transposeGrad,
    expandDims: () =>
      property(t([2, 3]), (x) => checkBothOrders((v: Tensor) => g.sin(g.expandDims(g.square(v), { axis: 1 })), x)),
    squeeze: () =>
      property(t([2, 3]), (x) => checkBothOrders((v: Tensor) => g.squeeze(g.expandDims(g.square(v), { axis: 1 })), x)),
  },
  jit: {
    sum: unaryRow((x) => g.sum(x, { axis: 1 })),
    broadcastTo: unaryRow((x) => g.broadcastTo(x, [4, 2, 3])),
    reshape: unaryRow((x) => g.reshape(x, [3, 2])),
    transpose: unaryRow((x) => g.transpose(g.exp(x), [2, 0, 1]), [2, 3, 2]),
    expandDims: unaryRow((x) => g.expandDims(g.exp(x), { axis: 1 })),
    squeeze: unaryRow((x) => g.squeeze(g.exp(x), { axis: 1 }), [2, 1, 3]),
  },
} satisfies OpRows<typeof structural>;
