/**
 * Integer index arrays (class labels, gather indices). They are not differentiable, so they live outside
 * the tensor type: `{shape, data: Int32Array}`, read from a number[], an Int32Array or an integer-valued tensor.
 */
import { type Shape, ShapeError, showShape, sizeOf } from './shape.js';
import { ArgumentError, describeValue } from './errors.js';
import { type Tensor, isTensor } from './tensor.js';

/** A dense array of integer indices. */
export interface Indices {
  /** Extent of each axis, outermost first. */
  readonly shape: Shape;
  /** The ∏ shape indices in row-major order. */
  readonly data: Int32Array;
}

/** What ops accept as indices. */
export type IndicesLike = Indices | readonly number[] | Int32Array | Tensor;

const isIndexArray = (idx: IndicesLike): idx is readonly number[] | Int32Array =>
  Array.isArray(idx) || idx instanceof Int32Array;

/** An `Indices` record: a shape and an Int32Array. */
const isIndicesValue = (x: unknown): x is Indices =>
  typeof x === 'object' &&
  x !== null &&
  'shape' in x &&
  'data' in x &&
  Array.isArray(x.shape) &&
  x.data instanceof Int32Array;

/**
 * Reads indices, checking each is an integer in [0, bound); with `allowNegative` (the default) a negative index
 * counts from the end, as in NumPy.
 * Errors name the op, the position and the bound.
 */
export const toIndices = (op: string, idx: IndicesLike, bound: number, allowNegative = true): Indices => {
  const lowest = allowNegative ? -bound : 0;
  if (!isIndexArray(idx) && !isTensor(idx) && !isIndicesValue(idx)) {
    throw new ArgumentError(
      op,
      `indices are ${describeValue(idx)}, not an array of integers, an Int32Array or a tensor`,
    );
  }
  const [shape, source]: readonly [Shape, ArrayLike<number>] = isIndexArray(idx)
    ? [[idx.length], idx]
    : [idx.shape, idx.data];
  const data = new Int32Array(sizeOf(shape));
  if (source.length !== data.length) {
    throw new ShapeError(op, `indices of shape ${showShape(shape)} hold ${source.length} values`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = source[i] ?? NaN;
    if (!Number.isInteger(v) || v < lowest || v >= bound) {
      throw new ShapeError(op, `index ${v} at position ${i} is not an integer in [0, ${bound})`);
    }
    data[i] = v < 0 ? v + bound : v;
  }
  return { shape, data };
};
