/**
 * Box bounds lᵢ ≤ xᵢ ≤ uᵢ for `minimize`: given as trees like the parameters (or a number for a whole subtree),
 * checked and laid out as two float64 vectors, and the projection P(x) = min(max(x, l), u) onto the box.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { shapeEqual, showShape } from '../core/shape.js';
import { type Tensor, isTensor } from '../core/tensor.js';
import { type Leaf, isLeaf } from '../core/tree.js';
import { childPath } from '../core/tree-faults.js';
import type { LeafSlot } from './flat.js';

/**
 * A bound for the parameters P: a number (the same bound for every element below it), or a tree of P's structure
 * whose leaves are numbers or tensors of the parameter's shape. −∞ / +∞ mean "no bound".
 */
export type BoundTree<P> = number | (P extends Leaf ? Leaf : { readonly [K in keyof P]: BoundTree<P[K]> });

/** Box bounds on the parameters: `lower` ≤ x ≤ `upper`, elementwise; either may be left out. */
export interface Bounds<P> {
  /** l: the lower bounds (default −∞ everywhere). */
  readonly lower?: BoundTree<P>;
  /** u: the upper bounds (default +∞ everywhere); l ≤ u is required. */
  readonly upper?: BoundTree<P>;
}

/** The bounds as vectors (−∞ / +∞ where there is none). */
export interface Box {
  /** l. */
  readonly lower: Float64Array;
  /** u. */
  readonly upper: Float64Array;
}

const isRecord = (x: unknown): x is Readonly<Record<string, unknown>> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !isTensor(x);

const show = (path: string): string => (path === '' ? '' : ` at ${path}`);

/** Fills `out` with one bound tree laid over the parameter tree; returns the next leaf index. */
const fill = (
  where: string,
  what: string,
  bound: unknown,
  param: unknown,
  path: string,
  slots: readonly LeafSlot[],
  index: number,
  out: Float64Array,
): number => {
  const count = countLeaves(param);
  if (typeof bound === 'number') {
    for (let i = index; i < index + count; i++) {
      const slot = slots[i];
      if (slot !== undefined) out.fill(bound, slot.offset, slot.offset + slot.size);
    }
    return index + count;
  }
  if (isLeaf(param)) {
    const slot = slots[index];
    if (slot === undefined) throw new Error('internal: bounds walked past the last leaf');
    if (!isTensor(bound))
      throw new ArgumentError(where, `${what}${show(path)} is ${describeValue(bound)}, not a number or a tensor`);
    if (!shapeEqual(bound.shape, slot.shape)) {
      throw new ArgumentError(
        where,
        `${what}${show(path)} has shape ${showShape(bound.shape)} where the parameter has ${showShape(slot.shape)}`,
      );
    }
    out.set(boundData(bound), slot.offset);
    return index + 1;
  }
  if (Array.isArray(param)) {
    if (!Array.isArray(bound) || bound.length !== param.length) {
      throw new ArgumentError(
        where,
        `${what}${show(path)} is ${describeValue(bound)}, ` +
          `not a number or an array of length ${param.length} like the parameters`,
      );
    }
    let i = index;
    param.forEach((p: unknown, k) => {
      i = fill(where, what, bound[k], p, childPath(path, k), slots, i, out);
    });
    return i;
  }
  if (!isRecord(param)) throw new Error('internal: a parameter node that is neither a leaf, an array nor a record');
  if (!isRecord(bound))
    throw new ArgumentError(
      where,
      `${what}${show(path)} is ${describeValue(bound)}, not a number or a record like the parameters`,
    );
  for (const k of Object.keys(bound)) {
    if (!(k in param))
      throw new ArgumentError(where, `${what} has the key ${childPath(path, k)} that the parameters do not have`);
  }
  let i = index;
  for (const k in param) {
    if (!(k in bound))
      throw new ArgumentError(
        where,
        `${what} lacks the key ${childPath(path, k)} (give a number or -Infinity / Infinity for no bound)`,
      );
    i = fill(where, what, bound[k], param[k], childPath(path, k), slots, i, out);
  }
  return i;
};

const boundData = (t: Tensor): Float64Array => Float64Array.from(t.data);

/** The number of leaves of a (checked) parameter tree. */
const countLeaves = (node: unknown): number => {
  if (isLeaf(node)) return 1;
  if (Array.isArray(node)) return node.reduce<number>((n, c: unknown) => n + countLeaves(c), 0);
  if (isRecord(node)) return Object.values(node).reduce<number>((n, c) => n + countLeaves(c), 0);
  return 0;
};

/**
 * checkBounds(where, bounds, params, slots): the bounds as two vectors, or an ArgumentError for a bound tree that
 * does not fit the parameters, a NaN, a lower bound of +∞, an upper bound of −∞, or lᵢ > uᵢ (naming the element).
 */
export const checkBounds = (
  where: string,
  bounds: unknown,
  params: unknown,
  slots: readonly LeafSlot[],
  n: number,
): Box => {
  if (!isRecord(bounds))
    throw new ArgumentError(where, `bounds must be an object {lower?, upper?}, got ${describeValue(bounds)}`);
  for (const k of Object.keys(bounds)) {
    if (k !== 'lower' && k !== 'upper')
      throw new ArgumentError(where, `unknown key "${k}" in bounds (valid keys: lower, upper)`);
  }
  const lower = new Float64Array(n).fill(-Infinity);
  const upper = new Float64Array(n).fill(Infinity);
  if (bounds['lower'] !== undefined) fill(where, 'bounds.lower', bounds['lower'], params, '', slots, 0, lower);
  if (bounds['upper'] !== undefined) fill(where, 'bounds.upper', bounds['upper'], params, '', slots, 0, upper);
  for (let i = 0; i < n; i++) {
    const l = lower[i] ?? NaN;
    const u = upper[i] ?? NaN;
    if (Number.isNaN(l) || l === Infinity)
      throw new ArgumentError(
        where,
        `bounds.lower element ${i} is ${l}; give a number < Infinity (-Infinity for none)`,
      );
    if (Number.isNaN(u) || u === -Infinity)
      throw new ArgumentError(
        where,
        `bounds.upper element ${i} is ${u}; give a number > -Infinity (Infinity for none)`,
      );
    if (l > u)
      throw new ArgumentError(where, `bounds: lower ${l} > upper ${u} at element ${i} of the flattened parameters`);
  }
  return { lower, upper };
};

/** P(x) = min(max(x, l), u), elementwise, into a new vector. */
export const project = (box: Box, x: Float64Array): Float64Array =>
  x.map((v, i) => Math.min(Math.max(v, box.lower[i] ?? -Infinity), box.upper[i] ?? Infinity));

/**
 * The projected gradient's ∞-norm, ‖P(x − g) − x‖∞: zero exactly at the points that satisfy the first-order
 * (KKT) conditions of the box-constrained problem; ‖g‖∞ when no bound is active.
 */
export const projectedGradientNorm = (box: Box | null, x: Float64Array, g: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    const gi = g[i] ?? 0;
    const step =
      box === null ? -gi : Math.min(Math.max(xi - gi, box.lower[i] ?? -Infinity), box.upper[i] ?? Infinity) - xi;
    m = Math.max(m, Math.abs(step));
  }
  return m;
};
