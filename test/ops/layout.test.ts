/** Matrix products and layout ops: order 1 and 2 against finite differences, over random shapes. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type { Shape, Tensor } from '../../src/index.ts';
import { checkBothOrders, property } from '../helpers.ts';

const dim = fc.integer({ min: 1, max: 3 });
const t = (shape: Shape): fc.Arbitrary<Tensor> => gt.tensorArb(shape);

describe('matrix products', () => {
  it('matmul 2-D', () => {
    property(
      fc.tuple(dim, dim, dim).chain(([m, k, n]) => fc.tuple(t([m, k]), t([k, n]))),
      ([a, b]) => checkBothOrders((p: { a: Tensor; b: Tensor }) => g.matmul(p.a, p.b), { a, b }),
    );
  });
  it('matmul batched with broadcast batch axes', () => {
    property(
      fc.tuple(dim, dim, dim, dim).chain(([m, k, n, batch]) => fc.tuple(t([batch, 1, m, k]), t([2, k, n]))),
      ([a, b]) => checkBothOrders((p: { a: Tensor; b: Tensor }) => g.matmul(p.a, p.b), { a, b }),
    );
  });
  it('matmul with 1-D operands (vector-matrix, matrix-vector, inner product) and dot', () => {
    property(
      fc.tuple(dim, dim).chain(([k, n]) => fc.tuple(t([k]), t([k, n]), t([k]))),
      ([v, m, w]) => {
        checkBothOrders((p: { v: Tensor; m: Tensor }) => g.matmul(p.v, p.m), { v, m });
        checkBothOrders((p: { v: Tensor; m: Tensor }) => g.matmul(g.transpose(p.m), p.v), { v, m });
        checkBothOrders((p: { v: Tensor; w: Tensor }) => g.dot(p.v, p.w), { v, w });
      },
    );
  });
});

describe('layout ops', () => {
  it('transpose with a random permutation', () => {
    const arb = gt.shapeArb({ minRank: 1, maxRank: 3, maxExtent: 3 }).chain((shape) =>
      fc.tuple(t(shape), fc.shuffledSubarray(Array.from({ length: shape.length }, (_, i) => i), { minLength: shape.length, maxLength: shape.length })),
    );
    property(arb, ([x, perm]) => checkBothOrders((v: Tensor) => g.mul(g.transpose(v, perm), g.transpose(v, perm)), x));
  });
  it('reshape, expandDims, squeeze', () => {
    property(t([2, 3]), (x) => {
      checkBothOrders((v: Tensor) => g.sin(g.reshape(v, [3, -1])), x);
      checkBothOrders((v: Tensor) => g.squeeze(g.expandDims(g.square(v), 1)), x);
    });
  });
  it('broadcastTo', () => {
    property(
      gt.broadcastShapesArb({ maxRank: 3, maxExtent: 3 }).chain(([a, b]) => fc.tuple(t(a), fc.constant(g.broadcastShapes('test', a, b)))),
      ([x, shape]) => checkBothOrders((v: Tensor) => g.mul(g.broadcastTo(v, shape), g.broadcastTo(v, shape)), x),
    );
  });
  it('concat and stack along random axes', () => {
    property(
      fc.tuple(t([2, 3]), t([2, 1]), fc.integer({ min: -2, max: 1 })),
      ([a, b, axis]) => {
        checkBothOrders((p: { a: Tensor; b: Tensor }) => g.square(g.concat([p.a, p.b], 1)), { a, b });
        checkBothOrders((p: { a: Tensor; b: Tensor }) => g.square(g.stack([p.a, g.sin(p.a)], axis)), { a, b });
      },
    );
  });
  it('slice', () => {
    property(
      fc.tuple(t([3, 4]), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })),
      ([x, r, c]) => checkBothOrders((v: Tensor) => g.square(g.slice(v, [r, c], [1, -1])), x),
    );
  });
  it('gather with repeated indices, and takeAlongAxis', () => {
    property(
      fc.tuple(t([3, 4]), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 })),
      ([x, idx]) => {
        checkBothOrders((v: Tensor) => g.square(g.gather(v, idx, { axis: 1 })), x);
        const rows = g.tensor(idx.slice(0, 1).concat([0, 2]).map((i) => [i % 4]));
        checkBothOrders((v: Tensor) => g.square(g.takeAlongAxis(v, rows, 1)), x);
      },
    );
  });
});
