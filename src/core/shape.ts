/**
 * Shapes, NumPy broadcasting and axis normalisation. Every error names the op and the shapes involved.
 */
import { GradfoldError } from './errors.js';
export type Shape = readonly number[];

/** size(shape) = ∏ shape[i] (1 for a scalar). */
export const sizeOf = (shape: Shape): number => {
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
  if (shapeEqual(a, b)) return a;
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

/** Normalises one axis (negative counts from the end) against a rank, or throws naming the op. */
export const normalizeAxis = (op: string, axis: number, rank: number): number => {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError(op, `axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
};

/** The axes an `axis` option names: absent means all axes; the result is sorted and free of repeats. */
export const normalizeAxes = (op: string, axis: number | readonly number[] | undefined, rank: number): number[] => {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
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

/** Checks that a shape is a list of non-negative integers. */
export const checkShape = (op: string, shape: Shape): void => {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(op, `invalid shape ${showShape(shape)}`);
  }
};
