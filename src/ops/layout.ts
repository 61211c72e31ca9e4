/**
 * Concatenation, stacking, slicing and integer-indexed gathers, each paired with its adjoint (slice ↔ pad,
 * gather ↔ scatter-add) so that rules stay differentiable at every order.
 */
import {
  checkAlongAxis,
  computeConcat,
  computeGather,
  computePad,
  computeScatterAdd,
  computeScatterAlongAxis,
  computeSlice,
  computeTakeAlongAxis,
} from '../core/compute-layout.js';
import { promote } from '../core/dtype.js';
import { type Indices, type IndicesLike, toIndices } from '../core/indices.js';
import { type Shape, ShapeError, normalizeAxis, showShape } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { cast } from '../autodiff/accumulate.js';
import { type Primitive, bind, need } from '../autodiff/tape.js';
import { gatherWithOperand, mappedIndices, takeAlongWithOperand } from './gather-indexed.js';
import { atFront, materialized } from './batching.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { isTensor } from '../core/tensor.js';
import { type AxisOption, type RequiredAxisOption, checkOneAxis, requiredAxis } from './axis-option.js';
import { badArgument, lift1, needArray } from './lift.js';
import { expandDims } from './structural.js';

interface SliceParams {
  readonly begin: readonly number[];
  readonly size: readonly number[];
}

interface PadParams {
  readonly begin: readonly number[];
  readonly shape: Shape;
}

/** A block of x. VJP: g padded back into zeros of x's shape. */
const slicePrim: Primitive<SliceParams> = {
  name: 'slice',
  impl: ([x], { begin, size }) => computeSlice(need(x), begin, size),
  vjp: (g, { inputs: [x], params: { begin } }) => [bind(padPrim, [g], { begin, shape: need(x).shape })],
  batch: ({ args: [x], dims: [d], params: { begin, size }, size: n }) => [
    bind(slicePrim, [atFront(need(x), d ?? null)], { begin: [0, ...begin], size: [n, ...size] }),
    0,
  ],
};

/** x placed into zeros of a larger shape. VJP: the block of g where x was placed. */
const padPrim: Primitive<PadParams> = {
  name: 'pad',
  impl: ([x], { begin, shape }) => computePad(need(x), begin, shape),
  vjp: (g, { inputs: [x], params: { begin } }) => [bind(slicePrim, [g], { begin, size: need(x).shape })],
  batch: ({ args: [x], dims: [d], params: { begin, shape }, size: n }) => [
    bind(padPrim, [atFront(need(x), d ?? null)], { begin: [0, ...begin], shape: [n, ...shape] }),
    0,
  ],
};

/** Parts laid side by side along an axis. VJP: the matching slices of g. */
const concatPrim: Primitive<number> = {
  name: 'concat',
  impl: (xs, axis) => computeConcat(xs, axis),
  vjp: (g, { inputs, params: axis }) => {
    let start = 0;
    return inputs.map((x) => {
      const begin = g.shape.map((_, d) => (d === axis ? start : 0));
      start += x.shape[axis] ?? 0;
      return bind(slicePrim, [g], { begin, size: x.shape });
    });
  },
  // Every part made a whole batch (an unmapped part broadcast), joined along the shifted axis.
  batch: ({ args, dims, params: axis, size, prim }) => [
    bind(
      prim,
      args.map((x, i) => materialized(x, dims[i] ?? null, size)),
      axis + 1,
    ),
    0,
  ],
};

/**
 * slice(x, begin, size?): the block starting at `begin` with extents `size` (−1 or absent: to the end).
 * `begin` may be shorter than x's rank; missing axes start at 0.
 * @example slice(tensor([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, 2]) // [[2, 3], [5, 6]]
 */
export const slice = (x: TensorLike, begin: readonly number[], size?: readonly number[]): Tensor => {
  const t = lift1('slice', x);
  const rank = t.shape.length;
  needArray('slice', 'begin', begin, 'integers');
  if (size !== undefined) needArray('slice', 'size', size, 'integers');
  if (begin.length > rank || (size !== undefined && size.length > rank)) {
    throw new ShapeError(
      'slice',
      `begin ${JSON.stringify(begin)} / size ${JSON.stringify(size)} exceed the rank of ${showShape(t.shape)}`,
    );
  }
  const b = t.shape.map((_, d) => begin[d] ?? 0);
  const s = t.shape.map((extent, d) => {
    const want = size?.[d] ?? -1;
    return want === -1 ? extent - (b[d] ?? 0) : want;
  });
  t.shape.forEach((extent, d) => {
    const lo = b[d] ?? 0;
    const n = s[d] ?? 0;
    if (!Number.isInteger(lo) || !Number.isInteger(n) || lo < 0 || n < 0 || lo + n > extent) {
      throw new ShapeError(
        'slice',
        `begin ${JSON.stringify(b)} and size ${JSON.stringify(s)} do not fit shape ${showShape(t.shape)}`,
      );
    }
  });
  return bind(slicePrim, [t], { begin: b, size: s });
};

