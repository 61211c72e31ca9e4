/**
 * Whole derivatives: Jacobians by reverse mode (one pullback per output element) and by forward mode (one
 * Jacobian-vector product per input element), Hessians, and Hessian-vector products that never form the
 * Hessian. All over parameter trees; a Jacobian block ∂y/∂xᵢ has shape [...y.shape, ...xᵢ.shape].
 */
import { elementAt } from '../core/invariant.js';
import { computeCast } from '../core/compute.js';
import { allocate } from '../core/dtype.js';
import { ShapeError, showShape, sizeOf } from '../core/shape.js';
import { type Tensor, type TensorLike, fromData } from '../core/tensor.js';
import { type Accepts, type Leaf, type Like, type Outer, type Tensors, leaves, outerTree, unflatten, unflattenTensors } from '../core/tree.js';
import { checkFunction, checkOptions, matchLeaves } from './arguments.js';
import { type GradOptions, traceVjp } from './grad.js';
import { flatten, jvpFlat } from './jvp.js';

type FlatFn = (xs: readonly Tensor[]) => readonly Tensor[];

/** A one-hot tensor of the given shape and dtype with a 1 at flat position k. */
const basis = (like: Tensor, k: number): Tensor => {
  const d = allocate(like.dtype, like.data.length);
  d[k] = 1;
  return fromData(like.shape, d);
};

/** Zero-filled blocks J[o][i] of shape [...ys[o].shape, ...xs[i].shape], in the wider of the two dtypes. */
const blocks = (ys: readonly Tensor[], xs: readonly Tensor[]): Tensor[][] =>
  ys.map((y) => xs.map((x) => fromData([...y.shape, ...x.shape], allocate(y.dtype === 'float64' || x.dtype === 'float64' ? 'float64' : 'float32', y.data.length * x.data.length))));

/** Reverse-mode Jacobian of a flat function: row by row, one pullback per output element. */
export const jacrevFlat = (fFlat: FlatFn, xs: readonly Tensor[], options: GradOptions = {}, op = 'jacrev'): Tensor[][] => {
  const { value: ys, pull: pullback } = traceVjp(op, fFlat, xs, options);
  const out = blocks(ys, xs);
  ys.forEach((y, o) => {
    for (let r = 0; r < y.data.length; r++) {
      const row = pullback(ys.map((z, q) => (q === o ? basis(z, r) : fromData(z.shape, allocate(z.dtype, z.data.length)))));
      row.forEach((g, i) => out[o]?.[i]?.data.set(computeCast(g, out[o]?.[i]?.dtype ?? g.dtype).data, r * g.data.length));
    }
  });
  return out;
};

/** Forward-mode Jacobian of a flat function: column by column, one JVP per input element. */
export const jacfwdFlat = (fFlat: FlatFn, xs: readonly Tensor[], options: GradOptions = {}, op = 'jacfwd'): Tensor[][] => {
  const ys = fFlat(xs);
  const out = blocks(ys, xs);
  xs.forEach((x, i) => {
    const n = x.data.length;
    for (let c = 0; c < n; c++) {
      const [, col] = jvpFlat(fFlat, xs, xs.map((z, j) => (j === i ? basis(z, c) : fromData(z.shape, allocate(z.dtype, z.data.length)))), options, op);
      col.forEach((t, o) => {
        const target = out[o]?.[i];
        if (target === undefined) return;
        for (let r = 0; r < t.data.length; r++) target.data[r * n + c] = elementAt(t.data, r);
      });
    }
  });
  return out;
};

/** The output leaves of a function a Jacobian is taken of, which must be one tensor (or number). */
const single = (op: string, ys: readonly Tensor[]): Tensor[] => {
  if (ys.length !== 1) throw new ShapeError(op, `the function must return one tensor, got a tree of ${ys.length} leaves`);
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

/**
 * jacrev(f)(x): the Jacobian of a tensor-valued f by reverse mode (one pullback per output element): a tree
 * like x whose leaf for xᵢ is ∂f/∂xᵢ with shape [...f(x).shape, ...xᵢ.shape]. Best when f has few outputs.
 * @example jacrev((x: Tensor) => mul(x, x))(tensor([1, 2])) // [[2, 0], [0, 4]]
 */
export const jacrev = jacobianWith('jacrev', jacrevFlat);

/**
 * jacfwd(f)(x): the same Jacobian by forward mode (one JVP per input element). Best when x is small.
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
 * result is one tensor of shape [...x.shape, ...x.shape] (n×n for a vector); for a tree x it is a tree of blocks: at the
 * leaf for xᵢ, a tree like x whose leaf for xⱼ is ∂²f/∂xᵢ∂xⱼ.
 * @example hessian((x: Tensor) => sum(mul(x, mul(x, x))))(tensor([1, 2])) // [[6, 0], [0, 12]]
 */
export const hessian = <T>(f: (x: T) => TensorLike, options?: GradOptions) => {
  checkFunction('hessian', f);
  checkOptions('hessian', options);
  const tapeOptions = options ?? {};
  return <P extends Accepts<T>>(x: P): Outer<P, P> => {
    const { xs, fFlat } = flatten(f, x, 'hessian');
    const h = jacfwdFlat(gradFlat('hessian', (v) => single('hessian', fFlat(v)), tapeOptions), xs, tapeOptions, 'hessian');
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
export const hvp = <T, P extends Accepts<T>>(f: (x: T) => TensorLike, x: P, v: Like<P>, options?: GradOptions): Like<P> => {
  checkFunction('hvp', f);
  checkOptions('hvp', options);
  const { xs, fFlat } = flatten(f, x, 'hvp');
  const vs = matchLeaves(vectorRoles, x, v);
  const tapeOptions = options ?? {};
  const [, hv] = jvpFlat(gradFlat('hvp', (z) => single('hvp', fFlat(z)), tapeOptions), xs, vs, tapeOptions, 'hvp');
  const kinds = leaves(x);
  return unflatten(x, hv.map((t, i): Leaf => (typeof kinds[i] === 'number' ? elementAt(t.data, 0) : t)));
};
