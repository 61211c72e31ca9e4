/**
 * How vmap reads its arguments and writes its result along axes given as tree prefixes: `inAxes` has one entry
 * per positional argument, `outAxes` describes the output; an entry is a number (the axis of every tensor
 * below it, negative from the end), null (not mapped), or an array or record matching the value's own
 * structure down to where numbers or nulls take over.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { ShapeError, normalizeAxis } from '../core/shape.js';
import { type Tensor, isTensor } from '../core/tensor.js';
import { childPath } from '../core/tree-faults.js';
import { isStaged } from '../core/stage.js';
import { isKeyTensor, stackedKeys } from '../ops/random.js';
import { stack } from '../ops/layout.js';

/** An axis specification: a number, null, or a tree prefix with a number or null at its leaves. */
export type AxisSpec =
  | number
  | null
  | readonly AxisSpec[]
  | {
      /** The specification of the subtree under each key. */
      readonly [key: string]: AxisSpec;
    };

/** An array of axis specifications (one per element of an array value). */
const isSpecList = (s: AxisSpec): s is readonly AxisSpec[] => Array.isArray(s);

/** A plain record (not an array, not a tensor). */
const isRecord = (x: unknown): x is Readonly<Record<string, unknown>> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !isTensor(x);

/** The position of a value in messages: `argument 2 at .w` (`what` names the value, path its place). */
export const placeOf = (what: string, path: string): string => (path === '' ? what : `${what} at ${path}`);

/**
 * value rebuilt with `leaf(tensor, axis, path)` at every tensor that `spec` maps (axis normalised against the
 * tensor's rank + `extra`), and `other(value, path)` at every subtree the spec leaves unmapped (null). A spec
 * that does not fit the value, a mapped number, or an axis out of range is an error naming `what` and the path.
 */
export const alongSpec = (
  what: string,
  value: unknown,
  spec: AxisSpec,
  extra: number,
  leaf: (t: Tensor, axis: number, path: string) => unknown,
  other: (v: unknown, path: string) => unknown,
  path = '',
): unknown => {
  if (spec === null) return other(value, path);
  if (typeof spec === 'number') {
    if (value === null && extra > 0) return null; // an output's "nothing here" (a rule's null cotangent) stays null
    if (isTensor(value)) {
      const rank = value.shape.length + extra;
      if (!Number.isInteger(spec) || spec < -rank || spec >= rank) {
        throw new ShapeError(
          'vmap',
          `axis ${describeValue(spec)} for ${placeOf(what, path)} is out of range for a tensor of rank ${rank}`,
        );
      }
      return leaf(value, normalizeAxis('vmap', spec, rank), path);
    }
    if (typeof value === 'number') {
      if (extra > 0) return leaf(numberTensor(value), normalizeAxis('vmap', spec, extra), path);
      throw new ShapeError(
        'vmap',
        `${placeOf(what, path)} is a number, which has no axis ${spec} to map ` +
          '(pass a tensor, or null for this argument)',
      );
    }
    if (extra === 0 && (isKeyList(value) || isKeyTensorList(value))) {
      if (spec !== 0 && spec !== -2)
        throw new ShapeError(
          'vmap',
          `${placeOf(what, path)} is a list of random keys: map it along axis 0, not ${describeValue(spec)}`,
        );
      return leaf(isKeyTensorList(value) ? stack(value) : keyTensor(value), 0, path);
    }
    if (Array.isArray(value))
      return value.map((v: unknown, i) => alongSpec(what, v, spec, extra, leaf, other, childPath(path, i)));
    if (isRecord(value))
      return mapRecord(value, (v, k) => alongSpec(what, v, spec, extra, leaf, other, childPath(path, k)));
    throw new ArgumentError(
      'vmap',
      `${placeOf(what, path)} is ${describeValue(value)}, not a tensor, an array or a record (give it the axis null)`,
    );
  }
  if (isSpecList(spec)) {
    if (!Array.isArray(value) || value.length !== spec.length) {
      throw new ArgumentError(
        'vmap',
        `the axes for ${placeOf(what, path)} are an array of ${spec.length}, but the value is ${describeValue(value)}`,
      );
    }
    return value.map((v: unknown, i) => alongSpec(what, v, spec[i] ?? null, extra, leaf, other, childPath(path, i)));
  }
  if (!isRecord(spec))
    throw new ArgumentError(
      'vmap',
      `the axes for ${placeOf(what, path)} are ${describeValue(spec)}, not a number, null, an array or a record`,
    );
  if (!isRecord(value))
    throw new ArgumentError(
      'vmap',
      `the axes for ${placeOf(what, path)} are a record, but the value is ${describeValue(value)}`,
    );
  for (const k of Object.keys(spec)) {
    if (!(k in value))
      throw new ArgumentError('vmap', `the axes for ${placeOf(what, path)} name the key ${k}, which the value lacks`);
  }
  return mapRecord(value, (v, k) => {
    if (!(k in spec))
      throw new ArgumentError('vmap', `the axes for ${placeOf(what, path)} have no entry for the key ${k}`);
    return alongSpec(what, v, spec[k] ?? null, extra, leaf, other, childPath(path, k));
  });
};

/** A record's entries mapped by f(value, key), keys in their order. */
const mapRecord = (
  r: Readonly<Record<string, unknown>>,
  f: (v: unknown, k: string) => unknown,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(r)) out[k] = f(r[k], k);
  return out;
};

/** A key word: a 32-bit integer, or a number traced by jit (`numbers: 'traced'`; checked when the program runs). */
const isWord = (w: unknown): boolean => (typeof w === 'number' && Number.isInteger(w)) || (isStaged(w) && w.weak);

/** A non-empty list of random keys (each four 32-bit integers), e.g. `split(key, n)`: mapped as one key per example. */
const isKeyList = (v: unknown): v is readonly (readonly number[])[] =>
  Array.isArray(v) && v.length > 0 && v.every((k: unknown) => Array.isArray(k) && k.length === 4 && k.every(isWord));

/**
 * A non-empty list of the key tensors split and foldIn make from a mapped key, e.g. `split(k, n)` inside an
 * outer vmap: mapped by an inner vmap as one key per example, stacked along axis 0.
 */
const isKeyTensorList = (v: unknown): v is readonly Tensor[] =>
  Array.isArray(v) && v.length > 0 && v.every(isKeyTensor);

/**
 * Keys as a key tensor [n, 4] (their words as float64, exact), what ops/random's draws read inside vmap. Keys
 * whose words jit traces become a key tensor of the trace, so the program draws from each call's keys.
 */
const keyTensor = (keys: readonly (readonly number[])[]): Tensor =>
  keys.every((k) => k.every((w) => typeof w === 'number'))
    ? { dtype: 'float64', shape: [keys.length, 4], data: Float64Array.from(keys.flat()) }
    : stackedKeys(keys);

/** A number as a rank-0 float64 tensor (an output number leaf that becomes a mapped tensor). */
const numberTensor = (v: number): Tensor => ({ dtype: 'float64', shape: [], data: Float64Array.of(v) });
