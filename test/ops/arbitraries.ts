/** Arbitraries the op test rows share: broadcasting pairs, tensors with axis options, integer-valued tensors. */
import fc from 'fast-check';
import * as g from '../../src/index.ts';
import * as gt from '../../src/testing.ts';
import type { AxisOptions, Shape, Tensor, TensorLike } from '../../src/index.ts';
import type { ValueConstraints } from '../../src/testing.ts';
import { checkBothOrders, property } from '../helpers.ts';

/** Extents 1 to 3. */
export const dim = fc.integer({ min: 1, max: 3 });

/** A tensor of `shape` with unconstrained values. */
export const t = (shape: Shape): fc.Arbitrary<Tensor> => gt.tensorArb(shape);

/** Two tensors of broadcast-compatible shapes (rank ≤ 3), values within da and db. */
export const pairArb = (da: ValueConstraints, db: ValueConstraints): fc.Arbitrary<readonly [Tensor, Tensor]> =>
  gt
    .broadcastShapesArb({ maxRank: 3, maxExtent: 3 })
    .chain(([sa, sb]) => fc.tuple(gt.tensorArb(sa, da), gt.tensorArb(sb, db)));

/** Integers in [−2, 2] (as a tensor), to pair with values kept away from them: no ties, no kinks. */
export const integerTensorArb = (shape: Shape): fc.Arbitrary<Tensor> =>
  fc
    .array(fc.integer({ min: -2, max: 2 }), { minLength: g.sizeOf(shape), maxLength: g.sizeOf(shape) })
    .map((v) => g.tensor(v, { shape }));

/** A tensor with an axis option valid for it: absent, one axis (maybe negative), or a list of axes. */
export const withAxes = (values: ValueConstraints = {}): fc.Arbitrary<readonly [Tensor, AxisOptions]> =>
  gt.shapeArb({ minRank: 1, maxRank: 3, maxExtent: 3 }).chain((shape) => {
    const rank = shape.length;
    const axis: fc.Arbitrary<number | readonly number[] | undefined> = fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: -rank, max: rank - 1 }),
      fc.subarray(
        Array.from({ length: rank }, (_, i) => i),
        { minLength: 1 },
      ),
    );
    return fc.tuple(
      gt.tensorArb(shape, values),
      fc
        .record({ axis, keepdims: fc.boolean() })
        .map(({ axis: a, keepdims }) => (a === undefined ? { keepdims } : { axis: a, keepdims })),
    );
  });

/** The gradient row of a unary op over random shapes, values within `domain`. */
export const unaryGrad =
  (op: (x: TensorLike) => Tensor, domain: ValueConstraints = {}) =>
  (): void => {
    property(
      gt.shapeArb({ maxRank: 3, maxExtent: 3 }).chain((shape) => gt.tensorArb(shape, domain)),
      (x) => checkBothOrders((v: Tensor) => op(v), x),
    );
  };

/** The gradient row of a broadcasting binary op, values of a within da and of b within db. */
export const binaryGrad =
  (op: (a: TensorLike, b: TensorLike) => Tensor, da: ValueConstraints = {}, db: ValueConstraints = {}) =>
  (): void => {
    property(pairArb(da, db), ([a, b]) => checkBothOrders((p: { a: Tensor; b: Tensor }) => op(p.a, p.b), { a, b }));
  };

/** Every element of the gradient exactly 0 (a +0 or a −0), and of the shape of its input. */
const isZeroOf = (d: Tensor, x: Tensor): boolean =>
  d.shape.join() === x.shape.join() && Array.from(d.data).every((v) => v === 0);

/** The gradient row of a comparison (piecewise constant): ∂/∂a and ∂/∂b of sum(op(a, b)) are exactly 0. */
export const zeroGrad2 = (op: (a: TensorLike, b: TensorLike) => Tensor) => (): void => {
  property(pairArb({}, {}), ([a, b]) => {
    const d = g.grad((p: { a: Tensor; b: Tensor }) => g.sum(op(p.a, p.b)))({ a, b });
    if (!isZeroOf(d.a, a) || !isZeroOf(d.b, b)) throw new Error(`nonzero gradient ${String(d.a.data)}`);
  });
};

/** The gradient row of an op with no derivative on one tensor: ∂/∂x of sum(op(x)) is exactly 0. */
export const zeroGrad1 =
  (op: (x: Tensor) => Tensor, values: ValueConstraints = {}) =>
  (): void => {
    property(gt.anyTensorArb({ minRank: 1, maxExtent: 3 }, values), (x) => {
      const d = g.grad((v: Tensor) => g.sum(op(v)))(x);
      if (!isZeroOf(d, x)) throw new Error(`nonzero gradient ${String(d.data)}`);
    });
  };
