/**
 * The public boundary of the differentiation functions: their options, the function they differentiate, the
 * leaves of a parameter tree, and a tangent or cotangent tree matched to the tree it belongs to by key and
 * index (never by position in a list of leaves), each mistake reported with the function's name and the path.
 */
import { ArgumentError, DTypeError, GradfoldError, describeValue } from '../core/errors.js';
import { type KeySet, refuseUnknownKeys } from '../core/options.js';
import { ShapeError, shapeEqual, showShape } from '../core/shape.js';
import { type Tensor, asTensor, isTensor } from '../core/tensor.js';
import { type Leaf, leaves } from '../core/tree.js';
import { childPath, firstFault } from '../core/tree-faults.js';
import type { TapeOptions } from './tape.js';

/** The options every differentiation call takes (those of its tape). */
const tapeKeys: KeySet<TapeOptions> = { debugNans: true };
/** The options of grad and vjp. */
const argnumsKeys: KeySet<TapeOptions & { readonly argnums?: unknown }> = { debugNans: true, argnums: true };
/** The options of valueAndGrad. */
const auxKeys: KeySet<TapeOptions & { readonly hasAux?: boolean; readonly argnums?: unknown }> = {
  debugNans: true,
  hasAux: true,
  argnums: true,
};

/** Which options a differentiation call knows: the tape's; grad's and vjp's (argnums); valueAndGrad's (hasAux). */
export type OptionKinds = 'tape' | 'argnums' | 'aux';

const keysOf = { tape: tapeKeys, argnums: argnumsKeys, aux: auxKeys };

/** Refuses an f that is not a function (before anything calls it). */
export const checkFunction = (op: string, f: unknown): void => {
  if (typeof f !== 'function') throw new ArgumentError(op, `f is ${describeValue(f)}, not a function`);
};

/**
 * Refuses options that are not an object, a key the call does not know (naming the nearest: `grad: unknown
 * option "debugNan" (did you mean "debugNans"?)`), or a flag that is not a boolean. `kinds` says which keys the
 * call knows besides `debugNans`: `argnums` (grad, vjp), and `hasAux` too (valueAndGrad). Undefined (no options)
 * passes at no cost. The argnums' values are checked by `checkArgnums`.
 */
export const checkOptions = (op: string, options: unknown, kinds: OptionKinds = 'tape'): void => {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(op, `options is ${describeValue(options)}, not an object`);
  }
  refuseUnknownKeys(op, options, keysOf[kinds]);
  for (const key of ['debugNans', 'hasAux']) {
    const v: unknown = Reflect.get(options, key);
    if (v !== undefined && typeof v !== 'boolean')
      throw new ArgumentError(op, `option ${key} must be a boolean, got ${describeValue(v)}`);
  }
};

const at = (path: string): string => (path === '' ? '' : ` at ${path}`);

const isNode = (x: unknown): x is object => typeof x === 'object' && x !== null && !isTensor(x);

/**
 * The first position of `tree` that is not a leaf (number or tensor), an array or a record, or that closes a
 * cycle, as an ArgumentError; null when there is none (core's iterative `firstFault`, any depth).
 */
const faultOf = (op: string, what: string, tree: unknown): ArgumentError | null => {
  const fault = firstFault(tree);
  if (fault === undefined) return null;
  return fault.cycle
    ? new ArgumentError(op, `the ${what}${at(fault.path)} is one of its own enclosing arrays or records (a cycle)`)
    : new ArgumentError(op, `the ${what}${at(fault.path)} is ${describeValue(fault.value)}, not a tensor or number`);
};

/**
 * What a failed walk over a tree without a fault of its own means: the tree is nested too deeply for the
 * recursive walks (a stack overflow, or the walk's own depth limit), as an ArgumentError; e itself otherwise.
 */
const tooDeep = (op: string, what: string, e: unknown): unknown =>
  e instanceof RangeError || e instanceof GradfoldError
    ? new ArgumentError(op, `the ${what} is nested too deeply for a tree walk`)
    : e;

