/**
 * Explicit, splittable randomness. A `Key` is plain data (the four 32-bit words of a xoroshiro128+ state from
 * pure-rand): a key goes in, numbers and new keys come out, and the same key always gives the same numbers.
 * There is no hidden generator and no Math.random anywhere in the library.
 *
 * Seeding: `key(seed)` expands the seed with SplitMix64 (Vigna's recommended seeder for xoroshiro), so the
 * keys of nearby seeds (0, 1, 2, …) are unrelated states and their first draws are uniform. Draws read the
 * high bits of each 32-bit output (the low bits of xoroshiro128+ are its weakest).
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { checkCount, checkFiniteNumber, checkOptions } from './arguments.js';
import { type DType, allocate, checkDType, defaultDType } from './dtype.js';
import { ArgumentError, describeValue } from './errors.js';
import type { KeySet } from './options.js';
import { type Shape, checkShape, sizeOf } from './shape.js';
import { type DTypeOption, type Tensor, fromData } from './tensor.js';
import { isArray } from './is-array.js';

/** A random key: plain, serialisable data. Derive fresh keys with `split`; never reuse one for two purposes. */
export type Key = readonly number[];

const mask64 = (1n << 64n) - 1n;

/** One SplitMix64 output for the 64-bit state `z` (already advanced): Stafford's mix13 finaliser. */
const splitMix64 = (state: bigint): bigint => {
  let z = state & mask64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask64;
  return z ^ (z >> 31n);
};

/** The high and low 32-bit words of a 64-bit value, as signed 32-bit integers (pure-rand's state words). */
const words = (z: bigint): [number, number] => [Number(BigInt.asIntN(32, z >> 32n)), Number(BigInt.asIntN(32, z))];

/**
 * key(seed) makes the root key of a run from an integer seed (any safe integer, negative included): the
 * xoroshiro128+ state (s₀, s₁) = (SplitMix64₁(seed), SplitMix64₂(seed)), where SplitMix64ₖ(s) mixes
 * s + k·0x9e3779b97f4a7c15 mod 2⁶⁴. Distinct seeds give distinct, well-spread keys.
 */
export const key = (seed: number): Key => {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ArgumentError('key', `seed must be a safe integer, got ${describeValue(seed)}`);
  }
  const s = BigInt.asUintN(64, BigInt(seed));
  const golden = 0x9e3779b97f4a7c15n;
  const [s01, s00] = words(splitMix64(s + golden));
  const [s11, s10] = words(splitMix64(s + 2n * golden));
  // An all-zero xoroshiro state never moves; SplitMix64 cannot give two zero outputs here, but be certain.
  return s01 === 0 && s00 === 0 && s11 === 0 && s10 === 0 ? [0, 0x9e3779b9 | 0, 0, 0] : [s01, s00, s11, s10];
};

/** k itself when it is a key (four 32-bit integers, not all 0), else an ArgumentError naming `where`. */
export const checkKey = (where: string, k: unknown): Key => {
  if (
    !isArray(k) ||
    k.length !== 4 ||
    !k.every((w): w is number => typeof w === 'number' && Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32) ||
    k.every((w) => w === 0)
  ) {
    throw new ArgumentError(
      where,
      `the key is ${describeValue(k)}, not a random key (make one with key(seed), split or foldIn)`,
    );
  }
  return k;
};

const generator = (where: string, k: Key): RandomGenerator => xoroshiro128plusFromState(checkKey(where, k));

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
  checkKey('foldIn', k);
  if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0) {
    throw new ArgumentError('foldIn', `index must be a non-negative integer, got ${describeValue(i)}`);
  }
  const state = k.map((w, j) => fmix32(w ^ fmix32(i + Math.imul(j + 1, 0x9e3779b9))));
  if (!state.some((w) => w !== 0)) state[0] = 0x9e3779b9 | 0;
  return state;
};

/** split(k, n = 2) = [foldIn(k, 0), …, foldIn(k, n − 1)]: n independent keys derived from k. */
export const split = (k: Key, n = 2): Key[] => {
  checkKey('split', k);
  return Array.from({ length: checkCount('split', 'n', n) }, (_, i) => foldIn(k, i));
};

/** A uniform double in [0, 1) from two outputs: their high 26 and 27 bits, 53 bits in all (multiples of 2⁻⁵³). */
const unit = (rng: RandomGenerator): number => (rng.next() >>> 6) * 2 ** -26 + (rng.next() >>> 5) * 2 ** -53;

/** The options of `uniform` (low included, high excluded, both finite, low ≤ high). */
type UniformOptions = DTypeOption & { readonly low?: number; readonly high?: number };

/** The options of `normal` (mean finite, std finite and ≥ 0). */
type NormalOptions = DTypeOption & { readonly mean?: number; readonly std?: number };

const uniformKeys: KeySet<UniformOptions> = { dtype: true, low: true, high: true };
const normalKeys: KeySet<NormalOptions> = { dtype: true, mean: true, std: true };

/** The dtype an options object asks for (checked), default float64. */
const dtypeOf = (where: string, options: DTypeOption): DType =>
  options.dtype === undefined ? defaultDType : checkDType(where, options.dtype);

/** uniform(k, shape, {low = 0, high = 1}): i.i.d. draws from U[low, high). */
export const uniform = (
  k: Key,
  shape: Shape,
  options: DTypeOption & { readonly low?: number; readonly high?: number } = {},
): Tensor => {
  checkOptions('uniform', options, uniformKeys);
  checkShape('uniform', shape);
  const low = checkFiniteNumber('uniform', 'low', options.low ?? 0);
  const high = checkFiniteNumber('uniform', 'high', options.high ?? 1);
  if (low > high) throw new ArgumentError('uniform', `low = ${low} is greater than high = ${high}`);
  const rng = generator('uniform', k);
  const data = allocate(dtypeOf('uniform', options), sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * unit(rng);
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
  checkOptions('normal', options, normalKeys);
  checkShape('normal', shape);
  const mean = checkFiniteNumber('normal', 'mean', options.mean ?? 0);
  const std = checkFiniteNumber('normal', 'std', options.std ?? 1);
  if (std < 0) throw new ArgumentError('normal', `std must be ≥ 0, got ${std}`);
  const rng = generator('normal', k);
  const data = allocate(dtypeOf('normal', options), sizeOf(shape));
  for (let i = 0; i < data.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - unit(rng)));
    const theta = 2 * Math.PI * unit(rng);
    data[i] = mean + std * r * Math.cos(theta);
    if (i + 1 < data.length) data[i + 1] = mean + std * r * Math.sin(theta);
  }
  return fromData([...shape], data);
};

/** permutation(k, n): a uniformly random ordering of 0 … n−1 (Fisher–Yates driven by k). */
export const permutation = (k: Key, n: number): Int32Array => {
  checkCount('permutation', 'n', n);
  const rng = generator('permutation', k);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(unit(rng) * (i + 1));
    const t = out[i] ?? i;
    out[i] = out[j] ?? j;
    out[j] = t;
  }
  return out;
};
