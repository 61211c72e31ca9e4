/**
 * A parameter tree as one float64 vector and back, and the loss as a function of that vector: the solvers of
 * `minimize` work on `Float64Array`s x ∈ ℝⁿ (n = the number of elements of all leaves, in `leaves` order) and
 * never see the tree. Each leaf keeps its own shape and dtype when the loss is called (a float32 leaf is
 * evaluated in float32); the solvers' arithmetic is float64 throughout.
 */
import { valueAndGrad } from '../autodiff/grad.js';
import { hvp } from '../autodiff/jacobian.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { ShapeError, showShape, sizeOf } from '../core/shape.js';
import { type Tensor, type TensorLike, fromData, isTensor } from '../core/tensor.js';
import { type Accepts, type Leaf, type Like, leaves, unflatten, withTensorLeaves } from '../core/tree.js';

/** Where one leaf lives in the flat vector: its offset, its number of elements, and its kind. */
export interface LeafSlot {
  /** The index of the leaf's first element in x. */
  readonly offset: number;
  /** Its number of elements (1 for a number leaf). */
  readonly size: number;
  /** Its shape (`[]` for a number leaf). */
  readonly shape: readonly number[];
  /** 'number' for a plain number leaf, else the tensor's dtype. */
  readonly kind: 'number' | 'float64' | 'float32';
}

/** The loss and its gradient at one point x. */
export interface Evaluation {
  /** f(x). */
  readonly f: number;
  /** ∇f(x), a fresh vector of length n. */
  readonly g: Float64Array;
}

/** The flat view of a loss over a parameter tree. */
export interface FlatProblem<P> {
  /** n, the number of scalar parameters. */
  readonly n: number;
  /** The slot of every leaf, in `leaves` order. */
  readonly slots: readonly LeafSlot[];
  /** x₀: the initial parameters as one vector. */
  readonly x0: Float64Array;
  /** [f(x), ∇f(x)] by gradfold's valueAndGrad (one forward and one backward pass). */
  readonly evaluate: (x: Float64Array) => Evaluation;
  /** ∇²f(x)·v by gradfold's hvp (forward-over-reverse; the Hessian is never formed). */
  readonly hessVec: (x: Float64Array, v: Float64Array) => Float64Array;
  /** The tree of the parameters' structure whose leaves hold x (numbers stay numbers, tensors keep shape and dtype). */
  readonly toTree: (x: Float64Array) => Like<P>;
}

/** The slots of the leaves of a tree (an ArgumentError naming `where` for a leaf that is not a number or tensor). */
export const slotsOf = (where: string, tree: unknown): LeafSlot[] => {
  let offset = 0;
  return leaves(tree, where).map((l) => {
    const slot: LeafSlot =
      typeof l === 'number'
        ? { offset, size: 1, shape: [], kind: 'number' }
        : { offset, size: sizeOf(l.shape), shape: l.shape, kind: l.dtype };
    offset += slot.size;
    return slot;
  });
};

/** The number of elements of all slots. */
const totalSize = (slots: readonly LeafSlot[]): number => slots.reduce((n, s) => n + s.size, 0);

/** Copies a leaf's elements into x at its slot. */
const writeLeaf = (x: Float64Array, slot: LeafSlot, leaf: Leaf): void => {
  if (typeof leaf === 'number') x[slot.offset] = leaf;
  else x.set(leaf.data, slot.offset);
};

/** The vector of a tree's leaves (laid out as `slots`). */
export const flattenLeaves = (slots: readonly LeafSlot[], ls: readonly Leaf[]): Float64Array => {
  const x = new Float64Array(totalSize(slots));
  slots.forEach((slot, i) => {
    const leaf = ls[i];
    if (leaf === undefined) throw new Error('internal: fewer leaves than slots');
    writeLeaf(x, slot, leaf);
  });
  return x;
};

/** The tensor of one slot's elements of x, in the slot's dtype (a rank-0 tensor for a number leaf). */
const tensorAt = (x: Float64Array, slot: LeafSlot): Tensor => {
  const part = x.subarray(slot.offset, slot.offset + slot.size);
  return fromData(slot.shape, slot.kind === 'float32' ? Float32Array.from(part) : Float64Array.from(part));
};

/** The leaf of one slot: a number for a number leaf, else a tensor. */
const leafAt = (x: Float64Array, slot: LeafSlot): Leaf =>
  slot.kind === 'number' ? (x[slot.offset] ?? NaN) : tensorAt(x, slot);

/** The loss's value as a number, or a ShapeError when it is not a scalar. */
const scalarValue = (where: string, t: Tensor): number => {
  if (sizeOf(t.shape) !== 1)
    throw new ShapeError(where, `the loss must return a scalar (size 1), got shape ${showShape(t.shape)}`);
  return t.data[0] ?? NaN;
};

/**
 * flatProblem(where, loss, params): the flat view of `loss` at the structure of `params`. The gradient and the
 * Hessian-vector product come from gradfold (valueAndGrad, hvp) on the loss as a function of the list of leaf tensors.
 */
export const flatProblem = <T, P extends Accepts<T>>(
  where: string,
  loss: (p: T) => TensorLike,
  params: P,
): FlatProblem<P> => {
  if (typeof loss !== 'function') throw new ArgumentError(where, `loss is ${describeValue(loss)}, not a function`);
  const slots = slotsOf(where, params);
  const n = totalSize(slots);
  if (n === 0) throw new ArgumentError(where, 'params has no elements to optimize');
  const lossOfLeaves = (ts: readonly Tensor[]): TensorLike => {
    const value: unknown = loss(withTensorLeaves<T>(params, ts));
    if (!isTensor(value) && typeof value !== 'number')
      throw new ArgumentError(where, `the loss returned ${describeValue(value)}, not a scalar tensor or a number`);
    if (isTensor(value)) scalarValue(where, value);
    return value;
  };
  const vg = valueAndGrad(lossOfLeaves);
  const toLeaves = (x: Float64Array): Tensor[] => slots.map((s) => tensorAt(x, s));
  const flatOf = (ts: readonly Tensor[]): Float64Array => flattenLeaves(slots, ts);
  return {
    n,
    slots,
    x0: flattenLeaves(slots, leaves(params, where)),
    evaluate: (x) => {
      const [value, g] = vg(toLeaves(x));
      return { f: scalarValue(where, value), g: flatOf(g) };
    },
    hessVec: (x, v) => flatOf(hvp(lossOfLeaves, toLeaves(x), toLeaves(v))),
    toTree: (x) =>
      unflatten(
        params,
        slots.map((s) => leafAt(x, s)),
      ),
  };
};
