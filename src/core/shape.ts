/**
 * Shapes, NumPy broadcasting and axis normalisation. Every error names the op and the shapes involved.
 */
import { ArgumentError, GradfoldError, describeValue } from './errors.js';
import { isArray } from './is-array.js';
/** The extent of each axis, outermost first: non-negative integers; `[]` is a scalar's shape. */
export type Shape = readonly number[];

/** size(shape) = ∏ shape[i] (1 for a scalar). */
export const sizeOf = (shape: Shape): number => {
  if (!Array.isArray(shape))
    throw new ArgumentError('sizeOf', `shape is ${describeValue(shape)}, not an array of extents`);
  let n = 1;
  for (const d of shape) n *= d;
  return n;
};

/** Row-major strides: strides[i] = ∏_{j>i} shape[j]. */
export const stridesOf = (shape: Shape): number[] => {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] ?? 1;
  }
  return strides;
};

/** `[2,3]` style rendering for error messages. */
export const showShape = (shape: Shape): string => `[${shape.join(',')}]`;

/** shapeEqual(a, b) holds when both have the same rank and extents. */
export const shapeEqual = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** An error raised inside an op: it always names the op. */
export class ShapeError extends GradfoldError {
  /** A ShapeError whose message reads `${op}: ${message}`. */
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'ShapeError';
  }
}

/**
 * NumPy broadcasting of two shapes: align on the right; each pair of extents must be equal or one of them 1;
 * the result takes the larger. Throws a ShapeError naming `op` and both shapes otherwise.
 */
export const broadcastShapes = (op: string, a: Shape, b: Shape): Shape => {
  if (isArray(a) && isArray(b) && shapeEqual(a, b)) return a;
  // Off the fast path (shapes differ): the arguments of a direct call are checked before they are read.
  if (typeof op !== 'string')
    throw new ArgumentError('broadcastShapes', `op is ${describeValue(op)}, not a string naming the caller`);
  checkShape(op, a, 'first shape');
  checkShape(op, b, 'second shape');
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(op, `shapes ${showShape(a)} and ${showShape(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
};

/** Normalises one axis (negative counts from the end) against a rank, or throws naming the op and the axis. */
export const normalizeAxis = (op: string, axis: number, rank: number): number => {
  if (!Number.isInteger(axis)) throw new ArgumentError(op, `axis ${describeValue(axis)} is not an integer`);
  if (axis < -rank || axis >= rank) {
    throw new ShapeError(op, `axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
};

/** The axes an `axis` option names: absent means all axes; the result is sorted and free of repeats. */
export const normalizeAxes = (op: string, axis: number | readonly number[] | undefined, rank: number): number[] => {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axis !== 'number' && !Array.isArray(axis)) {
    throw new ArgumentError(op, `axis is ${describeValue(axis)}, not an integer or an array of integers`);
  }
  const list: readonly number[] = typeof axis === 'number' ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(op, a, rank)).sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new ShapeError(op, `axis ${out[i]} is repeated in ${JSON.stringify(list)}`);
  }
  return out;
};

/** The shape after reducing `axes`, keeping them as extent 1 when `keepdims`. */
export const reducedShape = (shape: Shape, axes: readonly number[], keepdims: boolean): number[] => {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
};

/** The most elements one tensor may hold, 2³¹ − 1: kernels index elements with 32-bit integers. */
export const maxSize = 2 ** 31 - 1;

/** A shape-like value rendered for a message, whatever its entries are (`[2,"3",-1]`). */
const showAnyShape = (shape: readonly unknown[]): string =>
  `[${shape.length > 8 ? `${shape.slice(0, 8).map(describeValue).join(',')},…` : shape.map(describeValue).join(',')}]`;

/**
 * checkShape(op, shape): a shape is an array of non-negative integers holding at most `maxSize` elements. A
 * non-array is an ArgumentError; a bad extent or too many elements is a ShapeError naming the axis and value.
 */
export function checkShape(op: string, shape: unknown, what = 'shape'): asserts shape is Shape {
  if (!Array.isArray(shape))
    throw new ArgumentError(op, `${what} is ${describeValue(shape)}, not an array of extents (e.g. [2, 3])`);
  const list: readonly unknown[] = shape;
  let n = 1;
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        op,
        `invalid ${what} ${showAnyShape(list)}: extent ${describeValue(d)} at axis ${i} is not a non-negative integer`,
      );
    }
    if (d > maxSize)
      throw new ShapeError(
        op,
        `${what} ${showAnyShape(list)}: extent ${d} at axis ${i} is more than a tensor can hold (${maxSize})`,
      );
    n *= d;
  }
  if (n > maxSize)
    throw new ShapeError(
      op,
      `${what} ${showAnyShape(list)} has ${n} elements, more than a tensor can hold (${maxSize})`,
    );
}
