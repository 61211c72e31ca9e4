/**
 * Whether trees fit together, as a yes or no, fast: no path is built and nothing is allocated beyond the key
 * lists of records. `check-trees.ts` runs these on every `update` and `applyUpdates`, and only when one says no
 * walks again, slowly, to say where and why.
 */
import { isNumberLike } from '../core/stage.js';
import { type Tensor, isTensor } from '../core/tensor.js';

/**
 * A check of its own for one part of a state: the problem with `value` in words (`is "sgd", …`), or undefined.
 * `reference` is the tree the state must fit (the parameters, or the gradient when they are not passed).
 */
export type StateCheck = (value: unknown, reference: unknown) => string | undefined;

/**
 * The layout of a transformation's state, known when it is built: `'number'` (a count, a rate; traced under
 * jit), `'boolean'`, `'string'`, `'null'`, `'like'` (a tree shaped like the parameters), `'any'` (a state this
 * module does not know: a user's own transformation), a check of its own (a function), a tuple (a chain) or a
 * record of fields.
 */
export type StateSpec =
  | 'number'
  | 'boolean'
  | 'string'
  | 'null'
  | 'like'
  | 'any'
  | StateCheck
  | readonly StateSpec[]
  | {
      /** The spec of the state's field of this name. */
      readonly [field: string]: StateSpec;
    };

/** A record node of a tree: an object that is neither an array, a tensor nor a typed array. */
export const isRecord = (x: unknown): x is Readonly<Record<string, unknown>> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !isTensor(x) && !ArrayBuffer.isView(x);

/** A tuple spec (a chain's state). */
export const isTuple = (s: StateSpec): s is readonly StateSpec[] => Array.isArray(s);

/** Past this depth the fast walk gives up and lets the slow one look for a cycle. */
export const FAST_DEPTH = 64;

/** A tensor standing for a number while jitting (only rank-0 values can, so other shapes skip the test). */
const isWeak = (t: Tensor): boolean => t.shape.length === 0 && isNumberLike(t);

const sameShape = (a: readonly number[], b: readonly number[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * treesMatch(a, b): true when a and b have one structure (the same keys, the same array lengths) and leaves of
 * one kind at each position (numbers, or tensors of one shape and dtype). False also for anything deeper than
 * `FAST_DEPTH` (a cycle, or a very deep tree), which the slow walk then judges.
 */
export const treesMatch = (a: unknown, b: unknown, depth = 0): boolean => {
  if (typeof a === 'number') return typeof b === 'number' || (isTensor(b) && isWeak(b));
  if (isTensor(a)) {
    if (!isTensor(b)) return typeof b === 'number' && isWeak(a);
    const weak = isWeak(a);
    if (weak || isWeak(b)) return weak && isWeak(b);
    return a.dtype === b.dtype && sameShape(a.shape, b.shape);
  }
  if (typeof b === 'number' || isTensor(b) || depth >= FAST_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!treesMatch(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  let n = 0;
  for (const k in a) {
    if (!Object.hasOwn(a, k) || !Object.hasOwn(b, k) || !treesMatch(a[k], b[k], depth + 1)) return false;
    n++;
  }
  return n === keyCount(b);
};

/** The number of enumerable keys of a record (inherited ones too: a record with any makes a fast walk say no). */
const keyCount = (x: object): number => {
  let n = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- counting keys, inherited ones included
  for (const _ in x) n++;
  return n;
};

/** A state's layout turned into its fast predicate once, when the transformation is built. */
export type Fits = (state: unknown, reference: unknown) => boolean;

/**
 * compileFits(spec): the predicate "state has the layout `spec` says, its `'like'` parts matching the
 * reference tree (`treesMatch`)", with the walk over the spec done once: records' field lists and tuples' parts
 * are read here, not on every update.
 */
export const compileFits = (spec: StateSpec): Fits => {
  switch (spec) {
    case 'any':
      return () => true;
    case 'number':
      return (s) => isNumberLike(s);
    case 'null':
      return (s) => s === null;
    case 'boolean':
      return (s) => typeof s === 'boolean';
    case 'string':
      return (s) => typeof s === 'string';
    case 'like':
      return (s, reference) => treesMatch(s, reference);
  }
  if (typeof spec === 'function') return (s, reference) => spec(s, reference) === undefined;
  if (isTuple(spec)) {
    const parts = spec.map(compileFits);
    return (s, reference) => {
      if (!Array.isArray(s) || s.length !== parts.length) return false;
      for (let i = 0; i < parts.length; i++) {
        const fits = parts[i];
        if (fits === undefined || !fits(s[i], reference)) return false;
      }
      return true;
    };
  }
  const keys = Object.keys(spec);
  const fitters = keys.map((k) => compileFits(spec[k] ?? 'any'));
  return (s, reference) => {
    if (!isRecord(s) || keyCount(s) !== keys.length) return false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] ?? '';
      const fits = fitters[i];
      if (fits === undefined || !Object.hasOwn(s, k) || !fits(s[k], reference)) return false;
    }
    return true;
  };
};
