/**
 * jit(f, {reuseArrays: true}): each program's next run reuses the large arrays its last run made and its result
 * does not hold. The results are the eager bits, the results of earlier calls are never written again, the reuse
 * is real (fewer fresh arrays per call), and per-example gradients under vmap(grad) inside a step reuse theirs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  exp,
  grad,
  jit,
  matmul,
  mul,
  normal,
  key,
  relu,
  softmaxCrossEntropy,
  sqrt,
  sum,
  tensor,
  vmap,
} from '../src/index.ts';
import { ArgumentError } from '../src/core/errors.ts';
import { recycleMinimum } from '../src/core/recycle.ts';
import { call } from './untyped.ts';

const bitsOf = (t: Tensor): string[] => Array.from(t.data, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** A large float32 input (above the recycling threshold), different for each seed. */
const input = (seed: number, n = recycleMinimum + 5): Tensor =>
  tensor(
    Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + seed)),
    { dtype: 'float32' },
  );

/** Two intermediates and a result, each of x's length (unfused, so that the intermediates are arrays). */
const chain = (x: Tensor): Tensor => add(exp(mul(x, 2)), 1);

/**
 * Counts the large float arrays made while `body` runs: `new Float32Array(length)` / `new Float64Array(length)`
 * (the constructors wrapped in counting proxies, so `instanceof` still holds for every array) and the
 * uninitialised Node buffers large outputs get (`Buffer.allocUnsafeSlow`, see ops/outer.ts).
 */
const freshArrays = (body: () => void): number => {
  const saved = { f32: globalThis.Float32Array, f64: globalThis.Float64Array };
  const unsafe: unknown = Reflect.get(Buffer, 'allocUnsafeSlow');
  const allocUnsafeSlow = Buffer.allocUnsafeSlow.bind(Buffer);
  let count = 0;
  Buffer.allocUnsafeSlow = (bytes: number): ReturnType<typeof Buffer.allocUnsafeSlow> => {
    if (bytes >= 4 * recycleMinimum) count += 1;
    return allocUnsafeSlow(bytes);
  };
  const counting = <C extends Float32ArrayConstructor | Float64ArrayConstructor>(ctor: C): C =>
    new Proxy(ctor, {
      construct: (target, args: unknown[]) => {
        if (typeof args[0] === 'number' && args[0] >= recycleMinimum) count += 1;
        return Reflect.construct(target, args) as object;
      },
    });
  globalThis.Float32Array = counting(saved.f32);
  globalThis.Float64Array = counting(saved.f64);
  try {
    body();
  } finally {
    globalThis.Float32Array = saved.f32;
    globalThis.Float64Array = saved.f64;
    Reflect.set(Buffer, 'allocUnsafeSlow', unsafe);
  }
  return count;
};

