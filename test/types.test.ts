/**
 * Type tests: gradients are typed like the parameters, and misuse does not compile. The `@ts-expect-error`
 * lines fail `npm test` (tsc) if the misuse they mark ever starts to compile.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';

interface Mlp {
  readonly layers: readonly { readonly w: Tensor; readonly b: Tensor }[];
  readonly scale: Tensor;
}

const loss = (p: Mlp): Tensor => g.mul(p.scale, g.sum(g.add(p.layers[0]?.w ?? 0, p.layers[0]?.b ?? 0)));

describe('gradient types follow the parameter tree', () => {
  it('an interface with arrays and a number leaf', () => {
    const params = { layers: [{ w: g.ones([2, 2]), b: g.zeros([2]) }], scale: 2 };
    const grads = g.grad(loss)(params);
    expectTypeOf(grads.scale).toEqualTypeOf<number>();
    expectTypeOf(grads.layers[0]).toEqualTypeOf<{ readonly w: Tensor; readonly b: Tensor } | undefined>();
    expect(grads.scale).toBe(4);
    expect(g.toArray(grads.layers[0]?.b ?? 0)).toEqual([4, 4]);
  });
  it('tuples stay tuples', () => {
    const grads = g.grad((p: readonly [Tensor, Tensor]) => g.mul(p[0], p[1]))([g.scalar(2), 3] as const);
    expectTypeOf(grads).toEqualTypeOf<readonly [Tensor, number]>();
    expect(grads[1]).toBe(2);
  });
  it('valueAndGrad with aux types the aux', () => {
    const f = g.valueAndGrad((w: Tensor) => [g.square(w), { note: 'n', w }] as const, { hasAux: true });
    const [[value, aux], dw] = f(g.scalar(3));
    expectTypeOf(value).toEqualTypeOf<Tensor>();
    expectTypeOf(aux.note).toEqualTypeOf<'n'>();
    expectTypeOf(dw).toEqualTypeOf<Tensor>();
  });
  it('misuse does not compile', () => {
    const df = g.grad((p: { w: Tensor }) => g.sum(p.w));
    // @ts-expect-error a missing leaf
    expect(() => df({})).toThrow();
    // @ts-expect-error a leaf of the wrong kind
    expect(() => df({ w: 'x' })).toThrow();
    const grads = df({ w: g.ones([2]) });
    // @ts-expect-error the gradient has no field the parameters lack
    expect(grads.v).toBeUndefined();
  });
  it('misuse in the differentiated function does not compile', () => {
    // Never called: these lines are here for the type checker.
    const misuse = (): void => {
      // @ts-expect-error a function must declare tensors (inside grad a number arrives as a tensor)
      g.grad((x: number) => g.scalar(x))(1);
      // @ts-expect-error a loss returns a tensor or a number, not a string
      g.grad((_x: Tensor) => 'loss');
    };
    expectTypeOf(misuse).toBeFunction();
  });
});

describe('OptState', () => {
  it('names the state an optimizer keeps for a parameter tree, as init returns it', () => {
    const opt = g.adam({ lr: 0.01 });
    type P = { w: number; b: g.Tensor };
    expectTypeOf(opt.init<P>).returns.toEqualTypeOf<g.OptState<typeof opt, P>>();
    const sgd = g.sgd({ lr: 0.1, momentum: 0.9 });
    expectTypeOf(sgd.init<P>).returns.toEqualTypeOf<g.OptState<typeof sgd, P>>();
    expectTypeOf<g.OptState<number, P>>().toBeNever();
  });
});
