/**
 * Element types. gradfold computes in float64 by default (exact gradient checks) and in float32 on request
 * (throughput). Both are first class: every kernel allocates its output in the dtype chosen here.
 *
 * Promotion rule (one rule, everywhere): the result of an op on tensors takes the widest dtype among its
 * tensor inputs (float64 > float32). A plain `number` is "weak": it adopts the dtype of the tensors it meets,
 * so `mul(x32, 2)` stays float32. An op whose inputs are all plain numbers computes in float64.
 */
import { DTypeError, describeValue } from './errors.js';
import { noteFresh, recycled } from './recycle.js';

/** An element type: 'float64' (the default) or 'float32'; no other exists (an unknown one is a DTypeError). */
export type DType = 'float64' | 'float32';

/** The typed array behind a tensor of either dtype. */
export type TypedArray = Float64Array | Float32Array;

/** The dtype used when none is given and no tensor input decides it. */
export const defaultDType: DType = 'float64';

/**
 * checkDType(where, dtype): dtype itself when it is 'float64' or 'float32'; anything else ('int32', 'float16',
 * a typo) is a DTypeError naming `where` and the value, never a silent float32.
 */
export const checkDType = (where: string, dtype: unknown): DType => {
  if (dtype === 'float64' || dtype === 'float32') return dtype;
  throw new DTypeError(
    where,
    `dtype ${describeValue(dtype)} is not a gradfold dtype (only 'float64' and 'float32' exist)`,
  );
};

/**
 * Allocates a zero-filled array of `n` elements of the given dtype (an unknown dtype is a DTypeError): a dead
 * array of that size when the caller's scope offers one (see core/recycle.ts), else a fresh one.
 */
export const allocate = (dtype: DType, n: number): TypedArray => {
  const reused = recycled(dtype, n);
  if (reused !== undefined) return reused;
  const fresh =
    dtype === 'float64' ? new Float64Array(n) : dtype === 'float32' ? new Float32Array(n) : unknownDType(dtype);
  noteFresh(fresh);
  return fresh;
};

/**
 * allocate(dtype, n) for a caller that writes every element before anything reads one: a recycled array keeps
 * its old values (no zero fill); a fresh one is zeros as always.
 */
export const allocateOverwritten = (dtype: DType, n: number): TypedArray =>
  recycled(dtype, n, false) ?? allocate(dtype, n);

/** The backstop for a dtype that slipped past the public checks: refused, never read as float32. */
const unknownDType = (dtype: unknown): never => {
  throw new DTypeError('dtype', `${describeValue(dtype)} is not a gradfold dtype (only 'float64' and 'float32' exist)`);
};

/** The dtype of a typed array. */
export const dtypeOfArray = (data: TypedArray): DType => (data instanceof Float64Array ? 'float64' : 'float32');

/** promote(a, b) = float64 if either is float64, else float32. */
export const promote = (a: DType, b: DType): DType => (a === 'float64' || b === 'float64' ? 'float64' : 'float32');
