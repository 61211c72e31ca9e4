/**
 * Explicit, splittable randomness. A `Key` is plain data (the four 32-bit words of a xoroshiro128+ state from
 * pure-rand): a key goes in, numbers and new keys come out, and the same key always gives the same numbers.
 * There is no hidden generator and no Math.random anywhere in the library.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { allocate, defaultDType } from './dtype.js';
import { type Shape, ShapeError, checkShape, sizeOf } from './shape.js';
import { type DTypeOption, type Tensor, fromData } from './tensor.js';

/** A random key: plain, serialisable data. Derive fresh keys with `split`; never reuse one for two purposes. */
export type Key = readonly number[];

/** key(seed) makes the root key of a run from an integer seed. */
export const key = (seed: number): Key => {
  if (!Number.isInteger(seed)) throw new RangeError(`key: seed must be an integer, got ${seed}`);
  return xoroshiro128plus(seed).getState();
};

const checkKey = (k: Key): Key => {
  if (k.length !== 4 || k.some((w) => !Number.isInteger(w))) {
    throw new RangeError(`random key must be four 32-bit integers, got ${JSON.stringify(k)}`);
  }
  return k;
};

const generator = (k: Key): RandomGenerator => xoroshiro128plusFromState(checkKey(k));

/** The murmur3 finaliser: a bijective 32-bit mix. */
const fmix32 = (h0: number): number => {
  let h = h0 | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
};

/**
 * foldIn(k, i) derives the i-th child key of k (i ≥ 0) in O(1): each of the four state words is mixed with i
 * by the murmur3 finaliser, w'ⱼ = fmix(wⱼ ⊕ fmix(i + (j + 1)·φ)) with φ = 0x9e3779b9. E.g. one key per epoch
 * from a run's key without threading keys through the loop.
 */
export const foldIn = (k: Key, i: number): Key => {
  if (!Number.isInteger(i) || i < 0) throw new RangeError(`foldIn: index must be a non-negative integer, got ${i}`);
  const state = checkKey(k).map((w, j) => fmix32(w ^ fmix32(i + Math.imul(j + 1, 0x9e3779b9))));
  if (!state.some((w) => w !== 0)) state[0] = 0x9e3779b9 | 0;
  return state;
};

/** split(k, n = 2) = [foldIn(k, 0), …, foldIn(k, n − 1)]: n independent keys derived from k. */
export const split = (k: Key, n = 2): Key[] => Array.from({ length: n }, (_, i) => foldIn(k, i));

/** uniform(k, shape, {low = 0, high = 1}): i.i.d. draws from U[low, high). */
export const uniform = (
  k: Key,
  shape: Shape,
  options: DTypeOption & { readonly low?: number; readonly high?: number } = {},
): Tensor => {
  checkShape('uniform', shape);
  const { low = 0, high = 1 } = options;
  const rng = generator(k);
  const data = allocate(options.dtype ?? defaultDType, sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * uniformFloat64(rng);
  return fromData([...shape], data);
};

/**
 * normal(k, shape, {mean = 0, std = 1}): i.i.d. Gaussian draws by the Box–Muller transform,
 * z = √(−2 ln u₁) · cos(2π u₂) with u₁ ∈ (0, 1], u₂ ∈ [0, 1).
 */
export const normal = (
  k: Key,
  shape: Shape,
  options: DTypeOption & { readonly mean?: number; readonly std?: number } = {},
): Tensor => {
  checkShape('normal', shape);
  const { mean = 0, std = 1 } = options;
  const rng = generator(k);
  const data = allocate(options.dtype ?? defaultDType, sizeOf(shape));
  for (let i = 0; i < data.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - uniformFloat64(rng)));
    const theta = 2 * Math.PI * uniformFloat64(rng);
    data[i] = mean + std * r * Math.cos(theta);
    if (i + 1 < data.length) data[i + 1] = mean + std * r * Math.sin(theta);
  }
  return fromData([...shape], data);
};

/** permutation(k, n): a uniformly random ordering of 0 … n−1 (Fisher–Yates driven by k). */
export const permutation = (k: Key, n: number): Int32Array => {
  if (!Number.isInteger(n) || n < 0) throw new ShapeError('permutation', `n must be a non-negative integer, got ${n}`);
  const rng = generator(k);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniformFloat64(rng) * (i + 1));
    const t = out[i] ?? i;
    out[i] = out[j] ?? j;
    out[j] = t;
  }
  return out;
};
