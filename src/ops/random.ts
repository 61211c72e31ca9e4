/**
 * Random draws that vmap can map over keys and jit can trace. Outside vmap and jit these are core/random's
 * functions on a Key (plain data). Inside vmap, a batch of keys (`split(k, n)` passed with an axis) reaches f
 * as a key tensor (the four state words as numbers, shape [..., 4]); under `jit(…, {numbers: 'traced'})` a
 * key's words are traced numbers, gathered into a key tensor of the trace. `normal`, `uniform`, `split`,
 * `foldIn` and `permutation` then run as primitives whose batching rule draws for every key of the batch in
 * one application, and which jit stages as equations (the draws happen when the program runs, from the keys
 * of that call): each key's draws are exactly those of the same key outside vmap and jit.
 */
import {
  type Key,
  checkKey,
  foldIn as foldInKey,
  normal as normalKey,
  permutation as permutationKey,
  split as splitKey,
  uniform as uniformKey,
} from '../core/random.js';
import type { DType } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import { type Shape, checkShape, sizeOf } from '../core/shape.js';
import { type DTypeOption, type Tensor, fromData, isTensor, scalar } from '../core/tensor.js';
import { allocate, checkDType } from '../core/dtype.js';
import { isStaged, numberLeaf } from '../core/stage.js';
import { checkCount, checkOptions } from '../core/arguments.js';
import type { KeySet } from '../core/options.js';
import { type Primitive, bind, need } from '../autodiff/tape.js';
import { atFront, materialized } from './batching.js';
import { reshape } from './structural.js';

/** The keys of a key tensor [..., 4], row by row (each checked). */
const keyRows = (where: string, k: Tensor): Key[] => {
  if (k.shape[k.shape.length - 1] !== 4)
    throw new ArgumentError(where, `a key tensor has shape [..., 4], got [${k.shape.join(',')}]`);
  const d = k.data;
  return Array.from({ length: d.length / 4 }, (_, r) =>
    checkKey(where, [d[4 * r] ?? 0, d[4 * r + 1] ?? 0, d[4 * r + 2] ?? 0, d[4 * r + 3] ?? 0]),
  );
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
  impl: ([k], i) =>
    perKey('foldIn', need(k), [4], 'float64', (key) => fromData([4], Float64Array.from(foldInKey(key, i)))),
  vjp: () => [null],
  batch: ({ args: [k], dims: [d], params }) => [bind(foldInPrim, [atFront(need(k), d ?? null)], params), 0],
};

/**
 * Rank-0 words w₀ … w_{k−1} of one shape S stacked along a new last axis: out[s, j] = w_j[s], shape [...S, k].
 * How traced key words (jit's numbers) become a key tensor. Keys are not differentiated.
 */
const wordsPrim: Primitive<null> = {
  name: 'keyWords',
  impl: (words) => {
    const first = need(words[0]);
    const n = first.data.length;
    const k = words.length;
    const out = new Float64Array(n * k);
    words.forEach((w, j) => {
      const d = w.data;
      for (let s = 0; s < n; s++) out[s * k + j] = d[s] ?? 0;
    });
    return fromData([...first.shape, k], out);
  },
  vjp: (_g, { inputs }) => inputs.map(() => null),
  batch: ({ args, dims, size }) => [
    bind(
      wordsPrim,
      args.map((w, i) => materialized(w, dims[i] ?? null, size)),
      null,
    ),
    0,
  ],
};

/** A key word as a tensor: a traced number (a rank-0 staged value) as it is, a number as a rank-0 float64 tensor. */
const wordTensor = (w: number): Tensor => {
  const v: unknown = w;
  return isTensor(v) ? v : scalar(w);
};

/**
 * A traced key word (a rank-0 staged value) as the traced number it stands for: the one place such a word is
 * typed as a number, which is what f's code (written for keys of numbers) receives.
 */
const numberOf = (w: Tensor): number => numberLeaf(w) as number;

/** True when a key's words are (some of them) traced numbers: the words of a jitted function's traced key. */
const tracedWords = (k: unknown): k is Key => Array.isArray(k) && k.length === 4 && k.some((w: unknown) => isStaged(w));

/**
 * Keys whose words may be traced numbers (jit with `numbers: 'traced'`) as one key tensor [n, 4] of the trace:
 * the keys' words are read when the program runs, so each call draws from its own keys.
 */
export const stackedKeys = (keys: readonly Key[]): Tensor =>
  reshape(bind(wordsPrim, keys.flat().map(wordTensor), null), [keys.length, 4]);

/**
 * The one place a key tensor is given the type Key: inside vmap, f was written for keys and receives key
 * tensors standing for one key per example; only this module's functions read them.
 */
const asKey = (k: Tensor): Key => k as unknown as Key;

/**
 * The key tensors foldIn and split return for mapped keys (each stands for one key per example): a list of
 * them, e.g. split(k, n) inside vmap, is a list of keys that an inner vmap maps as it maps `split(key, n)`.
 */
const keyTensors = new WeakSet<Tensor>();

/** True for a key tensor made by foldIn or split from a mapped key (see keyTensors). */
export const isKeyTensor = (x: unknown): x is Tensor => isTensor(x) && keyTensors.has(x);

