/**
 * Tensors: readonly `{dtype, shape, data}` records over typed arrays, row-major. Scalars are rank-0 tensors,
 * and every op also accepts a plain `number` where it accepts a tensor (see `TensorLike`).
 *
 * Tensors are values: no op writes into an existing tensor's data, so sharing them is always safe.
 */
import { elementAt } from './invariant.js';
import { checkCount, checkFiniteNumber, checkNumber, checkOptions } from './arguments.js';
import { type DType, type TypedArray, allocate, checkDType, defaultDType, dtypeOfArray } from './dtype.js';
import { ArgumentError, describeValue } from './errors.js';
import { fillNested, flattenNested, inferShape } from './nested.js';
import type { KeySet } from './options.js';
import { type Shape, ShapeError, checkShape, maxSize, showShape, sizeOf } from './shape.js';

/** A dense tensor. `data` holds ∏ shape elements in row-major order. */
export interface Tensor {
  /** Element type: `'float64'` (the default) or `'float32'`. */
  readonly dtype: DType;
  /** Extent of each axis, outermost first; `[]` is a scalar. */
  readonly shape: Shape;
  /** The ∏ shape elements in row-major order, as a Float64Array or a Float32Array matching `dtype`. */
  readonly data: TypedArray;
}

/** What ops accept: a tensor, or a plain number standing for a rank-0 tensor. */
export type TensorLike = Tensor | number;

/** Nested arrays of numbers, as `tensor` reads and `toArray` writes them. */
export type NestedArray = number | readonly NestedArray[];

/** Options shared by the constructors. */
export interface DTypeOption {
  /** Element type of the new tensor (default `'float64'`; `tensor` of a typed array defaults to the array's). */
  readonly dtype?: DType;
}

/** Wraps data that already has the right length and dtype (no copy). Used by kernels. */
export const fromData = (shape: Shape, data: TypedArray): Tensor => ({ dtype: dtypeOfArray(data), shape, data });

/** True for anything shaped like a tensor (including tracers inside a `grad` call). */
export const isTensor = (x: unknown): x is Tensor =>
  typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && 'dtype' in x;

/** The keys of the constructors' options, for `checkOptions`. */
const dtypeKeys: KeySet<DTypeOption> = { dtype: true };
const tensorKeys: KeySet<DTypeOption & { readonly shape?: Shape }> = { dtype: true, shape: true };

/** The dtype a constructor's options ask for (checked), or `fallback`. */
const dtypeOf = (where: string, options: DTypeOption | undefined, fallback: DType = defaultDType): DType =>
  options?.dtype === undefined ? fallback : checkDType(where, options.dtype);

/** The integer typed arrays: their elements are numbers too. */
type IntegerArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;

const isIntegerArray = (v: ArrayBufferView): v is IntegerArray =>
  v instanceof Int8Array ||
  v instanceof Uint8Array ||
  v instanceof Uint8ClampedArray ||
  v instanceof Int16Array ||
  v instanceof Uint16Array ||
  v instanceof Int32Array ||
  v instanceof Uint32Array;

/** A typed array of numbers as tensor's flat data; BigInt arrays and DataViews are refused. */
const numbersOf = (where: string, values: ArrayBufferView): ArrayLike<number> => {
  if (values instanceof Float64Array || values instanceof Float32Array || isIntegerArray(values)) return values;
  throw new ArgumentError(
    where,
    `values are ${describeValue(values)}, not numbers (use a Float64Array or a Float32Array)`,
  );
};

/**
 * tensor(values) builds a tensor from nested arrays (`tensor([[1, 2], [3, 4]])`), or from flat data plus a
 * shape (`tensor([1, 2, 3, 4], { shape: [2, 2] })`). The data is copied. Default dtype float64 (float32 for a
 * Float32Array). Every entry must be a number (NaN and ±Infinity included): a string, null, undefined, a
 * boolean or a BigInt is an ArgumentError naming its position (`tensor: entry [1][0] is "a", not a number`);
 * rows of different lengths are a ShapeError naming the row.
 */
export const tensor = (
  values: NestedArray | TypedArray,
  options: DTypeOption & { readonly shape?: Shape } = {},
): Tensor => {
  checkOptions('tensor', options, tensorKeys);
  const typed = ArrayBuffer.isView(values) ? numbersOf('tensor', values) : null;
  const dtype = dtypeOf('tensor', options, values instanceof Float32Array ? 'float32' : defaultDType);
  if (options.shape !== undefined || typed !== null) {
    const flat = typed ?? flattenNested('tensor', values);
    const shape = options.shape ?? [flat.length];
    checkShape('tensor', shape);
    if (sizeOf(shape) !== flat.length) {
      throw new ShapeError('tensor', `${flat.length} values do not fill shape ${showShape(shape)}`);
    }
    const data = allocate(dtype, flat.length);
    data.set(flat);
    return fromData([...shape], data);
  }
  const shape = inferShape('tensor', values);
  const data = allocate(dtype, sizeOf(shape));
  fillNested('tensor', values, shape, data);
  return fromData(shape, data);
};

/** The rank-0 tensor holding v in `dtype`, unchecked: for internal callers that already know both. */
export const scalarOf = (value: number, dtype: DType): Tensor => {
  const data = allocate(dtype, 1);
  data[0] = value;
  return fromData([], data);
};

/** scalar(v) is the rank-0 tensor holding the number v (finite or not). */
export const scalar = (value: number, options: DTypeOption = {}): Tensor => {
  checkOptions('scalar', options, dtypeKeys);
  return scalarOf(checkNumber('scalar', 'value', value), dtypeOf('scalar', options));
};

