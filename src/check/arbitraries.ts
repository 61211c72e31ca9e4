/**
 * fast-check arbitraries for property tests of differentiable code: shapes, broadcast-compatible shape
 * pairs, and tensors whose values respect a domain (bounded, positive, away from kinks).
 */
import fc from 'fast-check';
import type { DType } from '../core/dtype.js';
import { type Shape, sizeOf } from '../core/shape.js';
import { type Tensor, tensor } from '../core/tensor.js';

/** Limits of generated shapes. */
export interface ShapeConstraints {
  /** Fewest axes, an integer ≥ 0 (default 0: scalars included). */
  readonly minRank?: number;
  /** Most axes, an integer ≥ minRank (default 3). */
  readonly maxRank?: number;
  /** Smallest extent of an axis, an integer ≥ 0 (default 1). */
  readonly minExtent?: number;
  /** Largest extent of an axis, an integer ≥ minExtent (default 4). */
  readonly maxExtent?: number;
}

/** shapeArb({minRank = 0, maxRank = 3, minExtent = 1, maxExtent = 4}): a random shape. */
export const shapeArb = (c: ShapeConstraints = {}): fc.Arbitrary<Shape> =>
  fc.array(fc.integer({ min: c.minExtent ?? 1, max: c.maxExtent ?? 4 }), {
    minLength: c.minRank ?? 0,
    maxLength: c.maxRank ?? 3,
  });

/**
 * broadcastShapesArb(c): a pair of shapes that broadcast together under NumPy's rules: both derive from one
 * shape by dropping leading axes and setting some extents to 1.
 */
export const broadcastShapesArb = (c: ShapeConstraints = {}): fc.Arbitrary<readonly [Shape, Shape]> => {
  const derived = (full: Shape): fc.Arbitrary<Shape> =>
    fc
      .tuple(
        fc.integer({ min: 0, max: full.length }),
        fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
      )
      .map(([drop, ones]) => full.slice(drop).map((d, i) => (ones[i + drop] === true ? 1 : d)));
  return shapeArb(c).chain((full) => fc.tuple(derived(full), derived(full)));
};

/** Value constraints of generated tensors. */
export interface ValueConstraints {
  /** Smallest value (default −3). */
  readonly min?: number;
  /** Largest value (default 3). */
  readonly max?: number;
  /** Points to stay away from (kinks, poles), e.g. [0] for abs or relu. */
  readonly awayFrom?: readonly number[];
  /** The distance kept from each of `awayFrom` (default 0.05). */
  readonly margin?: number;
  /** Element type (default float64). */
  readonly dtype?: DType;
}

/** valueArb(c): one number in [min, max] at least `margin` away from every point of `awayFrom`. */
export const valueArb = (c: ValueConstraints = {}): fc.Arbitrary<number> => {
  const { min = -3, max = 3, awayFrom = [], margin = 0.05 } = c;
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .filter((v) => awayFrom.every((k) => Math.abs(v - k) >= margin));
};

/** tensorArb(shape, c): a tensor of the given shape with values drawn by valueArb(c). */
export const tensorArb = (shape: Shape, c: ValueConstraints = {}): fc.Arbitrary<Tensor> =>
  fc
    .array(valueArb(c), { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
    .map((values) => tensor(values, { shape, dtype: c.dtype ?? 'float64' }));

/** positiveTensorArb(shape, c): values in [min, max] with min defaulting to 0.1 (logs, square roots). */
export const positiveTensorArb = (shape: Shape, c: ValueConstraints = {}): fc.Arbitrary<Tensor> =>
  tensorArb(shape, { ...c, min: c.min ?? 0.1, max: c.max ?? 3 });

/** A tensor of a random shape (see shapeArb) with values as tensorArb. */
export const anyTensorArb = (s: ShapeConstraints = {}, c: ValueConstraints = {}): fc.Arbitrary<Tensor> =>
  shapeArb(s).chain((shape) => tensorArb(shape, c));