describe('jit reuseArrays', () => {
  afterEach(() => {
    expect(globalThis.Float32Array.name).toBe('Float32Array');
  });

  it('gives the eager bits on every call, and never writes an earlier result again', () => {
    const jf = jit(chain, { reuseArrays: true, fuse: false });
    const kept: { result: Tensor; bits: string[] }[] = [];
    for (let seed = 0; seed < 6; seed++) {
      const x = input(seed);
      const result = jf(x);
      expect(bitsOf(result)).toEqual(bitsOf(chain(x)));
      kept.push({ result, bits: bitsOf(result) });
    }
    for (const k of kept) expect(bitsOf(k.result)).toEqual(k.bits);
    expect(new Set(kept.map((k) => k.result.data.buffer)).size).toBe(kept.length);
  });

  it('makes only its result fresh once warm (off: every intermediate too)', () => {
    const count = (reuseArrays: boolean): number => {
      const jf = jit(chain, { reuseArrays, fuse: false });
      jf(input(0));
      jf(input(1));
      return freshArrays(() => {
        for (let seed = 2; seed < 6; seed++) jf(input(seed));
      });
    };
    const inputs = freshArrays(() => {
      for (let seed = 2; seed < 6; seed++) input(seed);
    });
    expect(count(false) - inputs).toBe(4 * 3);
    expect(count(true) - inputs).toBe(4 * 1);
  });

  it('keeps one set per signature: alternating shapes and an evicted program give the eager bits', () => {
    for (const maxSignatures of [1, 4]) {
      const jf = jit(chain, { reuseArrays: true, fuse: false, maxSignatures });
      for (let round = 0; round < 3; round++) {
        for (const n of [recycleMinimum + 5, recycleMinimum + 77]) {
          const x = input(round + n, n);
          expect(bitsOf(jf(x))).toEqual(bitsOf(chain(x)));
        }
      }
    }
  });

  it('a result that is an intermediate viewed again (a reshape) is kept out of the reuse', () => {
    const f = (x: Tensor): { readonly flat: Tensor; readonly sum: Tensor } => {
      const y = exp(mul(x, 3));
      return { flat: y, sum: sum(y) };
    };
    const jf = jit(f, { reuseArrays: true, fuse: false });
    const first = jf(input(1));
    const firstBits = bitsOf(first.flat);
    for (let seed = 2; seed < 5; seed++) {
      const x = input(seed);
      const r = jf(x);
      expect(bitsOf(r.flat)).toEqual(bitsOf(f(x).flat));
    }
    expect(bitsOf(first.flat)).toEqual(firstBits);
  });

  it('per-example gradients inside a step (vmap(grad), clipped norms) reuse theirs, to the eager bits', () => {
    const [inputs, hidden, classes, batch] = [96, 48, 10, 32]; // w₁'s per-example gradients: 147 456 elements
    type P = { readonly w1: Tensor; readonly w2: Tensor };
    const p: P = {
      w1: normal(key(1), [inputs, hidden], { dtype: 'float32', std: 0.1 }),
      w2: normal(key(2), [hidden, classes], { dtype: 'float32', std: 0.1 }),
    };
    const perExample = vmap(
      (q: P, x: Tensor, y: Tensor) => grad((r: P) => softmaxCrossEntropy(matmul(relu(matmul(x, r.w1)), r.w2), y))(q),
      { inAxes: [null, 0, 0] },
    );
    const step = (q: P, x: Tensor, y: Tensor): { readonly w1: Tensor; readonly norms: Tensor } => {
      const g = perExample(q, x, y);
      const norms = sqrt(add(sum(mul(g.w1, g.w1), { axis: [1, 2] }), sum(mul(g.w2, g.w2), { axis: [1, 2] })));
      return { w1: sum(g.w1, { axis: 0 }), norms };
    };
    const batches = [0, 1, 2, 3].map((s) => ({
      x: normal(key(10 + s), [batch, inputs], { dtype: 'float32' }),
      y: tensor(Array.from({ length: batch }, (_, i) => (i + s) % classes)),
    }));
    const fresh = (reuseArrays: boolean): number => {
      const jf = jit(step, { reuseArrays });
      const kept: { w1: Tensor; norms: Tensor; bits: string[] }[] = [];
      const run = ({ x, y }: { readonly x: Tensor; readonly y: Tensor }): void => {
        const got = jf(p, x, y);
        kept.push({ ...got, bits: bitsOf(got.w1) });
      };
      batches.slice(0, 2).forEach(run);
      const made = freshArrays(() => batches.slice(2).forEach(run));
      kept.forEach((k, i) => {
        const b = batches[i];
        expect(b).toBeDefined();
        if (b === undefined) return;
        const want = step(p, b.x, b.y);
        expect(k.bits).toEqual(bitsOf(want.w1));
        expect(bitsOf(k.norms)).toEqual(bitsOf(want.norms));
        expect(bitsOf(k.w1)).toEqual(k.bits);
      });
      return made;
    };
    expect(fresh(false)).toBeGreaterThanOrEqual(2); // at least the per-example w₁ gradients of each call
    expect(fresh(true)).toBe(0); // the results are small: every large array is an intermediate, reused
  });

  it('refuses a reuseArrays that is not a boolean, naming jit and the option', () => {
    expect(call('jit', chain, { reuseArrays: 'yes' })).toThrow(ArgumentError);
    expect(call('jit', chain, { reuseArrays: 'yes' })).toThrow(/jit.*reuseArrays must be a boolean.*"yes"/);
    expect(call('jit', chain, { reuseArray: true })).toThrow(/unknown option "reuseArray"/);
  });
});
