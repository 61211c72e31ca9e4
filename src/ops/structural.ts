/**
 * The linear structural primitives whose rules refer to one another: sum (over axes), broadcastTo, reshape
 * and transpose; and `unbroadcast`, the one helper every broadcasting rule uses to bring a cotangent back to
 * its input's shape.
 */
import { computeSum } from '../core/compute.js';
import { computeBroadcastTo, computeTranspose, invertPermutation } from '../core/compute-layout.js';
import {
  type Shape,
  ShapeError,
  checkShape,
  normalizeAxes,
  normalizeAxis,
  reducedShape,
  shapeEqual,
  showShape,
  sizeOf,
} from '../core/shape.js';
import { type Tensor, type TensorLike, fromData } from '../core/tensor.js';
import { type Primitive, bind, need } from '../autodiff/tape.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { type RequiredAxisOption, checkAxisOption, requiredAxis } from './axis-option.js';
import { lift1, needArray } from './lift.js';

/** The `axis` / `keepdims` options of every reduction. */
export interface AxisOptions {
  /** An axis, a list of axes (negative counts from the end), or absent for all axes. */
  readonly axis?: number | readonly number[];
  /** Keep reduced axes as extent 1 (default false). */
  readonly keepdims?: boolean;
}

const axisKeys: KeySet<AxisOptions> = { axis: true, keepdims: true };

/**
 * Checks a reduction's options: no unknown key (`axes` for `axis` would silently reduce everything), keepdims a
 * boolean, and no axis given positionally (`sum(x, 0)`).
 */
export const checkAxisOptions = (op: string, options: AxisOptions): void => {
  checkAxisOption(op, options, (a) => `${op}(x, { axis: ${a} })`, axisKeys);
  const k: unknown = options.keepdims;
  if (k !== undefined && typeof k !== 'boolean')
    throw new ArgumentError(op, `keepdims is ${describeValue(k)}, not a boolean`);
};