/**
 * The leaves of `tree` (see `leaves`), or an ArgumentError naming `op` and the path of the first value that
 * is not a tensor, a number, an array or a record (`grad: the argument at .w is "1", not a tensor or number`),
 * or that closes a cycle. The tree is walked once, as before; only a failed walk is walked again for the path.
 */
export const checkedLeaves = (op: string, what: string, tree: unknown): Leaf[] => {
  try {
    return leaves(tree); // no closure here: this runs on every grad call
  } catch (e) {
    throw faultOf(op, what, tree) ?? tooDeep(op, what, e);
  }
};

/** walk(), a walk over `tree`; when it throws, the ArgumentError naming the first fault of the tree instead. */
export const checkedWalk = <R>(op: string, what: string, tree: unknown, walk: () => R): R => {
  try {
    return walk();
  } catch (e) {
    throw faultOf(op, what, tree) ?? tooDeep(op, what, e);
  }
};

/** Names for messages: what is matched (`tangent`) and what it is matched to (`primal`). */
export interface Roles {
  readonly op: string;
  /** What the tree given is: 'tangent', 'cotangent', 'vector'. */
  readonly what: string;
  /** What it must be shaped like, with its article: 'a primal', 'an output'. */
  readonly against: string;
}

/**
 * The leaves of `tree`, a tangent or cotangent for `structure`, in the order of `leaves(structure)`, each as a
 * tensor of the structure leaf's dtype and shape (a number becomes one). Matched by key and index: records
 * must have the same keys (in any order), arrays the same lengths; a leaf is a number or a tensor of the
 * structure leaf's shape and dtype. Every mismatch names `op` and the path (ShapeError for structure and
 * shape, DTypeError for dtype, ArgumentError for a value that is no leaf).
 */
export const matchLeaves = (roles: Roles, structure: unknown, tree: unknown): Tensor[] => {
  const out: Tensor[] = [];
  match(roles, structure, tree, '', out);
  return out;
};

function match(roles: Roles, s: unknown, t: unknown, path: string, out: Tensor[]): void {
  const { op, what, against } = roles;
  if (typeof s === 'number' || isTensor(s)) {
    if (typeof t !== 'number' && !isTensor(t))
      throw new ArgumentError(op, `the ${what}${at(path)} is ${describeValue(t)}, not a tensor or number`);
    const dtype = typeof s === 'number' ? 'float64' : s.dtype;
    const shape = typeof s === 'number' ? [] : s.shape;
    if (typeof t !== 'number' && t.dtype !== dtype) {
      throw new DTypeError(
        op,
        `${what} of dtype ${describeValue(t.dtype)} for ${against} of dtype ${dtype}${at(path)}`,
      );
    }
    const v = asTensor(t, dtype);
    if (!shapeEqual(v.shape, shape))
      throw new ShapeError(
        op,
        `${what} of shape ${showShape(v.shape)} for ${against} of shape ${showShape(shape)}${at(path)}`,
      );
    out.push(v);
    return;
  }
  const name = against.replace(/^an? /, '');
  if (Array.isArray(s)) {
    if (!Array.isArray(t))
      throw new ShapeError(
        op,
        `the ${what}${at(path)} is ${describeValue(t)}, where the ${name} has an array of length ${s.length}`,
      );
    if (t.length !== s.length)
      throw new ShapeError(
        op,
        `the ${what}${at(path)} is an array of length ${t.length}, the ${name}'s has length ${s.length}`,
      );
    s.forEach((c: unknown, i) => match(roles, c, t[i], childPath(path, i), out));
    return;
  }
  if (!isNode(s)) throw new Error(`internal: ${op} matched against a structure that is not a tree`);
  if (!isNode(t) || Array.isArray(t))
    throw new ShapeError(op, `the ${what}${at(path)} is ${describeValue(t)}, where the ${name} has a record`);
  for (const k in s)
    if (!(k in t)) throw new ShapeError(op, `the ${what} lacks ${childPath(path, k)}, which the ${name} has`);
  for (const k in t)
    if (!(k in s)) throw new ShapeError(op, `the ${what} has ${childPath(path, k)}, which the ${name} lacks`);
  for (const k in s) match(roles, Reflect.get(s, k), Reflect.get(t, k), childPath(path, k), out);
}
