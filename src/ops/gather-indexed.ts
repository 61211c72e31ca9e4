/**
 * gather and takeAlongAxis with indices that vmap maps: each example reads its own positions. The indices are
 * then an operand of the primitive (a concrete tensor of integer values, never differentiated) instead of a
 * static parameter, so the batching rule can see their batch. Each adjoint scatters back with the same indices.
 */
import {
  checkAlongAxis,
  computeGather,
  computeScatterAdd,
  computeScatterAlongAxis,
  computeTakeAlongAxis,
} from '../core/compute-layout.js';
import { toIndices } from '../core/indices.js';
import type { Shape } from '../core/shape.js';
import { isStaged } from '../core/stage.js';
import { type Tensor, arange, isTensor } from '../core/tensor.js';
import { type Primitive, bind, concrete, need } from '../autodiff/tape.js';
import { Batched } from '../autodiff/batched.js';
import { add, mul } from './arith.js';
import { atFront, materialized } from './batching.js';
import { moveAxis, reshape, transpose } from './structural.js';

interface AxisParams {
  readonly axis: number;
}

interface ScatterParams extends AxisParams {
  readonly shape: Shape;
}

/** y = x.take(idx, axis); inputs (x, idx). VJP: idx scatters the cotangent back; idx gets none. */
const gatherPrim: Primitive<AxisParams> = {
  name: 'gather',
  impl: ([x, idx], { axis }) => computeGather(need(x), toIndices('gather', need(idx), need(x).shape[axis] ?? 0), axis),
  vjp: (g, { inputs: [x, idx], params: { axis } }) => [
    bind(scatterPrim, [g, need(idx)], { axis, shape: need(x).shape }),
    null,
  ],
  batch: ({ args: [x, idx], dims: [dx, di], params: { axis }, size }) => {
    const [dX, dI] = [dx ?? null, di ?? null];
    if (dI === null) return [bind(gatherPrim, [atFront(need(x), dX), need(idx)], { axis: axis + 1 }), 0];
    if (dX === null) return [bind(gatherPrim, [need(x), need(idx)], { axis }), axis + dI];
    return [gatherEach(moveAxis(need(x), dX, 0), moveAxis(need(idx), dI, 0), axis, size), 0];
  },
};

/** zeros of `shape` plus g added where gather(·, idx, axis) read; inputs (g, idx). VJP: gather of the cotangent. */
const scatterPrim: Primitive<ScatterParams> = {
  name: 'scatterAdd',
  impl: ([g, idx], { axis, shape }) =>
    computeScatterAdd(need(g), toIndices('gather', need(idx), shape[axis] ?? 0), axis, shape),
  vjp: (g, { inputs: [, idx], params: { axis } }) => [bind(gatherPrim, [g, need(idx)], { axis }), null],
  batch: ({ args: [g, idx], dims: [dg, di], params: { axis, shape }, size }) => {
    const dI = di ?? null;
    if (dI === null)
      return [
        bind(scatterPrim, [atFront(need(g), dg ?? null), need(idx)], { axis: axis + 1, shape: [size, ...shape] }),
        0,
      ];
    return [scatterEach(materialized(need(g), dg ?? null, size), moveAxis(need(idx), dI, 0), axis, shape, size), 0];
  },
};

/** idx[b, …] + b·n: each example's indices moved into its own block of n rows of a flattened batch. */
const offsetIndices = (idx: Tensor, n: number, size: number): Tensor =>
  add(idx, reshape(mul(arange(0, size, 1, { dtype: idx.dtype }), n), [size, ...idx.shape.slice(1).map(() => 1)]));

/**
 * Example b reads x[b] at idx[b] (x, idx batched in front): the batch and the gathered axis of x merged into one
 * axis of B·n rows, one gather with offset indices, then the axes before the gathered one moved back in front.
 */
const gatherEach = (x: Tensor, idx: Tensor, axis: number, size: number): Tensor => {
  const n = x.shape[axis + 1] ?? 0;
  const rest = x.shape.slice(1).filter((_, i) => i !== axis);
  const flat = reshape(moveAxis(x, axis + 1, 1), [size * n, ...rest]); // [B·n, pre…, post…]
  const y = bind(gatherPrim, [flat, offsetIndices(idx, n, size)], { axis: 0 }); // [B, ids…, pre…, post…]
  const ids = idx.shape.length - 1;
  const pre = range(axis).map((i) => 1 + ids + i);
  const post = range(rest.length - axis).map((i) => 1 + ids + axis + i);
  const perm = [0, ...pre, ...range(ids).map((i) => 1 + i), ...post];
  return transpose(y, perm);
};

