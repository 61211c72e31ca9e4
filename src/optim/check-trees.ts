/**
 * The checks an optimizer's `update` and `applyUpdates` make once per call, at the public boundary: the
 * gradient tree must be the parameter tree (same keys, same array lengths, and at each leaf the same kind,
 * number or tensor, shape and dtype), and the state must be the one this optimizer keeps for these parameters.
 * Nothing broadcasts, nothing is dropped. Under `jit` the checks run while tracing (shapes and dtypes are
 * known then), so the generated program pays nothing.
 */
import { ArgumentError, DTypeError, describeValue } from '../core/errors.js';
import { ShapeError } from '../core/shape.js';
import { isNumberLike } from '../core/stage.js';
import { type Tensor, isTensor } from '../core/tensor.js';
import { childPath } from '../core/tree-faults.js';
import { type Fits, type StateSpec, compileFits, isRecord, isTuple, treesMatch } from './fits.js';

/** One of the two trees being compared: how messages name it, and where it sits inside a larger value. */
export interface Side {
  /** The whole tree as a subject: `the gradient`, `the parameters`, `the state`. */
  readonly noun: string;
  /** One leaf of it: `the gradient`, `the parameter`. */
  readonly leafNoun: string;
  /** The path of this tree inside the value named by the nouns (`[1].mu` inside the state), or ''. */
  readonly prefix: string;
  /** The verb `has` agreeing with `noun` (`the parameters have`). */
  readonly has: 'has' | 'have';
}

/** The gradient (the first argument of `update`). */
export const gradientSide: Side = { noun: 'the gradient', leafNoun: 'the gradient', prefix: '', has: 'has' };
/** The parameters (the third argument of `update`, the first of `applyUpdates`). */
export const paramsSide: Side = { noun: 'the parameters', leafNoun: 'the parameter', prefix: '', has: 'have' };
/** The updates (the second argument of `applyUpdates`). */
export const updatesSide: Side = { noun: 'the updates', leafNoun: 'the update', prefix: '', has: 'have' };

const shapeText = (t: Tensor): string => `[${t.shape.join(',')}]`;

/** What a tree node is, for messages: `a number`, `a float64 tensor of shape [2]`, `an array of 3 items`, …. */
const kindOf = (x: unknown): string => {
  if (isNumberLike(x)) return 'a number';
  if (isTensor(x)) return `a ${x.dtype} tensor of shape ${shapeText(x)}`;
  if (Array.isArray(x)) return `an array of ${x.length} items`;
  if (isRecord(x)) return 'a record';
  return describeValue(x);
};

const at = (side: Side, path: string): string => {
  const full = side.prefix + path;
  return full === '' ? side.leafNoun : `${side.leafNoun} at ${full}`;
};

/** `the update at .b is missing: the parameters have a key .b`. */
const missing = (lacking: Side, other: Side, path: string): string =>
  `${at(lacking, path)} is missing: ${other.noun} ${other.has} a key ${other.prefix + path}`;

const notANode = 'not a number, a tensor, an array or a record';

/** The depth past which a walk looks for a cycle, and the depth it refuses. */
const CYCLE_CHECK_DEPTH = 64;
const MAX_DEPTH = 2000;

/**
 * checkTreesMatch(where, a, aSide, b, bSide): throws (a ShapeError for shapes, a DTypeError for dtypes, an
 * ArgumentError otherwise) unless the trees a and b have one structure (the same keys,
 * the same array lengths) and, at every position, leaves of one kind (a number, or a tensor of the same shape
 * and dtype). The error names `where`, both sides and the path: `adam: the gradient at .w has shape [2,2] where
 * the parameter has [1]`, `sgd: the parameter at .c is missing: the gradient has a key .c`. A leaf that is
 * neither a number nor a tensor, and a cycle, are refused too. The fast yes/no walk (`treesMatch`) runs first;
 * this slow one, which builds the paths, only when it says no.
 */
export const checkTreesMatch = (where: string, a: unknown, aSide: Side, b: unknown, bSide: Side): void => {
  if (!treesMatch(a, b)) describeMismatch(where, a, aSide, b, bSide);
};