interface SumParams {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

/** Σ over axes. VJP: g reshaped to keep the reduced axes, broadcast back to x's shape. */
const sumPrim: Primitive<SumParams> = {
  name: 'sum',
  impl: ([x], { axes, keepdims }) => computeSum(need(x), axes, keepdims),
  vjp: (g, { inputs: [x], params: { axes } }) => {
    const shape = need(x).shape;
    return [broadcastTo(reshape(g, reducedShape(shape, axes, true)), shape)];
  },
  batch: ({ args: [x], dims: [d], params: { axes, keepdims } }) => [
    bind(sumPrim, [front(need(x), d)], { axes: axes.map((a) => a + 1), keepdims }),
    0,
  ],
};

/** x repeated along broadcast axes. VJP: unbroadcast(g, x.shape). */
const broadcastPrim: Primitive<Shape> = {
  name: 'broadcastTo',
  impl: ([x], shape) => computeBroadcastTo(need(x), shape),
  vjp: (g, { inputs: [x] }) => [unbroadcast(g, need(x).shape)],
  // [B, ...s] → [B, 1, …, 1, ...s] → [B, ...shape]: the example's broadcast, the batch axis kept apart.
  batch: ({ args: [x], dims: [d], params: shape, size }) => {
    const b = front(need(x), d);
    const padded = reshape(b, [
      size,
      ...new Array<number>(shape.length - (b.shape.length - 1)).fill(1),
      ...b.shape.slice(1),
    ]);
    return [bind(broadcastPrim, [padded], [size, ...shape]), 0];
  },
};

/** The same data under another shape. VJP: g reshaped back. */
const reshapePrim: Primitive<Shape> = {
  name: 'reshape',
  impl: ([x], shape) => fromData(shape, need(x).data),
  vjp: (g, { inputs: [x] }) => [reshape(g, need(x).shape)],
  batch: ({ args: [x], dims: [d], params: shape, size }) => [
    bind(reshapePrim, [front(need(x), d)], [size, ...shape]),
    0,
  ],
};

/** Axes permuted. VJP: g permuted by the inverse permutation. */
const transposePrim: Primitive<readonly number[]> = {
  name: 'transpose',
  impl: ([x], perm) => computeTranspose(need(x), perm),
  vjp: (g, { params: perm }) => [transpose(g, invertPermutation(perm))],
  batch: ({ args: [x], dims: [d], params: perm }) => [
    bind(transposePrim, [front(need(x), d)], [0, ...perm.map((a) => a + 1)]),
    0,
  ],
};

/**
 * moveAxis(x, from, to): x with axis `from` moved to position `to`, the other axes in their order (a transpose;
 * x itself when from = to). Both axes are normalised indices of x.
 */
export const moveAxis = (x: Tensor, from: number, to: number): Tensor => {
  if (from === to) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return bind(transposePrim, [x], perm);
};

/** A batch with its batch axis d in front (d null: unmapped, returned as it is). */
const front = (x: Tensor, d: number | null | undefined): Tensor =>
  d === null || d === undefined ? x : moveAxis(x, d, 0);

/**
 * sum(x, {axis, keepdims}) = Σ_{i ∈ axis} x_i, over all axes when `axis` is absent.
 * @example sum(tensor([[1, 2], [3, 4]]), { axis: 0 }) // [4, 6]
 */
export const sum = (x: TensorLike, options: AxisOptions = {}): Tensor => {
  const t = lift1('sum', x);
  checkAxisOptions('sum', options);
  const axes = normalizeAxes('sum', options.axis, t.shape.length);
  const keepdims = options.keepdims ?? false;
  if (axes.length === 0 && !keepdims) return t;
  return bind(sumPrim, [t], { axes, keepdims });
};

/**
 * broadcastTo(x, shape): x repeated along axes of extent 1 (and new leading axes) to `shape`, NumPy's rules.
 * @example broadcastTo(tensor([1, 2]), [3, 2]) // three rows [1, 2]
 */
export const broadcastTo = (x: TensorLike, shape: Shape): Tensor => {
  const t = lift1('broadcastTo', x);
  checkShape('broadcastTo', shape);
  return shapeEqual(t.shape, shape) ? t : bind(broadcastPrim, [t], [...shape]);
};

/**
 * reshape(x, shape): the same elements in row-major order under a new shape; one extent may be −1 (inferred).
 * @example reshape(arange(6), [2, -1]) // shape [2, 3]
 */
export const reshape = (x: TensorLike, shape: Shape): Tensor => {
  const t = lift1('reshape', x);
  needArray('reshape', 'shape', shape, 'extents');
  const n = sizeOf(t.shape);
  const unknown = shape.filter((d) => d === -1).length;
  const known = sizeOf(shape.filter((d) => d !== -1));
  if (unknown > 1 || shape.some((d) => !Number.isInteger(d) || d < -1)) {
    const why =
      unknown > 1 ? 'at most one extent may be -1' : 'extents must be integers ≥ 0, or -1 for one inferred extent';
    throw new ShapeError('reshape', `invalid target shape [${shape.map(describeValue).join(',')}]: ${why}`);
  }
  if (unknown === 1 && known === 0) {
    throw new ShapeError(
      'reshape',
      `cannot infer the -1 extent of ${showShape(shape)}: the other extents hold 0 elements, so any extent fits`,
    );
  }
  const target = unknown === 1 ? shape.map((d) => (d === -1 ? n / known : d)) : [...shape];
  if (sizeOf(target) !== n || target.some((d) => !Number.isInteger(d))) {
    throw new ShapeError('reshape', `cannot reshape ${showShape(t.shape)} (${n} elements) to ${showShape(shape)}`);
  }
  return shapeEqual(t.shape, target) ? t : bind(reshapePrim, [t], target);
};

/**
 * transpose(x, perm): y.shape[i] = x.shape[perm[i]]; without perm, the axes reversed.
 * @example transpose(tensor([[1, 2, 3]])) // [[1], [2], [3]]
 */
export const transpose = (x: TensorLike, perm?: readonly number[]): Tensor => {
  const t = lift1('transpose', x);
  const rank = t.shape.length;
  if (perm !== undefined) needArray('transpose', 'perm', perm, 'axes');
  const p =
    perm === undefined
      ? Array.from({ length: rank }, (_, i) => rank - 1 - i)
      : perm.map((a) => normalizeAxis('transpose', a, rank));
  if (p.length !== rank || new Set(p).size !== rank) {
    throw new ShapeError(
      'transpose',
      `${JSON.stringify(perm)} is not a permutation of the axes of shape ${showShape(t.shape)}`,
    );
  }
  return p.every((a, i) => a === i) ? t : bind(transposePrim, [t], p);
};

/**
 * unbroadcast(g, shape) = the cotangent g of a broadcast result summed back to the input's shape: summed
 * over leading extra axes and over axes where the input had extent 1.
 */
export const unbroadcast = (g: Tensor, shape: Shape): Tensor => {
  if (shapeEqual(g.shape, shape)) return g;
  const extra = g.shape.length - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < extra || (shape[i - extra] === 1 && d !== 1)) axes.push(i);
  });
  return reshape(sum(g, { axis: axes, keepdims: true }), shape);
};

/**
 * expandDims(x, {axis}): x with a new axis of extent 1 at `axis` (negative counts from the end of the result).
 * @example expandDims(tensor([1, 2]), { axis: 0 }) // shape [1, 2]
 */
export const expandDims = (x: TensorLike, options: RequiredAxisOption): Tensor => {
  const t = lift1('expandDims', x);
  const axis = requiredAxis('expandDims', options, (a) => `expandDims(x, { axis: ${a} })`);
  const a = normalizeAxis('expandDims', axis, t.shape.length + 1);
  return reshape(t, [...t.shape.slice(0, a), 1, ...t.shape.slice(a)]);
};

/** The options of squeeze. */
export interface SqueezeOptions {
  /** The axis or axes to drop, each of extent 1 (negative counts from the end); absent: every extent-1 axis. */
  readonly axis?: number | readonly number[];
}

const squeezeKeys: KeySet<SqueezeOptions> = { axis: true };

/**
 * squeeze(x, {axis?}): x without the given axes of extent 1 (all extent-1 axes when absent).
 * @example squeeze(zeros([1, 3, 1])) // shape [3]
 */
export const squeeze = (x: TensorLike, options: SqueezeOptions = {}): Tensor => {
  const t = lift1('squeeze', x);
  checkAxisOption('squeeze', options, (a) => `squeeze(x, { axis: ${a} })`, squeezeKeys);
  const { axis } = options;
  const rank = t.shape.length;
  const axes =
    axis === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axis, rank);
  for (const a of axes) {
    if (t.shape[a] !== 1)
      throw new ShapeError('squeeze', `axis ${a} of shape ${showShape(t.shape)} has extent ${t.shape[a]}, not 1`);
  }
  return reshape(
    t,
    t.shape.filter((_, i) => !axes.includes(i)),
  );
};
