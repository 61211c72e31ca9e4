/** The rows of src/ops/layout.ts's ops: slice, concat, stack, gather and takeAlongAxis. */
import fc from 'fast-check';
import * as g from '../../src/index.ts';
import type * as layout from '../../src/ops/layout.ts';
import type { Tensor } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';
import { t } from './arbitraries.ts';
import { type OpRows, binaryRow, unaryRow } from './rows.ts';

const sliceGrad = (): void =>
  property(fc.tuple(t([3, 4]), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })), ([x, r, c]) =>
    checkBothOrders((v: Tensor) => g.square(g.slice(v, [r, c], [1, -1])), x),
  );

const concatGrad = (): void =>
  property(fc.tuple(t([2, 3]), t([2, 1])), ([a, b]) =>
    checkBothOrders((p: { a: Tensor; b: Tensor }) => g.square(g.concat([p.a, p.b], { axis: 1 })), { a, b }),
  );

/** stack along a random axis (negative too). */
const stackGrad = (): void =>
  property(fc.tuple(t([2, 3]), t([2, 1]), fc.integer({ min: -2, max: 1 })), ([a, b, axis]) =>
    checkBothOrders((p: { a: Tensor; b: Tensor }) => g.square(g.stack([p.a, g.sin(p.a)], { axis })), { a, b }),
  );

/** Indices in [0, 3], repeated ones included. */
const indicesArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 });

const gatherGrad = (): void =>
  property(fc.tuple(t([3, 4]), indicesArb), ([x, idx]) =>
    checkBothOrders((v: Tensor) => g.square(g.gather(v, idx, { axis: 1 })), x),
  );

const takeAlongAxisGrad = (): void =>
  property(fc.tuple(t([3, 4]), indicesArb), ([x, idx]) => {
    const rows = g.tensor(
      idx
        .slice(0, 1)
        .concat([0, 2])
        .map((i) => [i % 4]),
    );
    checkBothOrders((v: Tensor) => g.square(g.takeAlongAxis(v, rows, { axis: 1 })), x);
  });

export const rows = {
  grad: {
    slice: sliceGrad,
    concat: concatGrad,
    stack: stackGrad,
    gather: gatherGrad,
    takeAlongAxis: takeAlongAxisGrad,
  },
  jit: {
    slice: unaryRow((x) => g.slice(g.exp(x), [1, 1], [1, 2])),
    concat: binaryRow((x, y) => g.concat([x, y], { axis: 1 }), [2, 3], [2, 2]),
    stack: binaryRow((x, y) => g.stack([x, y], { axis: 1 }), [2, 3], [2, 3]),
    gather: unaryRow((x) => g.gather(g.exp(x), [2, 0, 0], { axis: 1 })),
    takeAlongAxis: unaryRow((x) => g.takeAlongAxis(g.exp(x), g.tensor([[2], [0]]), { axis: 1 })),
  },
} satisfies OpRows<typeof layout>;