/** The tensors of a list argument `xs` of `op`, each checked (an entry at fault is named `xs[i]`). */
const liftAll = (op: string, xs: readonly TensorLike[]): Tensor[] => {
  if (!Array.isArray(xs)) throw new ArgumentError(op, `xs is ${describeValue(xs)}, not an array of tensors`);
  const out = new Array<Tensor>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x: unknown = xs[i];
    if (typeof x !== 'number' && !isTensor(x)) throw badArgument(op, `xs[${i}]`, x);
    out[i] = lift1(op, x);
  }
  return out;
};

/**
 * concat(xs, {axis = 0}): the tensors joined along `axis`; every other extent must agree. dtypes are promoted.
 * @example concat([tensor([1, 2]), tensor([3])]) // [1, 2, 3]
 */
export const concat = (xs: readonly TensorLike[], options: AxisOption = {}): Tensor => {
  const ts = liftAll('concat', xs);
  checkOneAxis('concat', options, (a) => `concat(xs, { axis: ${a} })`);
  const first = ts[0];
  if (first === undefined) throw new ShapeError('concat', 'needs at least one tensor');
  const a = normalizeAxis('concat', options.axis ?? 0, first.shape.length);
  for (const t of ts) {
    const ok = t.shape.length === first.shape.length && t.shape.every((d, i) => i === a || d === first.shape[i]);
    if (!ok)
      throw new ShapeError('concat', `shapes ${showShape(first.shape)} and ${showShape(t.shape)} differ off axis ${a}`);
  }
  const dtype = ts.reduce((d, t) => promote(d, t.dtype), first.dtype);
  return ts.length === 1
    ? first
    : bind(
        concatPrim,
        ts.map((t) => cast(t, dtype)),
        a,
      );
};

/**
 * stack(xs, {axis = 0}): the tensors (all of one shape) joined along a new axis.
 * @example stack([tensor([1, 2]), tensor([3, 4])]) // [[1, 2], [3, 4]]
 */
export const stack = (xs: readonly TensorLike[], options: AxisOption = {}): Tensor => {
  const ts = liftAll('stack', xs);
  checkOneAxis('stack', options, (a) => `stack(xs, { axis: ${a} })`);
  const rank = (ts[0]?.shape.length ?? 0) + 1;
  const a = normalizeAxis('stack', options.axis ?? 0, rank);
  for (const t of ts) {
    if (t.shape.length !== rank - 1 || !t.shape.every((d, i) => d === ts[0]?.shape[i])) {
      throw new ShapeError('stack', `shapes ${showShape(ts[0]?.shape ?? [])} and ${showShape(t.shape)} differ`);
    }
  }
  return concat(
    ts.map((t) => expandDims(t, { axis: a })),
    { axis: a },
  );
};

interface GatherParams {
  readonly idx: Indices;
  readonly axis: number;
}

interface ScatterParams extends GatherParams {
  readonly shape: Shape;
}

const gatherPrim: Primitive<GatherParams> = {
  name: 'gather',
  impl: ([x], { idx, axis }) => computeGather(need(x), idx, axis),
  vjp: (g, { inputs: [x], params: { idx, axis } }) => [bind(scatterAddPrim, [g], { idx, axis, shape: need(x).shape })],
  batch: ({ args: [x], dims: [d], params: { idx, axis } }) => [
    bind(gatherPrim, [atFront(need(x), d ?? null)], { idx, axis: axis + 1 }),
    0,
  ],
};

const scatterAddPrim: Primitive<ScatterParams> = {
  name: 'scatterAdd',
  impl: ([g], { idx, axis, shape }) => computeScatterAdd(need(g), idx, axis, shape),
  vjp: (g, { params: { idx, axis } }) => [bind(gatherPrim, [g], { idx, axis })],
  batch: ({ args: [g], dims: [d], params: { idx, axis, shape }, size }) => [
    bind(scatterAddPrim, [atFront(need(g), d ?? null)], { idx, axis: axis + 1, shape: [size, ...shape] }),
    0,
  ],
};

