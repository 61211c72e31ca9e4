/**
 * Parameter trees: nested records, arrays and tuples whose leaves are tensors or plain numbers. Gradients,
 * optimizer states and updates are trees of the same structure, and their TypeScript types follow the
 * parameters' type through `Like<P>`.
 */
import { ArgumentError, describeValue } from './errors.js';
import { ShapeError } from './shape.js';
import { type Tensor, isTensor } from './tensor.js';
import { TreeFault, childPath, depthGuard, faultError } from './tree-faults.js';
import { isArray } from './is-array.js';

/** A leaf of a tree. */
export type Leaf = Tensor | number;

/** Any tree, for code that does not care about the structure's type. */
export type Tree =
  | Leaf
  | readonly Tree[]
  | {
      /** A child subtree under each key. */
      readonly [key: string]: Tree;
    };

/**
 * `P extends TreeOf<P>` accepts exactly the trees: every leaf of P is a number or a tensor. Unlike `Tree`, it
 * also accepts interfaces (which have no index signature), so users may declare their parameters as they like.
 */
export type TreeOf<P> = P extends Leaf
  ? P
  : P extends readonly unknown[]
    ? { readonly [K in keyof P]: TreeOf<P[K]> }
    : P extends (...args: never[]) => unknown
      ? never
      : P extends object
        ? { readonly [K in keyof P]: TreeOf<P[K]> }
        : never;

/** The tree of the same structure as P with numbers kept numbers and tensors kept tensors (gradients, moments). */
export type Like<P> = P extends number ? number : P extends Tensor ? Tensor : { readonly [K in keyof P]: Like<P[K]> };

/**
 * The values a function over the tensor tree T may be called with: T with every tensor leaf allowed to be a
 * plain number too. A differentiated function declares tensors for all its leaves (inside `grad` a number
 * leaf arrives as a rank-0 tensor); any other leaf type makes the function uncallable (`never`).
 */
export type Accepts<T> = T extends Tensor
  ? Tensor | number
  : T extends readonly unknown[]
    ? { readonly [K in keyof T]: Accepts<T[K]> }
    : T extends (...args: never[]) => unknown
      ? never
      : T extends object
        ? { readonly [K in keyof T]: Accepts<T[K]> }
        : never;

/** The tree of P's structure with a tensor at every leaf (what Jacobians hold, numbers included). */
export type Tensors<P> = P extends Leaf ? Tensor : { readonly [K in keyof P]: Tensors<P[K]> };

/** For each leaf of Q, a whole `Tensors<P>`: the blocks ∂²f/∂qᵢ∂p of a Hessian over the tree P (Q = P). */
export type Outer<Q, P> = Q extends Leaf ? Tensors<P> : { readonly [K in keyof Q]: Outer<Q[K], P> };

/** Refuses an f that is not a function, naming the tree function it was given to. */
const checkFunction = (where: string, f: unknown): void => {
  if (typeof f !== 'function') throw new ArgumentError(where, `f is ${describeValue(f)}, not a function`);
};

/** isLeaf(x): a number or a tensor. */
export const isLeaf = (x: unknown): x is Leaf => typeof x === 'number' || isTensor(x);

/** A node of a tree that is neither a leaf nor an array: a record of named children. */
const isRecord = (x: unknown): x is Readonly<Record<string, unknown>> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !isTensor(x);

/**
 * The leaves of a tree in a fixed order (depth first, arrays by index, records by key insertion order). A
 * value that is not a number, a tensor, an array or a record, and a tree that contains itself, are
 * ArgumentErrors naming `where` (default 'tree') and the path (`tree: the tree is cyclic at .a.b (it contains
 * itself)`).
 */
export const leaves = (tree: unknown, where = 'tree'): Leaf[] => {
  try {
    return collectLeaves(tree, [], 0);
  } catch (e) {
    throw e instanceof TreeFault ? faultError(where, tree) : e;
  }
};

function collectLeaves(node: unknown, out: Leaf[], depth: number): Leaf[] {
  if (typeof node === 'number' || isTensor(node)) out.push(node);
  else {
    depthGuard(node, depth);
    if (Array.isArray(node)) for (const c of node) collectLeaves(c, out, depth + 1);
    else if (isRecord(node)) for (const k in node) collectLeaves(node[k], out, depth + 1);
    else throw new TreeFault();
  }
  return out;
}

/** The path of every leaf, in the order of `leaves` (`.w`, `.layers[0].b`, `` for a lone leaf). */
export const leafPaths = (tree: unknown, path = ''): string[] => {
  try {
    return collectPaths(tree, path, [], 0);
  } catch (e) {
    throw e instanceof TreeFault ? faultError('leafPaths', tree) : e;
  }
};