/** The slow walk behind `checkTreesMatch`: throws the error naming where a and b differ (returns if they do not). */
const describeMismatch = (where: string, a: unknown, aSide: Side, b: unknown, bSide: Side): void => {
  const ancestors: unknown[] = [];
  const fail = (message: string): never => {
    throw new ArgumentError(where, message);
  };
  const walk = (x: unknown, y: unknown, path: string): void => {
    const xNumber = isNumberLike(x);
    const yNumber = isNumberLike(y);
    if (xNumber && yNumber) return;
    const xTensor = !xNumber && isTensor(x);
    const yTensor = !yNumber && isTensor(y);
    if (xTensor && yTensor) {
      const bAt = bSide.prefix === aSide.prefix ? bSide.leafNoun : at(bSide, path);
      if (x.shape.length !== y.shape.length || x.shape.some((d, i) => d !== y.shape[i])) {
        throw new ShapeError(where, `${at(aSide, path)} has shape ${shapeText(x)} where ${bAt} has ${shapeText(y)}`);
      }
      if (x.dtype !== y.dtype)
        throw new DTypeError(where, `${at(aSide, path)} is ${x.dtype} where ${bAt} is ${y.dtype}`);
      return;
    }
    if (!xNumber && !xTensor && !Array.isArray(x) && !isRecord(x))
      fail(`${at(aSide, path)} is ${describeValue(x)}, ${notANode}`);
    if (!yNumber && !yTensor && !Array.isArray(y) && !isRecord(y))
      fail(`${at(bSide, path)} is ${describeValue(y)}, ${notANode}`);
    if (xNumber || yNumber || xTensor || yTensor || Array.isArray(x) !== Array.isArray(y)) {
      fail(`${at(aSide, path)} is ${kindOf(x)} where ${at(bSide, path)} is ${kindOf(y)}`);
    }
    if (ancestors.length >= CYCLE_CHECK_DEPTH && (ancestors.includes(x) || ancestors.includes(y))) {
      fail(`${ancestors.includes(x) ? at(aSide, path) : at(bSide, path)} contains itself (a cycle)`);
    }
    if (ancestors.length >= MAX_DEPTH) fail(`${at(aSide, path)} is nested more than ${MAX_DEPTH} levels deep`);
    ancestors.push(x, y);
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length)
        fail(`${at(aSide, path)} has ${x.length} items where ${at(bSide, path)} has ${y.length}`);
      for (let i = 0; i < x.length; i++) walk(x[i], y[i], childPath(path, i));
    } else if (isRecord(x) && isRecord(y)) {
      for (const k of Object.keys(x)) if (!Object.hasOwn(y, k)) fail(missing(bSide, aSide, childPath(path, k)));
      for (const k of Object.keys(y)) if (!Object.hasOwn(x, k)) fail(missing(aSide, bSide, childPath(path, k)));
      for (const k of Object.keys(x)) walk(x[k], y[k], childPath(path, k));
    }
    ancestors.length -= 2;
  };
  walk(a, b, '');
};

/**
 * checkTree(where, side, tree): throws unless `tree` is a tree (every leaf a number or a tensor, no cycle),
 * naming the path of the first bad node.
 */
export const checkTree = (where: string, side: Side, tree: unknown): void =>
  checkTreesMatch(where, tree, side, tree, side);

const stateSide = (prefix: string): Side => ({ noun: 'the state', leafNoun: 'the state', prefix, has: 'has' });

const describeSpec = (spec: StateSpec): string => {
  if (spec === 'like') return 'a tree shaped like the parameters';
  if (spec === 'null') return 'null';
  if (typeof spec === 'function') return 'a value of its own';
  if (typeof spec === 'string') return `a ${spec}`;
  if (isTuple(spec)) return `an array of ${spec.length} parts`;
  return `a record with fields ${Object.keys(spec).join(', ') || '(none)'}`;
};

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const another = ' (is it the state of another optimizer?)';

/**
 * stateChecker(where, spec): the check of a state against the layout `spec` (compiled once): it throws unless
 * `state` has that layout with every `'like'` part matching `reference` (the parameters, or the gradient when
 * the parameters are not given) as `checkTreesMatch` requires. `adam: the state at [1] has no field mu (is it
 * the state of another optimizer?)`.
 */
export const stateChecker = (
  where: string,
  spec: StateSpec,
): ((state: unknown, reference: unknown, referenceSide: Side) => void) => {
  const fits: Fits = compileFits(spec);
  return (state, reference, referenceSide) => {
    if (!fits(state, reference)) describeStateMismatch(where, spec, state, reference, referenceSide);
  };
};

/** The slow walk behind `stateChecker`: throws the error naming what does not fit. */
const describeStateMismatch = (
  where: string,
  spec: StateSpec,
  state: unknown,
  reference: unknown,
  referenceSide: Side,
): void => {
  const fail = (message: string): never => {
    throw new ArgumentError(where, message);
  };
  const walk = (s: StateSpec, v: unknown, path: string): void => {
    const here = path === '' ? 'the state' : `the state at ${path}`;
    const wrong = (): never => fail(`${here} is ${kindOf(v)} where ${where} keeps ${describeSpec(s)}${another}`);
    if (s === 'any') return;
    if (typeof s === 'function') {
      const problem = s(v, reference);
      return void (problem === undefined || fail(`${here} ${problem}`));
    }
    if (s === 'like') {
      if (typeof v !== 'number' && (typeof v !== 'object' || v === null)) return wrong();
      return describeMismatch(where, v, stateSide(path), reference, referenceSide);
    }
    if (s === 'number') return void (isNumberLike(v) || wrong());
    if (s === 'null') return void (v === null || wrong());
    if (s === 'boolean' || s === 'string') return void (typeof v === s || wrong());
    if (isTuple(s)) {
      if (!Array.isArray(v)) return wrong();
      if (v.length !== s.length)
        fail(`${here} has ${count(v.length, 'part')} where ${where} keeps ${count(s.length, 'part')}${another}`);
      s.forEach((part: StateSpec, i) => walk(part, v[i], childPath(path, i)));
      return;
    }
    if (!isRecord(v)) return wrong();
    const fields = Object.keys(s);
    for (const k of fields) if (!Object.hasOwn(v, k)) fail(`${here} has no field ${k}${another}`);
    for (const k of Object.keys(v))
      if (!Object.hasOwn(s, k)) fail(`${here} has a field ${k} that ${where} does not keep${another}`);
    for (const k of fields) walk(s[k] ?? 'any', v[k], childPath(path, k));
  };
  walk(spec, state, '');
};
