/**
 * Random draws that vmap can map over keys. Outside vmap these are core/random's functions on a Key (plain
 * data). Inside vmap, a batch of keys (`split(k, n)` passed with an axis) reaches f as a key tensor (the four
 * state words as numbers, shape [..., 4]); `normal`, `uniform`, `split` and `foldIn` then run as primitives
 * whose batching rule draws for every key of the batch in one application: each key's draws are exactly
 * those of the same key outside vmap.
 */
import {
  type Key,
  checkKey,
  foldIn as foldInKey,
  normal as normalKey,
  split as splitKey,
  uniform as uniformKey,
} from '../core/random.js';
import type { DType } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import { type Shape, checkShape, sizeOf } from '../core/shape.js';
import { type DTypeOption, type Tensor, fromData, isTensor } from '../core/tensor.js';
import { allocate } from '../core/dtype.js';
import { type Primitive, bind, need } from '../autodiff/tape.js';
import { atFront } from './batching.js';

/** The keys of a key tensor [..., 4], row by row (each checked). */
const keyRows = (where: string, k: Tensor): Key[] => {
  if (k.shape[k.shape.length - 1] !== 4) throw new ArgumentError(where, `a key tensor has shape [..., 4], got [${k.shape.join(',')}]`);
  const d = k.data;
  return Array.from({ length: d.length / 4 }, (_, r) => checkKey(where, [d[4 * r] ?? 0, d[4 * r + 1] ?? 0, d[4 * r + 2] ?? 0, d[4 * r + 3] ?? 0]));
};

/** Per key row of k ([...lead, 4]), draw(key) of shape `shape`, laid out as [...lead, ...shape]. */
const perKey = (where: string, k: Tensor, shape: Shape, dtype: DType, draw: (key: Key) => Tensor): Tensor => {
  const keys = keyRows(where, k);
  const n = sizeOf(shape);
  const out = allocate(dtype, keys.length * n);
  keys.forEach((key, r) => out.set(draw(key).data, r * n));
  return fromData([...k.shape.slice(0, -1), ...shape], out);
};

interface DrawParams {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly draw: (key: Key) => Tensor;
}

/** Draws from each key of a key tensor; constant (no cotangent); batched by drawing for every key at once. */
const drawPrim: Primitive<DrawParams> = {
  name: 'random',
  impl: ([k], { shape, dtype, draw }) => perKey('random', need(k), shape, dtype, draw),
  vjp: () => [null],
  batch: ({ args: [k], dims: [d], params }) => [bind(drawPrim, [atFront(need(k), d ?? null)], params), 0],
};

/** foldIn of each key of a key tensor by i. */
const foldInPrim: Primitive<number> = {
  name: 'foldIn',
  impl: ([k], i) => perKey('foldIn', need(k), [4], 'float64', (key) => fromData([4], Float64Array.from(foldInKey(key, i)))),
  vjp: () => [null],
  batch: ({ args: [k], dims: [d], params }) => [bind(foldInPrim, [atFront(need(k), d ?? null)], params), 0],
};

/**
 * The one place a key tensor is given the type Key: inside vmap, f was written for keys and receives key
 * tensors standing for one key per example; only this module's functions read them.
 */
const asKey = (k: Tensor): Key => k as unknown as Key;

/** The key as a tensor when it is one (a mapped key inside vmap), else null. */
const keyTensor = (k: Key): Tensor | null => {
  const v: unknown = k;
  return isTensor(v) ? v : null;
};

/** uniform(k, shape, {low = 0, high = 1}): i.i.d. draws from U[low, high) (see core/random); inside vmap, per mapped key. */
export const uniform = (k: Key, shape: Shape, options: DTypeOption & { readonly low?: number; readonly high?: number } = {}): Tensor => {
  const t = keyTensor(k);
  if (t === null) return uniformKey(k, shape, options);
  checkShape('uniform', shape);
  uniformKey([0, 1, 0, 0], [0], options); // the options checked as outside vmap
  return bind(drawPrim, [t], { shape: [...shape], dtype: options.dtype ?? 'float64', draw: (key) => uniformKey(key, shape, options) });
};

/** normal(k, shape, {mean = 0, std = 1}): i.i.d. Gaussian draws (see core/random); inside vmap, per mapped key. */
export const normal = (k: Key, shape: Shape, options: DTypeOption & { readonly mean?: number; readonly std?: number } = {}): Tensor => {
  const t = keyTensor(k);
  if (t === null) return normalKey(k, shape, options);
  checkShape('normal', shape);
  normalKey([0, 1, 0, 0], [0], options);
  return bind(drawPrim, [t], { shape: [...shape], dtype: options.dtype ?? 'float64', draw: (key) => normalKey(key, shape, options) });
};

/** foldIn(k, i): the i-th child key of k (see core/random); inside vmap, of every mapped key. */
export const foldIn = (k: Key, i: number): Key => {
  const t = keyTensor(k);
  if (t === null) return foldInKey(k, i);
  foldInKey([0, 1, 0, 0], i);
  return asKey(bind(foldInPrim, [t], i));
};

/** split(k, n = 2) = [foldIn(k, 0), …, foldIn(k, n − 1)] (see core/random); inside vmap, of every mapped key. */
export const split = (k: Key, n = 2): Key[] => {
  const t = keyTensor(k);
  if (t === null) return splitKey(k, n);
  return splitKey([0, 1, 0, 0], n).map((_, i) => foldIn(k, i));
};