function collectPaths(tree: unknown, path: string, out: string[], depth: number): string[] {
  if (isLeaf(tree)) out.push(path);
  else {
    depthGuard(tree, depth);
    if (Array.isArray(tree)) tree.forEach((t: unknown, i) => collectPaths(t, childPath(path, i), out, depth + 1));
    else if (typeof tree === 'object' && tree !== null)
      for (const [k, t] of Object.entries(tree)) collectPaths(t, childPath(path, k), out, depth + 1);
    else throw new TreeFault();
  }
  return out;
}

/** Where a walk stands, as a linked list of keys: the path string is built only when something needs it. */
interface PathLink {
  readonly parent: PathLink | null;
  readonly key: string | number;
}

const render = (at: PathLink | null): string => (at === null ? '' : childPath(render(at.parent), at.key));
const where = (at: PathLink | null): string => render(at) || 'the root';

/**
 * Thrown by a walk that does not track its path (the fast one) when the trees disagree: `mapTrees` then walks
 * again with paths to say where.
 */
class Mismatch extends Error {}

/** Throws the descriptive error when tracking paths, else the cheap signal to retry with them. */
function mismatch(tracking: boolean, message: () => string): never {
  if (tracking) throw new ShapeError('tree', message());
  throw new Mismatch();
}

/** The number of keys a for…in loop visits. */
const keyCount = (r: object): number => {
  let c = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- for…in counts the keys; their names are not needed
  for (const _ in r) c++;
  return c;
};

/** A key of `r` that `of` lacks (the caller knows there is one). */
const extraKey = (r: object, of: object): string => {
  for (const k in r) if (!(k in of)) return k;
  return '';
};

/** A leaf at an index the walk guarantees (it hands f one leaf per tree): a broken guarantee throws, never NaN. */
const leafAt = (ls: readonly Leaf[], i: number): Leaf => {
  const l = ls[i];
  if (l === undefined) throw new Error(`internal: a tree walk handed f ${ls.length} leaves, none at ${i}`);
  return l;
};

/** `track`: keep the path (for f, or for an error message); without it no link is allocated. */
function walk(
  trees: readonly unknown[],
  f: (leaves: readonly Leaf[], path: string) => Leaf,
  track: boolean,
  at: PathLink | null,
  depth: number,
): unknown {
  const first = trees[0];
  const n = trees.length;
  if (typeof first === 'number' || isTensor(first)) {
    const here = new Array<Leaf>(n);
    for (let i = 0; i < n; i++) {
      const t = trees[i];
      if (typeof t !== 'number' && !isTensor(t))
        return mismatch(track, () => `structure mismatch at ${where(at)}: a leaf against a node`);
      here[i] = t;
    }
    return f(here, track ? render(at) : '');
  }
  depthGuard(first, depth);
  if (Array.isArray(first)) {
    const len = first.length;
    for (let i = 1; i < n; i++) {
      const t = trees[i];
      if (!Array.isArray(t) || t.length !== len)
        return mismatch(track, () => `structure mismatch at ${where(at)}: arrays of different lengths`);
    }
    const out = new Array<unknown>(len);
    for (let j = 0; j < len; j++) {
      const kids = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const t = trees[i];
        kids[i] = Array.isArray(t) ? t[j] : undefined;
      }
      out[j] = walk(kids, f, track, track ? { parent: at, key: j } : null, depth + 1);
    }
    return out;
  }
  if (isRecord(first)) {
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const k in first) {
      const kids = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const t = trees[i];
        if (!isRecord(t) || !(k in t))
          return mismatch(track, () => `structure mismatch: ${childPath(render(at), k)} is missing`);
        kids[i] = t[k];
      }
      out[k] = walk(kids, f, track, track ? { parent: at, key: k } : null, depth + 1);
      count++;
    }
    // Every key of the first record is in the others; the same count means they have no other (never dropped silently).
    for (let i = 1; i < n; i++) {
      const t = trees[i];
      if (isRecord(t) && keyCount(t) !== count) {
        return mismatch(
          track,
          () => `structure mismatch: ${childPath(render(at), extraKey(t, first))} is not in the first tree`,
        );
      }
    }
    return out;
  }
  throw new TreeFault();
}

/**
 * mapTrees(trees, f, withPaths = false) builds a tree with the structure of trees[0] whose leaf at each
 * position is f applied to the leaves of all trees at that position (and, with `withPaths`, the leaf's path;
 * otherwise ''). The structures must agree; a mismatch names the path (found by walking again with paths, so
 * f may have run on some leaves before the error). A value of the first tree that is no leaf, array or record,
 * or a cycle in it, is an ArgumentError naming `where` and the path.
 */
