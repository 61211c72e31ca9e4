/**
 * Checks of plain arguments at the public boundary (numbers, counts, options objects), for callers without a
 * type checker. Each throws an ArgumentError (or a ShapeError for a bad count) naming the function, the
 * argument and the value; none runs inside a kernel's loop.
 */
import { ArgumentError, describeValue } from './errors.js';
import { type KeySet, refuseUnknownKeys } from './options.js';
import { ShapeError, maxSize } from './shape.js';

/** checkNumber(where, what, v): v itself when it is a number (finite or not), else an ArgumentError. */
export const checkNumber = (where: string, what: string, v: unknown): number => {
  if (typeof v === 'number') return v;
  const hint = typeof v === 'string' ? ' (convert it with Number(...) first)' : '';
  throw new ArgumentError(where, `${what} is ${describeValue(v)}, not a number${hint}`);
};

/** checkFiniteNumber(where, what, v): v itself when it is a finite number, else an ArgumentError. */
export const checkFiniteNumber = (where: string, what: string, v: unknown): number => {
  const n = checkNumber(where, what, v);
  if (!Number.isFinite(n)) throw new ArgumentError(where, `${what} must be a finite number, got ${describeValue(n)}`);
  return n;
};

/**
 * checkCount(where, what, v): v itself when it is an integer in [0, 2³¹ − 1] (an extent, a number of elements);
 * a non-number is an ArgumentError, a negative, fractional or too large number a ShapeError.
 */
export const checkCount = (where: string, what: string, v: unknown): number => {
  const n = checkNumber(where, what, v);
  if (!Number.isInteger(n) || n < 0 || n > maxSize) {
    throw new ShapeError(where, `${what} must be a non-negative integer (at most ${maxSize}), got ${describeValue(n)}`);
  }
  return n;
};

/**
 * checkOptions(where, options, keys): an options object is undefined or a plain object whose keys `keys` lists;
 * anything else (a string, an array, a misspelt key) is an ArgumentError naming `where`.
 */
export const checkOptions = <O>(where: string, options: O | undefined, keys: KeySet<O>): void => {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(where, `options is ${describeValue(options)}, not an object`);
  }
  for (const k in options) {
    // The common case (every key known) allocates nothing; the first unknown key gets the full message.
    if (!Object.prototype.hasOwnProperty.call(keys, k)) refuseUnknownKeys(where, options, keys);
  }
};
