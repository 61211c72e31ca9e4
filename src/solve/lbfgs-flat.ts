/**
 * Parameter trees as one float64 vector, for the solvers: the leaves (numbers and tensors) are read in `leaves`
 * order into a Float64Array and written back into the same tree. float32 leaves are widened on the way in and
 * rounded on the way out; everything between is float64. The small vector algebra the solvers need (dot
 * products, norms, x + t·d) sums in index order, so results do not depend on anything but the numbers.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { ShapeError, showShape } from '../core/shape.js';
import { type Leaf, leafPaths, leaves } from '../core/tree.js';
import { type Tensor, fromData, isTensor } from '../core/tensor.js';
import { treeMapLeaves } from '../optim/tree-math.js';

/** The number of elements of one leaf (1 for a number). */
const leafSize = (l: Leaf): number => (typeof l === 'number' ? 1 : l.data.length);

/** The leaves of `params` and their total size, checked to be a tree (an ArgumentError names `where`). */
export interface Layout {
  /** The parameters' leaves, in `leaves` order. */
  readonly leaves: readonly Leaf[];
  /** The number of elements of each leaf. */
  readonly sizes: readonly number[];
  /** Σ sizes: the length of the flat vector. */
  readonly size: number;
}

/** The layout of a parameter tree; a value that is not a tree is an ArgumentError naming `where`. */
export const layoutOf = (where: string, params: unknown): Layout => {
  const ls = leaves(params, where);
  const sizes = ls.map(leafSize);
  return { leaves: ls, sizes, size: sizes.reduce((a, b) => a + b, 0) };
};

/** The leaves as one Float64Array, in `leaves` order (float32 values widened exactly). */
export const flatten = (ls: readonly Leaf[], size: number): Float64Array => {
  const out = new Float64Array(size);
  let o = 0;
  for (const l of ls) {
    if (typeof l === 'number') out[o++] = l;
    else {
      out.set(l.data, o);
      o += l.data.length;
    }
  }
  return out;
};

/**
 * The tree of `params`' structure whose leaves hold x's elements in order: a number leaf gets a number, a tensor
 * leaf a tensor of its shape and dtype (float32 leaves rounded from x's float64 values).
 */
export const unflattenInto = <P>(params: P, x: Float64Array): P => {
  let o = 0;
  return treeMapLeaves(params, (l) => {
    if (typeof l === 'number') return x[o++] ?? NaN;
    const n = l.data.length;
    const part = x.subarray(o, o + n);
    o += n;
    return fromData(l.shape, l.dtype === 'float64' ? Float64Array.from(part) : Float32Array.from(part));
  });
};

/**
 * The gradient tree `grads` as one Float64Array laid out like the parameters: the same number of leaves and,
 * leaf by leaf, the same number of elements; otherwise a ShapeError naming `where` and the path.
 */
export const flattenGradient = (where: string, grads: unknown, layout: Layout, params: unknown): Float64Array => {
  const gs = leaves(grads, where);
  if (gs.length !== layout.leaves.length) {
    throw new ShapeError(
      where,
      `the gradient has ${gs.length} leaves where the parameters have ${layout.leaves.length}`,
    );
  }
  gs.forEach((g, i) => {
    const want = layout.sizes[i] ?? 0;
    if (leafSize(g) !== want) {
      const path = leafPaths(params)[i] ?? '';
      const shown = typeof g === 'number' ? 'a number' : `shape ${showShape(g.shape)}`;
      throw new ShapeError(
        where,
        `the gradient at ${path || 'the root'} has ${shown} (${leafSize(g)} elements) where the parameter has ${want}`,
      );
    }
  });
  return flatten(gs, layout.size);
};

/** The number a loss function returned: a number or a size-1 tensor; else an ArgumentError or a ShapeError. */
export const lossNumber = (where: string, v: unknown): number => {
  if (typeof v === 'number') return v;
  if (!isTensor(v)) throw new ArgumentError(where, `the loss is ${describeValue(v)}, not a number or a tensor`);
  const t: Tensor = v;
  if (t.data.length !== 1)
    throw new ShapeError(where, `the loss must be a scalar (size 1), got shape ${showShape(t.shape)}`);
  return t.data[0] ?? NaN;
};

/** a · b = Σᵢ aᵢbᵢ, summed in index order. */
export const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? NaN) * (b[i] ?? NaN);
  return s;
};

/** maxᵢ |aᵢ| (0 for an empty vector; NaN when an element is NaN). */
export const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i] ?? NaN);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
};

/** Σᵢ |aᵢ|, in index order. */
export const sumAbs = (a: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] ?? NaN);
  return s;
};

/** x + t·d, a new vector. */
export const axpy = (x: Float64Array, t: number, d: Float64Array): Float64Array => {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] ?? NaN) + t * (d[i] ?? NaN);
  return out;
};

/** True when every element is finite. */
export const allFinite = (a: Float64Array): boolean => {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i] ?? NaN)) return false;
  return true;
};
