/**
 * Reductions beyond sum: mean, max, min, prod and logSumExp, all taking `{axis?, keepdims?}`.
 * Conventions: max/min share the cotangent equally among tied elements (as JAX); prod is a product tree of
 * multiplications, so its gradient is exact even where some factors are 0.
 */
import { computeBinary, computeExtremum } from '../core/compute.js';
import { normalizeAxes, reducedShape, sizeOf } from '../core/shape.js';
import { type Tensor, type TensorLike, ones } from '../core/tensor.js';
import { need } from '../autodiff/accumulate.js';
import { type Primitive, bind, concrete } from '../autodiff/tape.js';
import { stopGradient } from '../autodiff/grad.js';
import { add, div, isFinite, mul, mulNoNan, sub, where } from './arith.js';
import { concat, slice } from './layout.js';
import { lift1 } from './lift.js';
import { type AxisOptions, broadcastTo, reshape, sum, transpose } from './structural.js';
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
    const hit = computeBinary('equal', concrete(xs), concrete(reshape(out, kept)));
    const share = div(hit, sum(hit, { axis: axes, keepdims: true }));
    return [mulNoNan(broadcastTo(reshape(g, kept), xs.shape), share)];
  },
});

const maxPrim = extremum('max', 1);
const minPrim = extremum('min', -1);

const reduceWith = (prim: Primitive<ExtremumParams>, x: TensorLike, options: AxisOptions): Tensor => {
  const t = lift1(x);
  const axes = normalizeAxes(prim.name, options.axis, t.shape.length);
  return bind(prim, [t], { axes, keepdims: options.keepdims ?? false });
};

/** max(x, {axis, keepdims}) = the largest element over the axes; tied maxima share the cotangent equally. */
export const max = (x: TensorLike, options: AxisOptions = {}): Tensor => reduceWith(maxPrim, x, options);

/** min(x, {axis, keepdims}) = the smallest element over the axes; tied minima share the cotangent equally. */
export const min = (x: TensorLike, options: AxisOptions = {}): Tensor => reduceWith(minPrim, x, options);

/** mean(x, {axis, keepdims}) = Σ x / n over the axes, n the number of elements reduced. */
export const mean = (x: TensorLike, options: AxisOptions = {}): Tensor => {
  const t = lift1(x);
  const axes = normalizeAxes('mean', options.axis, t.shape.length);
  const n = sizeOf(axes.map((a) => t.shape[a] ?? 1));
  return mul(sum(t, options), 1 / n);
};

/**
 * prod(x, {axis, keepdims}) = ∏ x over the axes. Computed as a balanced tree of pairwise products, so that
 * ∂/∂xᵢ = ∏_{j≠i} xⱼ holds exactly even when other factors are 0.
 */
export const prod = (x: TensorLike, options: AxisOptions = {}): Tensor => {
  const t = lift1(x);
  const rank = t.shape.length;
  const axes = normalizeAxes('prod', options.axis, rank);
  const rest = Array.from({ length: rank }, (_, i) => i).filter((i) => !axes.includes(i));
  const outShape = reducedShape(t.shape, axes, options.keepdims ?? false);
  const outer = sizeOf(rest.map((i) => t.shape[i] ?? 1));
  let level = reshape(transpose(t, [...rest, ...axes]), [outer, sizeOf(axes.map((a) => t.shape[a] ?? 1))]);
  while ((level.shape[1] ?? 1) !== 1) {
    const n = level.shape[1] ?? 1;
    if (n === 0) return reshape(ones(outShape, { dtype: t.dtype }), outShape);
    const padded = n % 2 === 1 ? concat([level, ones([outer, 1], { dtype: t.dtype })], 1) : level;
    const pairs = reshape(padded, [outer, (n + (n % 2)) / 2, 2]);
    const half = pairs.shape[1] ?? 1;
    level = mul(reshape(slice(pairs, [0, 0, 0], [outer, half, 1]), [outer, half]), reshape(slice(pairs, [0, 0, 1], [outer, half, 1]), [outer, half]));
  }
  return reshape(level, outShape);
};

/**
 * logSumExp(x, {axis, keepdims}) = ln Σ eˣ over the axes, computed as m + ln Σ e^(x − m) with m the
 * (non-differentiated) maximum, so ±1000 stays finite. ∂/∂x = softmax(x) over the axes.
 */
export const logSumExp = (x: TensorLike, options: AxisOptions = {}): Tensor => {
  const t = lift1(x);
  const axis = normalizeAxes('logSumExp', options.axis, t.shape.length);
  const m = stopGradient(max(t, { axis, keepdims: true }));
  const shift = where(isFinite(m), m, 0);
  const lse = add(log(sum(exp(sub(t, shift)), { axis, keepdims: true })), shift);
  return options.keepdims === true ? lse : reshape(lse, reducedShape(t.shape, axis, false));
};
