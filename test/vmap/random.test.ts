/**
 * Random draws with keys mapped by vmap, and traced by jit: each key's draws are those of the same key drawn
 * eagerly outside vmap (bits); a jitted vmap over keys draws from each call's keys (never from the keys it was
 * traced with); permutation with mapped keys gives each example the permutation of its own key.
 */
import { describe, expect, it } from 'vitest';
import {
  type Key,
  type Tensor,
  add,
  foldIn,
  gather,
  grad,
  jit,
  key,
  normal,
  mul,
  permutation,
  split,
  sum,
  stack,
  tensor,
  uniform,
  vmap,
} from '../../src/index.ts';
import { bits, randomTensor, take } from './reference.ts';

const B = 4;
const draw = (k: Key, x: Tensor): Tensor => {
  const [k1 = k, k2 = k] = split(k);
  return add(add(x, normal(k1, [3])), uniform(foldIn(k2, 5), [3], { low: -2, high: 2 }));
};
const xs = randomTensor(1, [B, 3]);
/** The reference: draw with each key eagerly, one example at a time, stacked. */
const loop = (keys: readonly Key[]): Tensor => stack(keys.map((k, i) => draw(k, take(xs, 0, i))));

describe('random keys under jit(vmap(f))', () => {
  it("numbers: 'traced': one program draws from each call's keys, the eager bits of those keys", () => {
    let traces = 0;
    const f = jit(vmap(draw), { numbers: 'traced', onTrace: () => void (traces += 1) });
    const keysA = split(key(1), B);
    const keysB = split(key(2), B);
    const a = f(keysA, xs);
    const b = f(keysB, xs);
    expect(traces).toBe(1);
    expect(bits(a)).toEqual(bits(vmap(draw)(keysA, xs)));
    expect(bits(b)).toEqual(bits(vmap(draw)(keysB, xs)));
    expect(bits(b)).toEqual(bits(loop(keysB)));
    expect(bits(a)).not.toEqual(bits(b));
    expect(bits(f(keysA, xs))).toEqual(bits(a)); // the same keys again: the same draws
  });

  it("numbers: 'static' (the default): every key list is part of the signature, never a stale draw", () => {
    const f = jit(vmap(draw));
    const keysA = split(key(3), B);
    const keysB = split(key(4), B);
    expect(bits(f(keysA, xs))).toEqual(bits(loop(keysA)));
    expect(bits(f(keysB, xs))).toEqual(bits(loop(keysB)));
    expect(bits(f(keysA, xs))).toEqual(bits(loop(keysA)));
  });

  it('a key split inside the jitted function (traced root key), unmapped keys, and draws without vmap', () => {
    let traces = 0;
    const g = jit((k: Key) => vmap((kk: Key) => normal(kk, [2]))(split(k, B)), {
      numbers: 'traced',
      onTrace: () => void (traces += 1),
    });
    for (const seed of [5, 6]) {
      expect(bits(g(key(seed)))).toEqual(bits(stack(split(key(seed), B).map((kk) => normal(kk, [2])))));
    }
    const shared = jit(
      vmap((k: Key, x: Tensor) => add(x, normal(k, [3])), { inAxes: [null, 0] }),
      { numbers: 'traced' },
    );
    expect(bits(shared(key(7), xs))).toEqual(bits(add(xs, normal(key(7), [3]))));
    expect(bits(shared(key(8), xs))).toEqual(bits(add(xs, normal(key(8), [3]))));
    const plain = jit((k: Key) => uniform(foldIn(k, 2), [5]), { numbers: 'traced' });
    expect(bits(plain(key(9)))).toEqual(bits(uniform(foldIn(key(9), 2), [5])));
    expect(bits(plain(key(10)))).toEqual(bits(uniform(foldIn(key(10), 2), [5])));
    expect(traces).toBe(1);
  });

  it('jit(vmap(grad)) with per-example noise (DP-SGD style): traced keys give the eager bits for every call', () => {
    const w = randomTensor(2, [3]);
    const noisy = (k: Key, x: Tensor): Tensor => add(grad((v: Tensor) => sum(mul(mul(v, v), x)))(w), normal(k, [3]));
    let traces = 0;
    const step = jit(vmap(noisy), { numbers: 'traced', onTrace: () => void (traces += 1) });
    for (const seed of [21, 22, 23]) {
      const keys = split(key(seed), B);
      const eager = stack(keys.map((k, i) => noisy(k, take(xs, 0, i))));
      expect(bits(step(keys, xs))).toEqual(bits(eager));
    }
    expect(traces).toBe(1);
  });

  it('a traced word that is not a key word fails when the program runs, naming the op', () => {
    const f = jit(
      vmap((k: Key) => normal(k, [2])),
      { numbers: 'traced' },
    );
    f(split(key(1), 2));
    expect(() =>
      f([
        [1, 2, 3, 0.5],
        [1, 2, 3, 4],
      ]),
    ).toThrow(/not a random key/);
  });
});

