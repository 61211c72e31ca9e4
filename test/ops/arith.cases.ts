/** The rows of src/ops/arith.ts's ops: broadcasting arithmetic, where, and the comparisons (no derivative). */
import fc from 'fast-check';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type * as arith from '../../src/ops/arith.ts';
import type { Tensor } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';
import { binaryGrad, unaryGrad, zeroGrad1, zeroGrad2 } from './arbitraries.ts';
import { type OpRows, binaryRow, unaryRow } from './rows.ts';

/** where: both branches differentiated, the condition broadcast and not. */
const whereGrad = (): void => {
  const arb = gt
    .broadcastShapesArb({ maxRank: 2, maxExtent: 3 })
    .chain(([sa, sb]) => fc.tuple(gt.tensorArb(sa), gt.tensorArb(sb), gt.tensorArb(sa, { awayFrom: [0] })));
  property(arb, ([a, b, c]) =>
    checkBothOrders((p: { a: Tensor; b: Tensor }) => g.where(g.greater(c, 0), g.mul(p.a, p.a), g.sin(p.b)), { a, b }),
  );
};

export const rows = {
  grad: {
    add: binaryGrad(g.add),
    sub: binaryGrad(g.sub),
    mul: binaryGrad(g.mul),
    div: binaryGrad(g.div, {}, { min: 0.4, max: 3 }),
    neg: unaryGrad(g.neg),
    reciprocal: unaryGrad(g.reciprocal, { min: 0.3, max: 3 }),
    mulNoNan: binaryGrad(g.mulNoNan, { awayFrom: [0] }, { awayFrom: [0] }),
    where: whereGrad,
    greater: zeroGrad2(g.greater),
    greaterEqual: zeroGrad2(g.greaterEqual),
    less: zeroGrad2(g.less),
    lessEqual: zeroGrad2(g.lessEqual),
    equal: zeroGrad2(g.equal),
    notEqual: zeroGrad2(g.notEqual),
    isFinite: zeroGrad1((x) => g.isFinite(g.div(1, x))),
    isNaN: zeroGrad1((x) => g.isNaN(g.log(x))),
  },
  jit: {
    add: binaryRow(g.add),
    sub: binaryRow(g.sub),
    mul: binaryRow(g.mul),
    div: binaryRow(g.div),
    neg: unaryRow(g.neg),
    reciprocal: unaryRow(g.reciprocal),
    mulNoNan: binaryRow((x, y) => g.mulNoNan(g.relu(x), g.div(1, g.relu(y)))),
    where: binaryRow((x, y) => g.where(g.greater(x, y), g.exp(x), y)),
    greater: binaryRow(g.greater),
    greaterEqual: binaryRow((x, y) => g.greaterEqual(g.relu(x), g.relu(y))),
    less: binaryRow(g.less),
    lessEqual: binaryRow((x, y) => g.lessEqual(g.relu(x), g.relu(y))),
    equal: binaryRow((x, y) => g.equal(g.sign(x), g.sign(y))),
    notEqual: binaryRow((x, y) => g.notEqual(g.sign(x), g.sign(y))),
    isFinite: unaryRow((x) => g.isFinite(g.div(1, g.relu(x)))),
    isNaN: unaryRow((x) => g.isNaN(g.log(x))),
  },
} satisfies OpRows<typeof arith>;
