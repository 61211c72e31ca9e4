/**
 * Whole derivatives: Jacobians by reverse mode (the pullback mapped by vmap over the output basis) and by
 * forward mode (the Jacobian-vector product mapped over the input basis), Hessians, and Hessian-vector products
 * that never form the Hessian. All over parameter trees; a Jacobian block ∂y/∂xᵢ has shape
 * [...y.shape, ...xᵢ.shape].
 */
import { elementAt as numberAt } from '../core/invariant.js';
import type { DType } from '../core/dtype.js';
import { ShapeError, showShape, sizeOf } from '../core/shape.js';
import { type Tensor, type TensorLike, eye, fromData, zeros } from '../core/tensor.js';
import { reshape } from '../ops/structural.js';
import { vmap } from '../vmap/vmap.js';
import { cast } from './accumulate.js';
import {
  type Accepts,
  type Leaf,
  type Like,
  type Outer,
  type Tensors,
  leaves,
  outerTree,
  unflatten,
  unflattenTensors,
} from '../core/tree.js';
import { checkFunction, checkOptions, matchLeaves } from './arguments.js';
import { type GradOptions, traceVjp } from './grad.js';
import { flatten, jvpFlat } from './jvp.js';

type FlatFn = (xs: readonly Tensor[]) => readonly Tensor[];

/** The dtype of a Jacobian block ∂y/∂x: the wider of the two. */
const blockDType = (y: Tensor, x: Tensor): DType =>
  y.dtype === 'float64' || x.dtype === 'float64' ? 'float64' : 'float32';

/** The n one-hot tensors of like's shape and dtype, stacked: [n, ...like.shape] with a 1 at (k, flat k). */
const basisBatch = (like: Tensor): Tensor => {
  const n = sizeOf(like.shape);
  return reshape(eye(n, n, { dtype: like.dtype }), [n, ...like.shape]);
};

/** Zeros of x's shape and dtype. */
const zerosOf = (x: Tensor): Tensor => zeros(x.shape, { dtype: x.dtype });

/**
 * Reverse-mode Jacobian of a flat function: f traced once, then its pullback mapped by vmap over the one-hot
 * cotangents of each output (one batched pass per output leaf instead of one pass per output element).
 */
export const jacrevFlat = (
  fFlat: FlatFn,
  xs: readonly Tensor[],
  options: GradOptions = {},
  op = 'jacrev',
): Tensor[][] => {
  const { value: ys, pull } = traceVjp(op, fFlat, xs, options);
  return ys.map((y, o) => {
    const shapeOf = (x: Tensor): number[] => [...y.shape, ...x.shape];
    if (sizeOf(y.shape) === 0) return xs.map((x) => zeros(shapeOf(x), { dtype: blockDType(y, x) }));
    const rows = vmap((u: Tensor) => pull(ys.map((z, q) => (q === o ? u : zerosOf(z)))))(basisBatch(y));
    return xs.map((x, i) => reshape(cast(elementAt(rows, i), blockDType(y, x)), shapeOf(x)));
  });
};

/**
 * Forward-mode Jacobian of a flat function: f linearised once (its pullback, and the pullback's transpose
 * v ↦ J·v), then v ↦ J·v mapped by vmap over the one-hot tangents of each input (one batched pass per input
 * leaf instead of one per input element); the batch axis goes last, so each block reads [...y.shape, ...x.shape].
 */
export const jacfwdFlat = (
  fFlat: FlatFn,
  xs: readonly Tensor[],
  options: GradOptions = {},
  op = 'jacfwd',
): Tensor[][] => {
  const first = traceVjp(op, fFlat, xs, options);
  const ys = first.value;
  const second = traceVjp(op, (us: readonly Tensor[]) => first.pull(us), ys.map(zerosOf), options);
  const columns = xs.map((x, i) => {
    if (sizeOf(x.shape) === 0) return null;
    return vmap((v: Tensor) => second.pull(xs.map((z, j) => (j === i ? v : zerosOf(z)))), { outAxes: -1 })(
      basisBatch(x),
    );
  });
  return ys.map((y, o) =>
    xs.map((x, i) => {
      const shape = [...y.shape, ...x.shape];
      const col = columns[i];
      return col === null || col === undefined
        ? zeros(shape, { dtype: blockDType(y, x) })
        : reshape(cast(elementAt(col, o), blockDType(y, x)), shape);
    }),
  );
};

/** The output leaves of a function a Jacobian is taken of, which must be one tensor (or number). */
const single = (op: string, ys: readonly Tensor[]): Tensor[] => {
  if (ys.length !== 1)
    throw new ShapeError(op, `the function must return one tensor, got a tree of ${ys.length} leaves`);
  return [...ys];
};

