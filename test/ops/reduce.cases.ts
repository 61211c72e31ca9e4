/** The rows of src/ops/reduce.ts's ops: reductions over random axes (negative, lists, all), keepdims or not. */
import * as g from '../../src/index.ts';
import type * as reduce from '../../src/ops/reduce.ts';
import type { AxisOptions, Tensor, TensorLike } from '../../src/index.ts';
import type { ValueConstraints } from '../../src/testing.ts';
import { checkBothOrders, property } from '../helpers.ts';
import { withAxes } from './arbitraries.ts';
import { type OpRows, unaryRow } from './rows.ts';

/** Values whose pairwise gaps exceed 0.05 (no ties for max and min). */
const distinct = (x: Tensor): boolean => {
  const v = Array.from(x.data).sort((a, b) => a - b);
  return v.every((y, i) => i === 0 || y - (v[i - 1] ?? -Infinity) > 0.05);
};

const reductionGrad =
  (op: (x: TensorLike, o: AxisOptions) => Tensor, values: ValueConstraints = {}) =>
  (): void =>
    property(withAxes(values), ([x, o]) => checkBothOrders((v: Tensor) => op(v, o), x));

/** max or min of distinct values, squared. */
const extremumGrad = (op: (x: TensorLike, o: AxisOptions) => Tensor) => (): void =>
  property(
    withAxes().filter(([x]) => distinct(x)),
    ([x, o]) => checkBothOrders((v: Tensor) => g.square(op(v, o)), x),
  );

export const rows = {
  grad: {
    mean: reductionGrad(g.mean),
    max: extremumGrad(g.max),
    min: extremumGrad(g.min),
    prod: reductionGrad(g.prod, { min: -1.5, max: 1.5 }),
    logSumExp: reductionGrad(g.logSumExp),
  },
  jit: {
    mean: unaryRow((x) => g.mean(x, { axis: -1 })),
    max: unaryRow((x) => g.max(x, { axis: 0 })),
    min: unaryRow((x) => g.min(x)),
    prod: unaryRow((x) => g.prod(x, { axis: 1 })),
    logSumExp: unaryRow((x) => g.logSumExp(x, { axis: 1 })),
  },
} satisfies OpRows<typeof reduce>;
