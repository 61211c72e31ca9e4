/** The rows of src/ops/softmax.ts's ops: softmax and logSoftmax along a random axis. */
import fc from 'fast-check';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type * as softmax from '../../src/ops/softmax.ts';
import type { SoftmaxOptions, Tensor, TensorLike } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';
import { type OpRows, unaryRow } from './rows.ts';

const alongRandomAxis = (op: (x: TensorLike, o: SoftmaxOptions) => Tensor) => (): void => {
  const arb = gt
    .shapeArb({ minRank: 1, maxRank: 3, maxExtent: 3 })
    .chain((shape) => fc.tuple(gt.tensorArb(shape), fc.integer({ min: -shape.length, max: shape.length - 1 })));
  property(arb, ([x, axis]) => checkBothOrders((v: Tensor) => op(v, { axis }), x));
};

export const rows = {
  grad: { softmax: alongRandomAxis(g.softmax), logSoftmax: alongRandomAxis(g.logSoftmax) },
  jit: {
    softmax: unaryRow((x) => g.softmax(x)),
    logSoftmax: unaryRow((x) => g.logSoftmax(x, { axis: 0 })),
  },
} satisfies OpRows<typeof softmax>;