/** The key as a tensor when it is one (a mapped key inside vmap) or when its words are traced by jit, else null. */
const keyTensor = (k: Key): Tensor | null => {
  const v: unknown = k;
  if (isTensor(v)) return v;
  return tracedWords(v) ? reshape(stackedKeys([v]), [4]) : null;
};

/** uniform(k, shape, {low = 0, high = 1}): i.i.d. draws from U[low, high) (core/random); in vmap, per mapped key. */
export const uniform = (
  k: Key,
  shape: Shape,
  options: DTypeOption & { readonly low?: number; readonly high?: number } = {},
): Tensor => {
  const t = keyTensor(k);
  if (t === null) return uniformKey(k, shape, options);
  checkShape('uniform', shape);
  uniformKey([0, 1, 0, 0], [0], options); // the options checked as outside vmap
  return bind(drawPrim, [t], {
    shape: [...shape],
    dtype: options.dtype ?? 'float64',
    draw: (key) => uniformKey(key, shape, options),
  });
};

/** normal(k, shape, {mean = 0, std = 1}): i.i.d. Gaussian draws (see core/random); inside vmap, per mapped key. */
export const normal = (
  k: Key,
  shape: Shape,
  options: DTypeOption & { readonly mean?: number; readonly std?: number } = {},
): Tensor => {
  const t = keyTensor(k);
  if (t === null) return normalKey(k, shape, options);
  checkShape('normal', shape);
  normalKey([0, 1, 0, 0], [0], options);
  return bind(drawPrim, [t], {
    shape: [...shape],
    dtype: options.dtype ?? 'float64',
    draw: (key) => normalKey(key, shape, options),
  });
};

/** Word j of each key of a key tensor [..., 4]: shape [...]. How a traced key's child gets its words back. */
const wordPrim: Primitive<number> = {
  name: 'keyWord',
  impl: ([k], j) => {
    const d = need(k).data;
    const out = new Float64Array(d.length / 4);
    for (let r = 0; r < out.length; r++) out[r] = d[4 * r + j] ?? 0;
    return fromData(need(k).shape.slice(0, -1), out);
  },
  vjp: () => [null],
  batch: ({ args: [k], dims: [d], params }) => [bind(wordPrim, [atFront(need(k), d ?? null)], params), 0],
};

/**
 * foldIn(k, i): the i-th child key of k (see core/random); inside vmap, of every mapped key (a key tensor);
 * under jit with traced numbers, a key of four traced words computed when the program runs.
 */
export const foldIn = (k: Key, i: number): Key => {
  const t = keyTensor(k);
  if (t === null) return foldInKey(k, i);
  foldInKey([0, 1, 0, 0], i);
  const child = bind(foldInPrim, [t], i);
  if (tracedWords(k)) return [0, 1, 2, 3].map((j) => numberOf(bind(wordPrim, [child], j)));
  keyTensors.add(child);
  return asKey(child);
};

/** split(k, n = 2) = [foldIn(k, 0), …, foldIn(k, n − 1)] (see core/random); inside vmap, of every mapped key. */
export const split = (k: Key, n = 2): Key[] => {
  const t = keyTensor(k);
  if (t === null) return splitKey(k, n);
  return splitKey([0, 1, 0, 0], n).map((_, i) => foldIn(k, i));
};

const dtypeKeys: KeySet<DTypeOption> = { dtype: true };

/** A permutation of 0 … n − 1 as a tensor of its indices (exact in float32 too: n ≤ 2²⁴ is checked). */
const permutationTensor = (key: Key, n: number, dtype: DType): Tensor => {
  const out = allocate(dtype, n);
  out.set(permutationKey(key, n));
  return fromData([n], out);
};

/**
 * permutation(k, n): a uniformly random ordering of 0 … n − 1 (Fisher–Yates driven by k, see core/random), as
 * an Int32Array. permutation(k, n, {dtype}): the same ordering as a tensor [n] of index values, which also
 * works where the key is a tensor: mapped by vmap (one permutation per example, each that of its own key, in
 * one batched draw) or traced by jit (drawn when the program runs). Indices up to 2²⁴ are exact in float32.
 */
export function permutation(k: Key, n: number): Int32Array;
/** permutation(k, n, {dtype}): the ordering as a tensor [n] of index values (see the first signature). */
export function permutation(k: Key, n: number, options: DTypeOption): Tensor;
export function permutation(k: Key, n: number, options?: DTypeOption): Int32Array | Tensor {
  checkCount('permutation', 'n', n);
  checkOptions('permutation', options, dtypeKeys);
  const t = keyTensor(k);
  if (options === undefined) {
    if (t === null) return permutationKey(k, n);
    throw new ArgumentError(
      'permutation',
      'the key is a tensor (mapped by vmap, one permutation per example, or traced by jit), so the permutation ' +
        "cannot be an Int32Array: ask for a tensor of indices with permutation(k, n, { dtype: 'float64' })",
    );
  }
  const dtype = options.dtype === undefined ? 'float64' : checkDType('permutation', options.dtype);
  if (dtype === 'float32' && n > 2 ** 24) {
    throw new ArgumentError('permutation', `n = ${n} indices are not all exact in float32 (at most 2^24): use float64`);
  }
  if (t === null) return permutationTensor(k, n, dtype);
  return bind(drawPrim, [t], { shape: [n], dtype, draw: (key) => permutationTensor(key, n, dtype) });
}