/** jacobian over a tree input for a tensor-valued f, by the given flat method (f and options checked once). */
const jacobianWith =
  (op: string, method: (fFlat: FlatFn, xs: readonly Tensor[], options: GradOptions, op: string) => Tensor[][]) =>
  <T>(f: (x: T) => TensorLike, options?: GradOptions) => {
    checkFunction(op, f);
    checkOptions(op, options);
    return <P extends Accepts<T>>(x: P): Tensors<P> => {
      const { xs, fFlat } = flatten(f, x, op);
      const jac = method((v) => single(op, fFlat(v)), xs, options ?? {}, op);
      return unflattenTensors(x, jac[0] ?? []);
    };
  };

/** The entry at an index the caller's construction guarantees. */
const elementAt = <T>(xs: readonly T[], i: number): T => {
  const x = xs[i];
  if (x === undefined) throw new Error(`internal: no entry ${i} among ${xs.length}`);
  return x;
};

/**
 * jacrev(f)(x): the Jacobian of a tensor-valued f by reverse mode (one pullback, vmapped over the outputs): a tree
 * like x whose leaf for xᵢ is ∂f/∂xᵢ with shape [...f(x).shape, ...xᵢ.shape]. Best when f has few outputs.
 * @example jacrev((x: Tensor) => mul(x, x))(tensor([1, 2])) // [[2, 0], [0, 4]]
 */
export const jacrev = jacobianWith('jacrev', jacrevFlat);

/**
 * jacfwd(f)(x): the same Jacobian by forward mode (one JVP, vmapped over the input elements). Best when x is small.
 * @example jacfwd((x: Tensor) => sin(x))(tensor([0, 1])) // diag(cos 0, cos 1)
 */
export const jacfwd = jacobianWith('jacfwd', jacfwdFlat);

/** jacobian(f) = jacrev(f). */
export const jacobian = jacrev;

/** The flat gradient function of a scalar-valued flat function: xs ↦ ∇f(xs). */
const gradFlat =
  (op: string, fFlat: FlatFn, options: GradOptions): FlatFn =>
  (xs) => {
    const { value: ys, pull: pullback } = traceVjp(op, fFlat, xs, options);
    const y = ys[0];
    if (y === undefined || sizeOf(y.shape) !== 1 || ys.length !== 1) {
      throw new ShapeError(op, `the function must return a scalar (size 1), got shape ${showShape(y?.shape ?? [])}`);
    }
    return pullback([fromData(y.shape, y.dtype === 'float64' ? Float64Array.of(1) : Float32Array.of(1))]);
  };

/**
 * hessian(f)(x) = ∇²f(x) for a scalar-valued f, by forward-over-reverse. For a tensor x of n elements the
 * result is one tensor of shape [...x.shape, ...x.shape] (n×n for a vector); for a tree x it is a tree of
 * blocks: at the leaf for xᵢ, a tree like x whose leaf for xⱼ is ∂²f/∂xᵢ∂xⱼ.
 * @example hessian((x: Tensor) => sum(mul(x, mul(x, x))))(tensor([1, 2])) // [[6, 0], [0, 12]]
 */
export const hessian = <T>(f: (x: T) => TensorLike, options?: GradOptions) => {
  checkFunction('hessian', f);
  checkOptions('hessian', options);
  const tapeOptions = options ?? {};
  return <P extends Accepts<T>>(x: P): Outer<P, P> => {
    const { xs, fFlat } = flatten(f, x, 'hessian');
    const h = jacfwdFlat(
      gradFlat('hessian', (v) => single('hessian', fFlat(v)), tapeOptions),
      xs,
      tapeOptions,
      'hessian',
    );
    return outerTree(
      x,
      h.map((row) => unflattenTensors(x, row)),
    );
  };
};

const vectorRoles = { op: 'hvp', what: 'vector', against: 'an argument' };

/**
 * hvp(f, x, v) = ∇²f(x)·v for a scalar-valued f: the Hessian-vector product by forward-over-reverse, in
 * O(1) passes, without forming the Hessian. v and the result are shaped like x.
 * @example hvp((x: Tensor) => sum(mul(x, mul(x, x))), tensor([1, 2]), tensor([1, 0])) // [6, 0]
 */
export const hvp = <T, P extends Accepts<T>>(
  f: (x: T) => TensorLike,
  x: P,
  v: Like<P>,
  options?: GradOptions,
): Like<P> => {
  checkFunction('hvp', f);
  checkOptions('hvp', options);
  const { xs, fFlat } = flatten(f, x, 'hvp');
  const vs = matchLeaves(vectorRoles, x, v);
  const tapeOptions = options ?? {};
  const [, hv] = jvpFlat(
    gradFlat('hvp', (z) => single('hvp', fFlat(z)), tapeOptions),
    xs,
    vs,
    tapeOptions,
    'hvp',
  );
  const kinds = leaves(x);
  return unflatten(
    x,
    hv.map((t, i): Leaf => (typeof kinds[i] === 'number' ? numberAt(t.data, 0) : t)),
  );
};