/** A tensor of `shape` filled with `value`, checked on behalf of `where`. */
const filled = (where: string, shape: Shape, value: number, options: DTypeOption): Tensor => {
  checkOptions(where, options, dtypeKeys);
  checkShape(where, shape);
  checkNumber(where, 'value', value);
  const data = allocate(dtypeOf(where, options), sizeOf(shape));
  if (value !== 0) data.fill(value);
  return fromData([...shape], data);
};

/** full(shape, v): every element equals the number v. */
export const full = (shape: Shape, value: number, options: DTypeOption = {}): Tensor =>
  filled('full', shape, value, options);

/** zeros(shape): every element 0. */
export const zeros = (shape: Shape, options: DTypeOption = {}): Tensor => filled('zeros', shape, 0, options);

/** ones(shape): every element 1. */
export const ones = (shape: Shape, options: DTypeOption = {}): Tensor => filled('ones', shape, 1, options);

/** x itself when it is a tensor; a number is a float64 scalar; anything else is an ArgumentError naming `where`. */
const tensorArgument = (where: string, x: TensorLike): Tensor => {
  if (typeof x === 'number') return scalarOf(x, defaultDType);
  if (isTensor(x)) return x;
  throw new ArgumentError(where, `x is ${describeValue(x)}, not a tensor`);
};

/** zerosLike(x): zeros of x's shape and dtype. */
export const zerosLike = (x: TensorLike): Tensor => {
  const t = tensorArgument('zerosLike', x);
  return fromData(t.shape, allocate(t.dtype, sizeOf(t.shape)));
};

/** onesLike(x): ones of x's shape and dtype. */
export const onesLike = (x: TensorLike): Tensor => {
  const t = tensorArgument('onesLike', x);
  return fromData(t.shape, allocate(t.dtype, sizeOf(t.shape)).fill(1));
};

/**
 * arange(start, stop, step = 1) = [start, start + step, …] up to but excluding stop (NumPy's rule); with one
 * argument, arange(stop) starts at 0. start, stop and step must be finite, step non-zero.
 */
export const arange = (start: number, stop?: number, step = 1, options: DTypeOption = {}): Tensor => {
  checkOptions('arange', options, dtypeKeys);
  const [lo, hi] =
    stop === undefined
      ? [0, checkFiniteNumber('arange', 'stop', start)]
      : [checkFiniteNumber('arange', 'start', start), checkFiniteNumber('arange', 'stop', stop)];
  if (checkFiniteNumber('arange', 'step', step) === 0)
    throw new ArgumentError('arange', 'step must be non-zero, got 0');
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  if (n > maxSize)
    throw new ShapeError(
      'arange',
      `[${lo}, ${hi}) by ${step} has ${n} elements, more than a tensor can hold (${maxSize})`,
    );
  const data = allocate(dtypeOf('arange', options), n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return fromData([n], data);
};

/**
 * linspace(a, b, n): n evenly spaced points from a to b inclusive; x_i = a + i·(b − a)/(n − 1). a and b must be
 * finite, n a non-negative integer.
 */
export const linspace = (start: number, stop: number, n: number, options: DTypeOption = {}): Tensor => {
  checkOptions('linspace', options, dtypeKeys);
  checkFiniteNumber('linspace', 'start', start);
  checkFiniteNumber('linspace', 'stop', stop);
  checkCount('linspace', 'count', n);
  const data = allocate(dtypeOf('linspace', options), n);
  const step = n > 1 ? (stop - start) / (n - 1) : 0;
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  if (n > 1) data[n - 1] = stop;
  return fromData([n], data);
};

/** eye(n, m = n): the n×m matrix with ones on the main diagonal (n and m non-negative integers). */
export const eye = (n: number, m: number = n, options: DTypeOption = {}): Tensor => {
  checkOptions('eye', options, dtypeKeys);
  checkShape('eye', [checkCount('eye', 'n', n), checkCount('eye', 'm', m)]);
  const data = allocate(dtypeOf('eye', options), n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return fromData([n, m], data);
};

/**
 * asTensor(x, dtype): x itself when it is a tensor; a plain number becomes a scalar of `dtype` (default
 * float64). Anything else is an ArgumentError.
 */
export const asTensor = (x: TensorLike, dtype: DType = defaultDType): Tensor => {
  if (typeof x === 'number')
    return scalarOf(x, dtype === 'float64' || dtype === 'float32' ? dtype : checkDType('asTensor', dtype));
  if (isTensor(x)) return x;
  throw new ArgumentError('asTensor', `x is ${describeValue(x)}, not a tensor or a number`);
};

const nest = (data: TypedArray, shape: Shape, depth: number, offset: number, stride: number): NestedArray => {
  if (depth === shape.length) return elementAt(data, offset);
  const n = shape[depth] ?? 0;
  const inner = stride / Math.max(n, 1);
  const out: NestedArray[] = [];
  for (let i = 0; i < n; i++) out.push(nest(data, shape, depth + 1, offset + i * inner, inner));
  return out;
};

/** toArray(x): the tensor as nested arrays of numbers (a plain number for a scalar). */
export const toArray = (x: TensorLike): NestedArray => {
  if (typeof x === 'number') return x;
  if (!isTensor(x)) throw new ArgumentError('toArray', `x is ${describeValue(x)}, not a tensor or a number`);
  return nest(x.data, x.shape, 0, 0, sizeOf(x.shape));
};

/** item(x): the single number a size-1 tensor holds. Throws for any other size. */
export const item = (x: TensorLike): number => {
  if (typeof x === 'number') return x;
  if (!isTensor(x)) throw new ArgumentError('item', `x is ${describeValue(x)}, not a tensor or a number`);
  if (x.data.length !== 1) throw new ShapeError('item', `expected a tensor of size 1, got shape ${showShape(x.shape)}`);
  return elementAt(x.data, 0);
};
