/**
 * The error vocabulary: every error a caller can cause is a `GradfoldError`, and its message names the
 * function, the argument (or tree path) and the offending value. Subclasses say what kind of mistake it was.
 */

/** The base of every error gradfold raises for a caller's mistake: `e instanceof GradfoldError` catches them all. */
export class GradfoldError extends Error {
  /** A GradfoldError with `message` (which names the function, the argument and the value at fault). */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'GradfoldError';
  }
}

/**
 * An argument of the wrong kind or out of range (a string where a number goes, a negative learning rate, an
 * unknown option key). The message reads `${where}: ${message}`, where `where` names the function and argument.
 */
export class ArgumentError extends GradfoldError {
  /** An ArgumentError whose message reads `${where}: ${message}`. */
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'ArgumentError';
  }
}

/** A dtype gradfold does not have (only 'float64' and 'float32' exist), or dtypes that do not fit together. */
export class DTypeError extends GradfoldError {
  /** A DTypeError whose message reads `${where}: ${message}`. */
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'DTypeError';
  }
}

/**
 * describeValue(v): a short, safe rendering of any value for an error message: numbers as JavaScript prints
 * them (−0 as -0), strings quoted, arrays and objects abbreviated, class instances by their class name. It never
 * throws and never walks a cycle.
 */
export const describeValue = (v: unknown): string => {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'bigint') return `${v}n (a BigInt)`;
  if (typeof v === 'function') return `a function${v.name === '' ? '' : ` (${v.name})`}`;
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null)
    return `an instance of ${v.constructor.name === '' ? 'a class' : v.constructor.name}`;
  const keys = Object.keys(v);
  return keys.length === 0 ? '{}' : `an object with keys ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
};
