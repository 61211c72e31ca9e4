/**
 * fast-check arbitraries for property tests of differentiable code: shapes, broadcast-compatible shape
 * pairs, and tensors whose values respect a domain (bounded, positive, away from kinks).
 */
import fc from 'fast-check';
import { type Shape, checkShape, sizeOf } from '../core/shape.js';
import { type Tensor, tensor } from '../core/tensor.js';
import { type ValueSettings, checkShapeConstraints, checkValueConstraints } from './arguments.js';
import type { ShapeConstraints, ValueConstraints } from './constraints.js';

export type { ShapeConstraints, ValueConstraints } from './constraints.js';

/** The shapes of constraints already checked. */
const shapes = (c: Required<ShapeConstraints>): fc.Arbitrary<Shape> =>
  fc.array(fc.integer({ min: c.minExtent, max: c.maxExtent }), { minLength: c.minRank, maxLength: c.maxRank });

/**
 * shapeArb({minRank = 0, maxRank = 3, minExtent = 1, maxExtent = 4}): a random shape.
 * @example const matrices = shapeArb({ minRank: 2, maxRank: 2, maxExtent: 5 }); // fc.property(matrices, (shape) => …)
 */
export const shapeArb = (c: ShapeConstraints = {}): fc.Arbitrary<Shape> => shapes(checkShapeConstraints('shapeArb', c));

/**
 * broadcastShapesArb(c): a pair of shapes that broadcast together under NumPy's rules: both derive from one
 * shape by dropping leading axes and setting some extents to 1.
 */
export const broadcastShapesArb = (c: ShapeConstraints = {}): fc.Arbitrary<readonly [Shape, Shape]> => {
  const limits = checkShapeConstraints('broadcastShapesArb', c);
  const derived = (full: Shape): fc.Arbitrary<Shape> =>
    fc
      .tuple(
        fc.integer({ min: 0, max: full.length }),
        fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
      )
      .map(([drop, ones]) => full.slice(drop).map((d, i) => (ones[i + drop] === true ? 1 : d)));
  return shapes(limits).chain((full) => fc.tuple(derived(full), derived(full)));
};

/** The values of constraints already checked. */
const values = (c: ValueSettings): fc.Arbitrary<number> =>
  fc
    .double({ min: c.min, max: c.max, noNaN: true, noDefaultInfinity: true })
    .filter((v) => c.awayFrom.every((k) => Math.abs(v - k) >= c.margin));

/** The tensors of a shape and constraints already checked. */
const tensors = (shape: Shape, c: ValueSettings): fc.Arbitrary<Tensor> =>
  fc
    .array(values(c), { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
    .map((v) => tensor(v, { shape, dtype: c.dtype }));

/** The default bounds of values: [−3, 3], and [0.1, 3] for positiveTensorArb. */
const anyValue = { min: -3, max: 3 } as const;
const positiveValue = { min: 0.1, max: 3 } as const;

/** valueArb(c): one number in [min, max] at least `margin` away from every point of `awayFrom`. */
export const valueArb = (c: ValueConstraints = {}): fc.Arbitrary<number> =>
  values(checkValueConstraints('valueArb', c, anyValue));

/** tensorArb(shape, c): a tensor of the given shape (extents: integers ≥ 0) with values drawn by valueArb(c). */
export const tensorArb = (shape: Shape, c: ValueConstraints = {}): fc.Arbitrary<Tensor> => {
  checkShape('tensorArb', shape);
  return tensors(shape, checkValueConstraints('tensorArb', c, anyValue));
};

/** positiveTensorArb(shape, c): values in [min, max] with min defaulting to 0.1 (logs, square roots). */
export const positiveTensorArb = (shape: Shape, c: ValueConstraints = {}): fc.Arbitrary<Tensor> => {
  checkShape('positiveTensorArb', shape);
  return tensors(shape, checkValueConstraints('positiveTensorArb', c, positiveValue));
};

/** A tensor of a random shape (see shapeArb) with values as tensorArb. */
export const anyTensorArb = (s: ShapeConstraints = {}, c: ValueConstraints = {}): fc.Arbitrary<Tensor> => {
  const limits = checkShapeConstraints('anyTensorArb', s);
  const settings = checkValueConstraints('anyTensorArb', c, anyValue);
  return shapes(limits).chain((shape) => tensors(shape, settings));
};