/** The adjoint of gatherEach: g's id axes moved next to the batch, one scatter into B·n rows, the axis moved back. */
const scatterEach = (g: Tensor, idx: Tensor, axis: number, shape: Shape, size: number): Tensor => {
  const n = shape[axis] ?? 0;
  const ids = idx.shape.length - 1;
  const rest = shape.filter((_, i) => i !== axis);
  // g: [B, pre…(axis), ids…, post…] → [B, ids…, pre…, post…]
  const post = range(rest.length - axis).map((i) => 1 + axis + ids + i);
  const perm = [0, ...range(ids).map((i) => 1 + axis + i), ...range(axis).map((i) => 1 + i), ...post];
  const flat = bind(scatterPrim, [transpose(g, perm), offsetIndices(idx, n, size)], {
    axis: 0,
    shape: [size * n, ...rest],
  });
  return moveAxis(reshape(flat, [size, n, ...rest]), 1, axis + 1);
};

const range = (n: number): number[] => Array.from({ length: Math.max(n, 0) }, (_, i) => i);

/** y = takeAlongAxis(x, idx, axis); inputs (x, idx). VJP: scatterAlongAxis of the cotangent; idx gets none. */
const takeAlongPrim: Primitive<AxisParams> = {
  name: 'takeAlongAxis',
  impl: ([x, idx], { axis }) => {
    const t = need(x);
    const ix = toIndices('takeAlongAxis', need(idx), t.shape[axis] ?? 0);
    checkAlongAxis('takeAlongAxis', t.shape, ix, axis);
    return computeTakeAlongAxis(t, ix, axis);
  },
  vjp: (g, { inputs: [x, idx], params: { axis } }) => [
    bind(scatterAlongPrim, [g, need(idx)], { axis, shape: need(x).shape }),
    null,
  ],
  // Both operands made whole batches: the batch is one more axis on which their extents agree.
  batch: ({ args: [x, idx], dims: [dx, di], params: { axis }, size }) => [
    bind(takeAlongPrim, [materialized(need(x), dx ?? null, size), materialized(need(idx), di ?? null, size)], {
      axis: axis + 1,
    }),
    0,
  ],
};

/** The adjoint of takeAlongPrim: zeros of `shape`, g added where it read; inputs (g, idx). */
const scatterAlongPrim: Primitive<ScatterParams> = {
  name: 'scatterAlongAxis',
  impl: ([g, idx], { axis, shape }) =>
    computeScatterAlongAxis(need(g), toIndices('takeAlongAxis', need(idx), shape[axis] ?? 0), axis, shape),
  vjp: (g, { inputs: [, idx], params: { axis } }) => [bind(takeAlongPrim, [g, need(idx)], { axis }), null],
  batch: ({ args: [g, idx], dims: [dg, di], params: { axis, shape }, size }) => [
    bind(scatterAlongPrim, [materialized(need(g), dg ?? null, size), materialized(need(idx), di ?? null, size)], {
      axis: axis + 1,
      shape: [size, ...shape],
    }),
    0,
  ],
};

/** takeAlongAxis(x, idx, axis) with idx an operand (indices mapped by vmap). x and idx as the caller checked them. */
export const takeAlongWithOperand = (x: Tensor, idx: Tensor, axis: number): Tensor =>
  bind(takeAlongPrim, [x, idx], { axis });

/**
 * The indices as an operand tensor when their values cannot be read now: mapped by vmap (each example holds its
 * own) or traced by jit (known only when the compiled program runs). Null for concrete indices, which become a
 * static parameter of the primitive.
 */
export const mappedIndices = (indices: unknown): Tensor | null => {
  if (!isTensor(indices)) return null;
  const idx = concrete(indices);
  return idx instanceof Batched || isStaged(idx) ? idx : null;
};

/** gather(x, idx, axis) with idx an operand (indices mapped by vmap). x and idx as the caller checked them. */
export const gatherWithOperand = (x: Tensor, idx: Tensor, axis: number): Tensor => bind(gatherPrim, [x, idx], { axis });
