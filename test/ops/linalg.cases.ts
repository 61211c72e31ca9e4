/** The rows of src/ops/linalg.ts's ops: matmul (2-D, batched with broadcast batch axes, 1-D operands) and dot. */
import fc from 'fast-check';
import * as g from '../../src/index.ts';
import type * as linalg from '../../src/ops/linalg.ts';
import type { Tensor } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';
import { dim, t } from './arbitraries.ts';
import { type OpRows, binaryRow } from './rows.ts';

const matmulGrad = (): void => {
  const product = (p: { a: Tensor; b: Tensor }): Tensor => g.matmul(p.a, p.b);
  // 2-D
  property(
    fc.tuple(dim, dim, dim).chain(([m, k, n]) => fc.tuple(t([m, k]), t([k, n]))),
    ([a, b]) => checkBothOrders(product, { a, b }),
  );
  // batched, with broadcast batch axes
  property(
    fc.tuple(dim, dim, dim, dim).chain(([m, k, n, batch]) => fc.tuple(t([batch, 1, m, k]), t([2, k, n]))),
    ([a, b]) => checkBothOrders(product, { a, b }),
  );
  // 1-D operands: vector-matrix, matrix-vector
  property(
    fc.tuple(dim, dim).chain(([k, n]) => fc.tuple(t([k]), t([k, n]))),
    ([v, m]) => {
      checkBothOrders((p: { v: Tensor; m: Tensor }) => g.matmul(p.v, p.m), { v, m });
      checkBothOrders((p: { v: Tensor; m: Tensor }) => g.matmul(g.transpose(p.m), p.v), { v, m });
    },
  );
};

const dotGrad = (): void => {
  property(
    dim.chain((k) => fc.tuple(t([k]), t([k]))),
    ([v, w]) => checkBothOrders((p: { v: Tensor; w: Tensor }) => g.dot(p.v, p.w), { v, w }),
  );
};

export const rows = {
  grad: { matmul: matmulGrad, dot: dotGrad },
  jit: { matmul: binaryRow(g.matmul, [2, 3], [3, 4]), dot: binaryRow(g.dot, [3], [3]) },
} satisfies OpRows<typeof linalg>;
