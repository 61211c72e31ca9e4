/**
 * Checks of the arguments a JavaScript caller passes to the data and training functions: each throws a gradfold
 * error naming the function, the argument and the value (`batches: size: expected a positive integer, 'full' or
 * 'stochastic', got "4"`). They run once per call, at the public boundary, never per element.
 */
import type { DType } from '../core/dtype.js';
import { ArgumentError, DTypeError, describeValue } from '../core/errors.js';
import { type KeySet, refuseUnknownKeys } from '../core/options.js';
import { type Tensor, isTensor } from '../core/tensor.js';

/** A plain options record: an object that is not an array, a tensor or null. */
const isRecord = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v) && !isTensor(v);

/**
 * checkOptions(where, options, keys, name = 'options'): `options` is undefined or an object whose keys `keys` all
 * lists; else an ArgumentError (`where: options: expected an object, got 3`, or an unknown key with the nearest
 * valid one). `name` names the object in the message ('' when `where` already does).
 */
export const checkOptions = <O>(where: string, options: O | undefined, keys: KeySet<O>, name = 'options'): void => {
  if (options === undefined) return;
  if (!isRecord(options))
    throw new ArgumentError(
      where,
      `${name === '' ? '' : `${name}: `}expected an object, got ${describeValue(options)}`,
    );
  refuseUnknownKeys(name === 'options' || name === '' ? where : `${where}: ${name}`, options, keys);
};

/** checkTensor(where, name, v): v is a tensor, else an ArgumentError naming it. */
export const checkTensor = (where: string, name: string, v: unknown): Tensor => {
  if (!isTensor(v)) throw new ArgumentError(where, `${name}: expected a tensor, got ${describeValue(v)}`);
  return v;
};

/** checkInteger(where, name, v, min): v is an integer ≥ min (0 or 1), else an ArgumentError naming it. */
export const checkInteger = (where: string, name: string, v: unknown, min: 0 | 1): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ArgumentError(
      where,
      `${name}: expected a ${min === 0 ? 'non-negative' : 'positive'} integer, got ${describeValue(v)}`,
    );
  }
  return v;
};

/** checkBoolean(where, name, v): v is undefined or a boolean, else an ArgumentError naming it. */
export const checkBoolean = (where: string, name: string, v: unknown): void => {
  if (v !== undefined && typeof v !== 'boolean')
    throw new ArgumentError(where, `${name}: expected true or false, got ${describeValue(v)}`);
};

/** checkFunction(where, name, v): v is a function, else an ArgumentError naming it. */
export const checkFunction = (where: string, name: string, v: unknown): void => {
  if (typeof v !== 'function') throw new ArgumentError(where, `${name}: expected a function, got ${describeValue(v)}`);
};

/** checkDType(where, name, v): v is undefined, 'float64' or 'float32', else a DTypeError naming it. */
export const checkDType = (where: string, name: string, v: unknown): DType | undefined => {
  if (v === undefined || v === 'float64' || v === 'float32') return v;
  throw new DTypeError(where, `${name}: expected 'float64' or 'float32', got ${describeValue(v)}`);
};

/** checkKey(where, k): k is a key (an array of numbers, as key(seed), split and foldIn make), else an ArgumentError. */
export const checkKey = (where: string, k: unknown): void => {
  if (!(Array.isArray(k) && k.length > 0 && k.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    throw new ArgumentError(where, `key: expected a key (key(seed), split(…), foldIn(…)), got ${describeValue(k)}`);
  }
};