export const mapTrees = (
  trees: readonly unknown[],
  f: (leaves: readonly Leaf[], path: string) => Leaf,
  withPaths = false,
  where = 'tree',
): unknown => {
  try {
    try {
      return walk(trees, f, withPaths, null, 0);
    } catch (e) {
      if (e instanceof Mismatch) return walk(trees, f, true, null, 0);
      throw e;
    }
  } catch (e) {
    throw e instanceof TreeFault ? faultError(where, trees[0]) : e;
  }
};

/**
 * The one place where a rebuilt tree gets its static type back. `mapTrees` preserves structure (tested), so
 * a tree rebuilt from a P with leaves of the same kinds is a `Like<P>`; and one rebuilt from a value accepted
 * as `Accepts<T>` with tensors for leaves is a T. Only the typed wrappers below call it.
 */
const retype = <R>(built: unknown): R => built as R;
const asLike = <P>(built: unknown): Like<P> => retype<Like<P>>(built);

/**
 * treeMap(p, f): the tree of f(leaf, path) over p's leaves, typed like p. Paths (`.layers[0].w`) are built
 * only when f declares a second parameter.
 */
export const treeMap = <P>(tree: P, f: (leaf: Leaf, path: string) => Leaf): Like<P> => {
  checkFunction('treeMap', f);
  return asLike<P>(mapTrees([tree], (ls, path) => f(leafAt(ls, 0), path), f.length >= 2, 'treeMap'));
};

/** treeZipWith(a, b, f): the tree of f(aᵢ, bᵢ, path) over matching leaves, typed like a. */
export const treeZipWith = <P>(a: P, b: Like<P>, f: (x: Leaf, y: Leaf, path: string) => Leaf): Like<P> => {
  checkFunction('treeZipWith', f);
  return asLike<P>(mapTrees([a, b], (ls, path) => f(leafAt(ls, 0), leafAt(ls, 1), path), f.length >= 3, 'treeZipWith'));
};

/** treeMapN(trees, f): the n-ary version, typed like the first tree. */
export const treeMapN = <P>(
  first: P,
  rest: readonly Like<P>[],
  f: (leaves: readonly Leaf[], path: string) => Leaf,
): Like<P> => {
  if (!isArray(rest)) throw new ArgumentError('treeMapN', `rest is ${describeValue(rest)}, not an array of trees`);
  checkFunction('treeMapN', f);
  return asLike<P>(mapTrees([first, ...rest], f, f.length >= 2, 'treeMapN'));
};

/** treeReduce(p, f, init): folds f over p's leaves in `leaves` order. */
export const treeReduce = <A>(tree: unknown, f: (acc: A, leaf: Leaf) => A, init: A): A => {
  checkFunction('treeReduce', f);
  return leaves(tree, 'treeReduce').reduce(f, init);
};

/** unflatten(structure, ls): the tree of `structure`'s shape whose leaves are ls, in `leaves` order. */
export const unflatten = <P>(structure: P, ls: readonly Leaf[]): Like<P> => {
  if (!isArray(ls)) throw new ArgumentError('unflatten', `leaves are ${describeValue(ls)}, not an array`);
  let i = 0;
  const out = treeMap(structure, () => {
    const leaf = ls[i++];
    if (leaf === undefined)
      throw new ShapeError('tree', `unflatten: ${ls.length} leaves are too few for the structure`);
    return leaf;
  });
  if (i !== ls.length) throw new ShapeError('tree', `unflatten: ${ls.length} leaves for a structure of ${i}`);
  return out;
};

/**
 * withTensorLeaves<T>(structure, ls): the tree of `structure`'s shape (a value accepted as `Accepts<T>`) with
 * the tensors ls as leaves, in `leaves` order: the argument `grad` hands to a function over T.
 */
export const withTensorLeaves = <T>(structure: Accepts<T>, ls: readonly Tensor[]): T => {
  let i = 0;
  const built = mapTrees([structure], () => {
    const leaf = ls[i++];
    if (leaf === undefined) throw new ShapeError('tree', `${ls.length} leaves are too few for the structure`);
    return leaf;
  });
  return retype<T>(built);
};

/**
 * mapTensors(x, f): x with every tensor inside it (at any depth of arrays and plain records) replaced by
 * f(tensor); other values are kept. Tensors map to tensors, so the result has x's type. Used to lower the
 * values a traced function returns (its output, its auxiliary data).
 */
export const mapTensors = <X>(x: X, f: (t: Tensor) => Tensor): X => {
  try {
    return retype<X>(mapTensorsIn(x, f, 0));
  } catch (e) {
    throw e instanceof TreeFault ? faultError('tree', x) : e;
  }
};

