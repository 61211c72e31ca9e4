/**
 * vmap's types: the result is f's with every number leaf a tensor, arguments keep f's types (a key argument also
 * takes a list of keys), and misuse does not compile (the @ts-expect-error lines fail tsc if it ever does).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Key, type Tensor, grad, key, mul, normal, split, sum, vmap, zeros } from '../../src/index.ts';

describe('vmap types', () => {
  it('tensors stay tensors, numbers become tensors, trees keep their structure', () => {
    const f = vmap((x: Tensor) => ({ y: mul(x, 2), n: 1, pair: [sum(x), 3] as const }));
    const r = f(zeros([4, 2]));
    expectTypeOf(r.y).toEqualTypeOf<Tensor>();
    expectTypeOf(r.n).toEqualTypeOf<Tensor>();
    expectTypeOf(r.pair[1]).toEqualTypeOf<Tensor>();
    expect(r.n.shape).toEqual([4]);
  });
  it('per-example gradients are typed like the parameters, with tensors at number leaves', () => {
    const g = vmap(
      (p: { w: Tensor; s: number }, x: Tensor) => grad((q: { w: Tensor; s: Tensor }) => sum(mul(q.s, mul(q.w, x))))(p),
      { inAxes: [null, 0] },
    );
    const out = g({ w: zeros([2]), s: 1 }, zeros([3, 2]));
    expectTypeOf(out.w).toEqualTypeOf<Tensor>();
    expectTypeOf(out.s).toEqualTypeOf<Tensor>();
    expect(out.s.shape).toEqual([3]);
  });
  it('a key argument takes a list of keys', () => {
    const draw = vmap((k: Key) => normal(k, [2]));
    expect(draw(split(key(1), 5)).shape).toEqual([5, 2]);
    // @ts-expect-error a string is not a key
    expect(() => draw('k')).toThrow();
    // @ts-expect-error f takes one argument
    expect(() => draw(split(key(1), 5), 2)).toThrow();
  });
});
