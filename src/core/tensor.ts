/**
 * Tensors: readonly `{dtype, shape, data}` records over typed arrays, row-major. Scalars are rank-0 tensors,
 * and every op also accepts a plain `number` where it accepts a tensor (see `TensorLike`).
 *
 * Tensors are values: no op writes into an existing tensor's data, so sharing them is always safe.
 */
import { type DType, type TypedArray, allocate, defaultDType, dtypeOfArray } from './dtype.js';
import { type Shape, ShapeError, checkShape, showShape, sizeOf } from './shape.js';

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

const flatten = (values: readonly NestedArray[]): number[] => {
  const out: number[] = [];
  const stack: NestedArray[] = [...values].reverse();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') out.push(v);
    else if (v !== undefined) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i] ?? NaN);
  }
  return out;
};

const inferShape = (values: NestedArray): number[] => {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (typeof v !== 'number') {
    shape.push(v.length);
    const first: NestedArray | undefined = v[0];
    if (first === undefined) break;
    v = first;
  }
  return shape;
};

const fillFlat = (values: NestedArray, shape: Shape, depth: number, out: TypedArray, at: number): number => {
  if (typeof values === 'number') {
    if (depth !== shape.length) throw new ShapeError('tensor', `ragged nested array: expected ${showShape(shape)}`);
    out[at] = values;
    return at + 1;
  }
  if (values.length !== shape[depth]) {
    throw new ShapeError('tensor', `ragged nested array: expected ${showShape(shape)}, a row has length ${values.length}`);
  }
  let pos = at;
  for (const v of values) pos = fillFlat(v, shape, depth + 1, out, pos);
  return pos;
};

/**
 * tensor(values) builds a tensor from nested arrays (`tensor([[1, 2], [3, 4]])`), or from flat data plus a
 * shape (`tensor([1, 2, 3, 4], { shape: [2, 2] })`). The data is copied. Default dtype float64.
 */
export const tensor = (
  values: NestedArray | TypedArray,
  options: DTypeOption & { readonly shape?: Shape } = {},
): Tensor => {
  const dtype = options.dtype ?? (ArrayBuffer.isView(values) ? dtypeOfArray(values) : defaultDType);
  if (options.shape !== undefined || ArrayBuffer.isView(values)) {
    const flat: ArrayLike<number> = ArrayBuffer.isView(values)
      ? values
      : typeof values === 'number'
        ? [values]
        : flatten(values);
    const shape = options.shape ?? [flat.length];
    checkShape('tensor', shape);
    if (sizeOf(shape) !== flat.length) {
      throw new ShapeError('tensor', `${flat.length} values do not fill shape ${showShape(shape)}`);
    }
    const data = allocate(dtype, flat.length);
    data.set(flat);
    return fromData([...shape], data);
  }
  const shape = inferShape(values);
  const data = allocate(dtype, sizeOf(shape));
  fillFlat(values, shape, 0, data, 0);
  return fromData(shape, data);
};

/** scalar(v) is the rank-0 tensor holding v. */
export const scalar = (value: number, options: DTypeOption = {}): Tensor => {
  const data = allocate(options.dtype ?? defaultDType, 1);
  data[0] = value;
  return fromData([], data);
};

/** full(shape, v): every element equals v. */
export const full = (shape: Shape, value: number, options: DTypeOption = {}): Tensor => {
  checkShape('full', shape);
  const data = allocate(options.dtype ?? defaultDType, sizeOf(shape));
  if (value !== 0) data.fill(value);
  return fromData([...shape], data);
};

/** zeros(shape): every element 0. */
export const zeros = (shape: Shape, options: DTypeOption = {}): Tensor => full(shape, 0, options);

/** ones(shape): every element 1. */
export const ones = (shape: Shape, options: DTypeOption = {}): Tensor => full(shape, 1, options);

/** zerosLike(x): zeros of x's shape and dtype. */
export const zerosLike = (x: Tensor): Tensor => zeros(x.shape, { dtype: x.dtype });

/** onesLike(x): ones of x's shape and dtype. */
export const onesLike = (x: Tensor): Tensor => ones(x.shape, { dtype: x.dtype });

/** arange(start, stop, step = 1) = [start, start + step, …] up to but excluding stop (NumPy's rule). */
export const arange = (start: number, stop?: number, step = 1, options: DTypeOption = {}): Tensor => {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new ShapeError('arange', `step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = allocate(options.dtype ?? defaultDType, n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return fromData([n], data);
};

/** linspace(a, b, n): n evenly spaced points from a to b inclusive; x_i = a + i·(b − a)/(n − 1). */
export const linspace = (start: number, stop: number, n: number, options: DTypeOption = {}): Tensor => {
  if (!Number.isInteger(n) || n < 0) throw new ShapeError('linspace', `count must be a non-negative integer, got ${n}`);
  const data = allocate(options.dtype ?? defaultDType, n);
  const step = n > 1 ? (stop - start) / (n - 1) : 0;
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  if (n > 1) data[n - 1] = stop;
  return fromData([n], data);
};

/** eye(n, m = n): the n×m matrix with ones on the main diagonal. */
export const eye = (n: number, m: number = n, options: DTypeOption = {}): Tensor => {
  const data = allocate(options.dtype ?? defaultDType, n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return fromData([n, m], data);
};

/** Reads a number or tensor as a tensor; a plain number becomes a scalar of `dtype` (default float64). */
export const asTensor = (x: TensorLike, dtype: DType = defaultDType): Tensor =>
  typeof x === 'number' ? scalar(x, { dtype }) : x;

const nest = (data: TypedArray, shape: Shape, depth: number, offset: number, stride: number): NestedArray => {
  if (depth === shape.length) return data[offset] ?? NaN;
  const n = shape[depth] ?? 0;
  const inner = stride / Math.max(n, 1);
  const out: NestedArray[] = [];
  for (let i = 0; i < n; i++) out.push(nest(data, shape, depth + 1, offset + i * inner, inner));
  return out;
};

/** toArray(x): the tensor as nested arrays of numbers (a plain number for a scalar). */
export const toArray = (x: TensorLike): NestedArray =>
  typeof x === 'number' ? x : nest(x.data, x.shape, 0, 0, sizeOf(x.shape));

/** item(x): the single number a size-1 tensor holds. Throws for any other size. */
export const item = (x: TensorLike): number => {
  if (typeof x === 'number') return x;
  if (x.data.length !== 1) throw new ShapeError('item', `expected a tensor of size 1, got shape ${showShape(x.shape)}`);
  return x.data[0] ?? NaN;
};