function mapTensorsIn(v: unknown, f: (t: Tensor) => Tensor, depth: number): unknown {
  if (isTensor(v)) return f(v);
  if (Array.isArray(v)) {
    depthGuard(v, depth);
    return v.map((c) => mapTensorsIn(c, f, depth + 1));
  }
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    depthGuard(v, depth);
    return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, mapTensorsIn(c, f, depth + 1)]));
  }
  return v;
}

/** unflattenTensors(structure, ts): the tree of `structure`'s shape with the tensors ts as leaves. */
export const unflattenTensors = <P>(structure: P, ts: readonly Tensor[]): Tensors<P> => {
  let i = 0;
  const built = mapTrees([structure], () => {
    const t = ts[i++];
    if (t === undefined) throw new ShapeError('tree', `${ts.length} tensors are too few for the structure`);
    return t;
  });
  return retype<Tensors<P>>(built);
};

/** outerTree(p, blocks): the tree with p's structure whose leaf i holds the tree `blocks[i]` (any value). */
export const outerTree = <P, B>(structure: P, blocks: readonly B[]): Outer<P, P> => {
  const go = (v: unknown, next: () => B, depth: number): unknown => {
    if (isLeaf(v)) return next();
    depthGuard(v, depth);
    if (Array.isArray(v)) return v.map((c) => go(c, next, depth + 1));
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, go(c, next, depth + 1)]));
    throw new TreeFault();
  };
  let i = 0;
  try {
    return retype<Outer<P, P>>(
      go(
        structure,
        () => {
          const b = blocks[i++];
          if (b === undefined) throw new ShapeError('tree', `${blocks.length} blocks are too few for the structure`);
          return b;
        },
        0,
      ),
    );
  } catch (e) {
    throw e instanceof TreeFault ? faultError('tree', structure) : e;
  }
};

/** A value the decoder of `rebuildLike` could not match to the template, with the path where it failed. */
export type RebuildResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const sameKind = (a: unknown, b: unknown): boolean => {
  if (isTensor(a))
    return (
      isTensor(b) &&
      a.dtype === b.dtype &&
      a.shape.length === b.shape.length &&
      a.shape.every((d, i) => d === b.shape[i])
    );
  return typeof a === typeof b && (a === null) === (b === null);
};

/**
 * rebuildLike(template, value, read): untyped data (parsed JSON, say) rebuilt in the structure of `template`.
 * Arrays must have the template's lengths and records its keys; each other position (a tensor, a number, a
 * string, a boolean, null) is read by `read(templateValue, value, path)`, whose result must be of the
 * template's kind (for a tensor: its dtype and shape). The result therefore has the template's type.
 * Paths in errors start with `root` (e.g. `.carry`).
 */
export const rebuildLike = <T>(
  template: T,
  value: unknown,
  read: (t: unknown, v: unknown, path: string) => RebuildResult<unknown>,
  root = '',
): RebuildResult<T> => {
  const go = (t: unknown, v: unknown, path: string, depth: number): RebuildResult<unknown> => {
    const where = path === '' ? 'the root' : path;
    if (typeof t === 'object' && t !== null && !isTensor(t)) depthGuard(t, depth);
    if (Array.isArray(t) && !isTensor(t)) {
      if (!Array.isArray(v) || v.length !== t.length)
        return { ok: false, error: `${where}: expected an array of ${t.length} items` };
      const out: unknown[] = [];
      for (let i = 0; i < t.length; i++) {
        const r = go(t[i], v[i], childPath(path, i), depth + 1);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return { ok: true, value: out };
    }
    if (typeof t === 'object' && t !== null && !isTensor(t)) {
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        return { ok: false, error: `${where}: expected a record` };
      const keys = Object.keys(t);
      const extra = Object.keys(v).filter((k) => !keys.includes(k));
      if (extra.length > 0) return { ok: false, error: `${where}: unexpected field(s) ${extra.join(', ')}` };
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const r = go(
          Object.getOwnPropertyDescriptor(t, k)?.value,
          Object.getOwnPropertyDescriptor(v, k)?.value,
          childPath(path, k),
          depth + 1,
        );
        if (!r.ok) return r;
        out[k] = r.value;
      }
      return { ok: true, value: out };
    }
    const r = read(t, v, where);
    if (r.ok && !sameKind(t, r.value))
      return { ok: false, error: `${where}: the value read is not of the template's kind` };
    return r;
  };
  let r: RebuildResult<unknown>;
  try {
    r = go(template, value, root, 0);
  } catch (e) {
    throw e instanceof TreeFault ? faultError('rebuildLike', template) : e;
  }
  return r.ok ? { ok: true, value: retype<T>(r.value) } : r;
};