describe('nested vmaps over keys', () => {
  it('vmap over split(k, m) inside a vmap over keys: each inner key draws as the same key eagerly', () => {
    const outer = split(key(31), 3);
    const m = 4;
    const f = (k: Key): Tensor => vmap((kk: Key) => normal(foldIn(kk, 1), [2]))(split(k, m));
    const ref = stack(outer.map((k) => stack(split(k, m).map((kk) => normal(foldIn(kk, 1), [2])))));
    expect(bits(vmap(f)(outer))).toEqual(bits(ref));
    const perm = vmap((k: Key) => vmap((kk: Key) => permutation(kk, 5, {}))(split(k, 2)))(outer);
    expect(Array.from(perm.data)).toEqual(
      outer.flatMap((k) => split(k, 2).flatMap((kk) => Array.from(permutation(kk, 5)))),
    );
  });
});

describe('permutation with mapped keys', () => {
  const n = 6;
  const keys = split(key(11), B);
  /** The reference: each key's Int32Array permutation, as a [B, n] tensor. */
  const perms = tensor(keys.map((k) => Array.from(permutation(k, n))));

  it("vmap over keys: each example's permutation is its own key's (float64 and float32)", () => {
    expect(bits(vmap((k: Key) => permutation(k, n, { dtype: 'float64' }))(keys))).toEqual(bits(perms));
    const p32 = vmap((k: Key) => permutation(k, n, { dtype: 'float32' }))(keys);
    expect(p32.dtype).toBe('float32');
    expect(Array.from(p32.data)).toEqual(Array.from(perms.data));
    expect(bits(vmap((k: Key) => permutation(k, n, {}), { outAxes: 1 })(keys))).toEqual(
      bits(
        stack(
          keys.map((k) => tensor(Array.from(permutation(k, n)))),
          { axis: 1 },
        ),
      ),
    );
  });

  it('eagerly, the tensor form holds the Int32Array permutation', () => {
    const k = key(12);
    expect(Array.from(permutation(k, n, {}).data)).toEqual(Array.from(permutation(k, n)));
  });

  it('each example shuffles its own rows with gather, as a loop over the keys does', () => {
    const rows = randomTensor(13, [B, n, 2]);
    const shuffled = vmap((k: Key, r: Tensor) => gather(r, permutation(k, n, {})))(keys, rows);
    const ref = stack(keys.map((k, i) => gather(take(rows, 0, i), permutation(k, n))));
    expect(bits(shuffled)).toEqual(bits(ref));
  });

  it('under jit with traced keys, each call permutes by its own keys', () => {
    const f = jit(
      vmap((k: Key) => permutation(k, n, {})),
      { numbers: 'traced' },
    );
    expect(bits(f(keys))).toEqual(bits(perms));
    const other = split(key(14), B);
    expect(bits(f(other))).toEqual(bits(tensor(other.map((k) => Array.from(permutation(k, n))))));
  });

  it('the Int32Array form with a mapped key is refused, naming the tensor form', () => {
    expect(() => vmap((k: Key) => tensor(Array.from(permutation(k, n))))(keys)).toThrow(
      /permutation\(k, n, \{ dtype: 'float64' \}\)/,
    );
  });
});