const takeAlongPrim: Primitive<GatherParams> = {
  name: 'takeAlongAxis',
  impl: ([x], { idx, axis }) => computeTakeAlongAxis(need(x), idx, axis),
  vjp: (g, { inputs: [x], params: { idx, axis } }) => [
    bind(scatterAlongPrim, [g], { idx, axis, shape: need(x).shape }),
  ],
  batch: ({ args: [x], dims: [d], params: { idx, axis }, size }) => [
    bind(takeAlongPrim, [atFront(need(x), d ?? null)], { idx: tiled(idx, size), axis: axis + 1 }),
    0,
  ],
};

const scatterAlongPrim: Primitive<ScatterParams> = {
  name: 'scatterAlongAxis',
  impl: ([g], { idx, axis, shape }) => computeScatterAlongAxis(need(g), idx, axis, shape),
  vjp: (g, { params: { idx, axis } }) => [bind(takeAlongPrim, [g], { idx, axis })],
  batch: ({ args: [g], dims: [d], params: { idx, axis, shape }, size }) => [
    bind(scatterAlongPrim, [atFront(need(g), d ?? null)], {
      idx: tiled(idx, size),
      axis: axis + 1,
      shape: [size, ...shape],
    }),
    0,
  ],
};

/**
 * The indices of takeAlongAxis for a batch of `size` examples: [size, ...idx.shape], every example's the same
 * (the indices are static parameters; the operand carries the batch).
 */
const tiled = (idx: Indices, size: number): Indices => {
  const n = idx.data.length;
  const data = new Int32Array(n * size);
  for (let b = 0; b < size; b++) data.set(idx.data, b * n);
  return { shape: [size, ...idx.shape], data };
};

/**
 * gather(x, indices, {axis = 0}) (NumPy's take): y[pre, i…, post] = x[pre, indices[i…], post], with
 * y.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]. Indices are integers (negative from the end).
 * The gradient scatters back, adding where an index repeats. Inside vmap the indices may be mapped too (each
 * example reads its own positions).
 * @example gather(tensor([10, 20, 30]), [2, 0]) // [30, 10]
 */
export const gather = (x: TensorLike, indices: IndicesLike, options: AxisOption = {}): Tensor => {
  const t = lift1('gather', x);
  checkOneAxis('gather', options, (a) => `gather(x, indices, { axis: ${a} })`);
  const axis = normalizeAxis('gather', options.axis ?? 0, t.shape.length);
  const mapped = mappedIndices(indices);
  if (mapped !== null) return gatherWithOperand(t, mapped, axis); // each example of a vmap reads its own positions
  return bind(gatherPrim, [t], { idx: toIndices('gather', indices, t.shape[axis] ?? 0), axis });
};

/**
 * takeAlongAxis(x, indices, {axis}) (NumPy's take_along_axis): y[…, i, …] = x[…, indices[…, i, …], …] along
 * `axis`; indices has x's rank and x's extents on every other axis. Picks e.g. each row's label logit. Inside
 * vmap the indices may be mapped too.
 * @example takeAlongAxis(tensor([[1, 2], [3, 4]]), tensor([[1], [0]]), { axis: 1 }) // [[2], [3]]
 */
export const takeAlongAxis = (x: TensorLike, indices: IndicesLike, options: RequiredAxisOption): Tensor => {
  const t = lift1('takeAlongAxis', x);
  const axis = requiredAxis('takeAlongAxis', options, (a) => `takeAlongAxis(x, indices, { axis: ${a} })`);
  const a = normalizeAxis('takeAlongAxis', axis, t.shape.length);
  const mapped = mappedIndices(indices);
  if (mapped !== null) {
    if (mapped.shape.length !== t.shape.length)
      throw new ShapeError(
        'takeAlongAxis',
        `indices of shape ${showShape(mapped.shape)} for x of shape ${showShape(t.shape)}: the ranks differ`,
      );
    return takeAlongWithOperand(t, mapped, a); // each example of a vmap reads its own positions
  }
  const idx = toIndices('takeAlongAxis', indices, t.shape[a] ?? 0);
  checkAlongAxis('takeAlongAxis', t.shape, idx, a);
  return bind(takeAlongPrim, [t], { idx, axis: a });
};
