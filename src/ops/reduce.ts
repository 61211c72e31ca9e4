/**
 * Reductions beyond sum: mean, max, min, prod and logSumExp, all taking `{axis?, keepdims?}`.
 * Conventions: max/min share the cotangent equally among tied elements (as JAX); prod is a product tree of
 * multiplications, so its gradient is exact even where some factors are 0.
 */
import { computeExtremum } from '../core/compute.js';
import { ShapeError, normalizeAxes, reducedShape, showShape, sizeOf } from '../core/shape.js';
import { type Tensor, type TensorLike, full, ones, scalarOf, zeros } from '../core/tensor.js';
import { type Primitive, bind, concrete, need } from '../autodiff/tape.js';
import { materialized, reduction } from './batching.js';
import { constantBinary } from './constant.js';
import { stopGradient } from '../autodiff/grad.js';
import { add, div, isFinite, mul, mulNoNan, sub, where } from './arith.js';
import { concat, slice } from './layout.js';
import { lift1 } from './lift.js';
import { type AxisOptions, broadcastTo, checkAxisOptions, reshape, sum, transpose } from './structural.js';
import { exp, log } from './unary.js';

interface ExtremumParams {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

const extremum = (name: 'max' | 'min', sign: 1 | -1): Primitive<ExtremumParams> => ({
  name,
  impl: ([x], { axes, keepdims }) => computeExtremum(need(x), axes, keepdims, sign),
  vjp: (g, { inputs: [x], out, params: { axes } }) => {
    const xs = need(x);
    const kept = reducedShape(xs.shape, axes, true);
    const hit = constantBinary('equal', concrete(xs), concrete(reshape(out, kept)));
    const share = div(hit, sum(hit, { axis: axes, keepdims: true }));
    return [mulNoNan(broadcastTo(reshape(g, kept), xs.shape), share)];
  },
  batch: reduction,
});

const maxPrim = extremum('max', 1);
const minPrim = extremum('min', -1);

/**
 * Refuses a max/min/argmax over an axis of extent 0: the extremum of no elements does not exist (NumPy, JAX and
 * PyTorch raise too), and ∓∞ would be a silent wrong answer.
 */
export const refuseEmptyAxes = (op: string, shape: readonly number[], axes: readonly number[]): void => {
  for (const a of axes) {
    if (shape[a] === 0) {
      const why = `it is empty, and the ${op} of no elements is undefined`;
      throw new ShapeError(op, `cannot reduce over axis ${a} of shape ${showShape(shape)}: ${why}`);
    }
  }
};

const reduceWith = (prim: Primitive<ExtremumParams>, x: TensorLike, options: AxisOptions): Tensor => {
  const t = lift1(prim.name, x);
  checkAxisOptions(prim.name, options);
  const axes = normalizeAxes(prim.name, options.axis, t.shape.length);
  refuseEmptyAxes(prim.name, t.shape, axes);
  return bind(prim, [t], { axes, keepdims: options.keepdims ?? false });
};

/**
 * max(x, {axis, keepdims}) = the largest element over the axes; tied maxima share the cotangent equally. An
 * empty axis is a ShapeError.
 */
export const max = (x: TensorLike, options: AxisOptions = {}): Tensor => reduceWith(maxPrim, x, options);

/**
 * min(x, {axis, keepdims}) = the smallest element over the axes; tied minima share the cotangent equally. An
 * empty axis is a ShapeError.
 */
export const min = (x: TensorLike, options: AxisOptions = {}): Tensor => reduceWith(minPrim, x, options);

/**
 * mean(x, {axis, keepdims}) = Σ x / n over the axes, n the number of elements reduced. Over an empty axis it is
 * NaN (0 · (1/0), as NumPy and PyTorch), where `sum` gives 0 and `prod` 1.
 */
export const mean = (x: TensorLike, options: AxisOptions = {}): Tensor => {
  const t = lift1('mean', x);
  checkAxisOptions('mean', options);
  const axes = normalizeAxes('mean', options.axis, t.shape.length);
  const n = sizeOf(axes.map((a) => t.shape[a] ?? 1));
  return mul(sum(t, options), 1 / n);
};

/**
 * prod(x, {axis, keepdims}) = ∏ x over the axes. Computed as a balanced tree of pairwise products, so that
 * ∂/∂xᵢ = ∏_{j≠i} xⱼ holds exactly even when other factors are 0.
 */
export const prod = (x: TensorLike, options: AxisOptions = {}): Tensor => {
  const t = lift1('prod', x);
  checkAxisOptions('prod', options);
  const rank = t.shape.length;
  const axes = normalizeAxes('prod', options.axis, rank);
  const rest = Array.from({ length: rank }, (_, i) => i).filter((i) => !axes.includes(i));
  const outShape = reducedShape(t.shape, axes, options.keepdims ?? false);
  const outer = sizeOf(rest.map((i) => t.shape[i] ?? 1));
  let level = reshape(transpose(t, [...rest, ...axes]), [outer, sizeOf(axes.map((a) => t.shape[a] ?? 1))]);
  while ((level.shape[1] ?? 1) !== 1) {
    const n = level.shape[1] ?? 1;
    if (n === 0) return reshape(ones(outShape, { dtype: t.dtype }), outShape);
    const padded = n % 2 === 1 ? concat([level, ones([outer, 1], { dtype: t.dtype })], { axis: 1 }) : level;
    const pairs = reshape(padded, [outer, (n + (n % 2)) / 2, 2]);
    const half = pairs.shape[1] ?? 1;
    level = mul(
      reshape(slice(pairs, [0, 0, 0], [outer, half, 1]), [outer, half]),
      reshape(slice(pairs, [0, 0, 1], [outer, half, 1]), [outer, half]),
    );
  }
  return reshape(level, outShape);
};

/**
 * The derivative logSumExp owes where every element reduced is −∞: softmax there is 0/0 = NaN (PyTorch and JAX
 * give NaN), but the composition in logSumExp gives 0, its rules scaling cotangents with mulNoNan. Inputs
 * (x, m), m the maxima over the axes (kept): the value is 0 (added to the result, so no value changes a bit);
 * the rule sends NaN·ḡ to x in those rows and exactly 0 elsewhere (a zero ḡ stays 0, as in every rule).
 */
const allNegInfPrim: Primitive<null> = {
  name: 'logSumExpAllNegInf',
  impl: ([x, m]) => zeros(need(m).shape, { dtype: need(x).dtype }),
  vjp: (g, { inputs: [x, m] }) => {
    const cm = concrete(need(m));
    const mask = where(
      constantBinary('equal', cm, scalarOf(-Infinity, cm.dtype)),
      scalarOf(NaN, cm.dtype),
      scalarOf(0, cm.dtype),
    );
    return [broadcastTo(mulNoNan(g, mask), need(x).shape), null];
  },
  // Both made whole batches: the rule broadcasts a cotangent of m's shape to x's.
  batch: ({ args: [x, m], dims: [dx, dm], size, prim }) => [
    bind(prim, [materialized(need(x), dx ?? null, size), materialized(need(m), dm ?? null, size)], null),
    0,
  ],
};

/**
 * logSumExp(x, {axis, keepdims}) = ln Σ eˣ over the axes, computed as m + ln Σ e^(x − m) with m the
 * (non-differentiated) maximum, so ±1000 stays finite. ∂/∂x = softmax(x) over the axes; where every element
 * reduced is −∞ the value is −∞ and the derivative softmax's 0/0 = NaN (as PyTorch and JAX). Over an empty
 * axis the value is −∞ (ln 0).
 */
export const logSumExp = (x: TensorLike, options: AxisOptions = {}): Tensor => {
  const t = lift1('logSumExp', x);
  checkAxisOptions('logSumExp', options);
  const axis = normalizeAxes('logSumExp', options.axis, t.shape.length);
  const kept = reducedShape(t.shape, axis, true);
  if (sizeOf(t.shape) === 0) {
    const empty = add(sum(t, { axis, keepdims: true }), full(kept, -Infinity, { dtype: t.dtype }));
    return options.keepdims === true ? empty : reshape(empty, reducedShape(t.shape, axis, false));
  }
  const m = stopGradient(max(t, { axis, keepdims: true }));
  const shift = where(isFinite(m), m, 0);
  const lse = add(
    add(log(sum(exp(sub(t, shift)), { axis, keepdims: true })), shift),
    bind(allNegInfPrim, [t, m], null),
  );
  return options.keepdims === true ? lse : reshape(lse, reducedShape(t.shape, axis, false));
};
