/**
 * grad / valueAndGrad / vjp with `argnums` (as in JAX): gradients with respect to chosen positional arguments,
 * the others passed through. Checked against hand-computed gradients and central finite differences; nested;
 * composed with jit and vmap; typed after the literal argnums; every misuse an ArgumentError naming it.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';
import { ArgumentError } from '../src/core/errors.ts';
import { callable } from './untyped.ts';

/** f(x, y, c) = Σ c·x·y² + sin(x)·y: ∂f/∂x = c·y² + cos(x)·y, ∂f/∂y = 2·c·x·y + sin(x), ∂f/∂c = Σ x·y². */
const f = (x: Tensor, y: Tensor, c: Tensor): Tensor =>
  g.sum(g.add(g.mul(c, g.mul(x, g.square(y))), g.mul(g.sin(x), y)));
const xs = [0.3, -1.2, 2];
const ys = [1.5, 0.4, -0.7];
const c0 = 0.8;
const dfdx = xs.map((x, i) => c0 * ys[i]! ** 2 + Math.cos(x) * ys[i]!);
const dfdy = xs.map((x, i) => 2 * c0 * x * ys[i]! + Math.sin(x));
const dfdc = xs.reduce((s, x, i) => s + x * ys[i]! ** 2, 0);
const x = g.tensor(xs);
const y = g.tensor(ys);

/** Central differences of a scalar function of the flat values v, one coordinate at a time. */
const centralDiff = (fn: (v: readonly number[]) => number, v: readonly number[], h = 1e-6): number[] =>
  v.map((_, i) => {
    const up = v.map((vi, j) => (j === i ? vi + h : vi));
    const down = v.map((vi, j) => (j === i ? vi - h : vi));
    return (fn(up) - fn(down)) / (2 * h);
  });

const near = (actual: Tensor | number, expected: readonly number[] | number, tol = 1e-12): void => {
  const got = typeof actual === 'number' ? [actual] : Array.from(actual.data);
  const want = typeof expected === 'number' ? [expected] : expected;
  expect(got.length).toBe(want.length);
  want.forEach((e, i) => expect(Math.abs((got[i] ?? NaN) - e)).toBeLessThanOrEqual(tol * (1 + Math.abs(e))));
};

describe('grad with argnums: hand-computed gradients and finite differences', () => {
  it('the default is argument 0, the others passed through', () => {
    near(g.grad(f)(x, y, g.scalar(c0)), dfdx);
  });

  it('one argnum: the gradient of that argument', () => {
    near(g.grad(f, { argnums: 1 })(x, y, g.scalar(c0)), dfdy);
    near(g.grad(f, { argnums: 2 })(x, y, c0), dfdc);
    const fd = centralDiff((v) => g.item(f(x, g.tensor([...v]), g.scalar(c0))), ys);
    near(g.grad(f, { argnums: 1 })(x, y, g.scalar(c0)), fd, 1e-7);
  });

  it('a tuple: the tuple of gradients, in argnums order', () => {
    const [gy, gx] = g.grad(f, { argnums: [1, 0] })(x, y, g.scalar(c0));
    near(gy, dfdy);
    near(gx, dfdx);
    const [gx2, gc] = g.grad(f, { argnums: [0, 2] })(x, y, c0);
    near(gx2, dfdx);
    expect(typeof gc).toBe('number'); // a number argument gets a number gradient
    near(gc, dfdc);
    near(gc, centralDiff((v) => g.item(f(x, y, g.scalar(v[0] ?? 0))), [c0])[0] ?? NaN, 1e-7);
    const one = g.grad(f, { argnums: [2] })(x, y, c0);
    expect(one.length).toBe(1);
    near(one[0], dfdc);
  });

  it('arguments that are not differentiated may be anything (a config record, a string, a function)', () => {
    const loss = (w: Tensor, cfg: { readonly scale: number; readonly name: string }, act: (t: Tensor) => Tensor) =>
      g.mul(cfg.scale, g.sum(act(w)));
    const gw = g.grad(loss)(g.tensor([1, 2]), { scale: 3, name: 'run' }, g.square);
    near(gw, [6, 12]); // ∂/∂w 3·Σw² = 6w
  });

  it('trees at the chosen positions keep their structure', () => {
    const h = (p: { readonly a: Tensor; readonly b: readonly Tensor[] }, q: Tensor) =>
      g.sum(g.mul(g.mul(p.a, p.b[0] ?? 0), q));
    const [gp, gq] = g.grad(h, { argnums: [0, 1] })({ a: g.tensor([2]), b: [g.tensor([3])] }, g.tensor([5]));
    near(gp.a, [15]);
    near(gp.b[0] ?? 0, [10]);
    near(gq, [6]);
  });
});

describe('valueAndGrad and vjp with argnums', () => {
  it('valueAndGrad: the value and the chosen gradients, with hasAux too', () => {
    const [value, [gx, gy]] = g.valueAndGrad(f, { argnums: [0, 1] })(x, y, g.scalar(c0));
    near(value, g.item(f(x, y, g.scalar(c0))));
    near(gx, dfdx);
    near(gy, dfdy);
    const withAux = (a: Tensor, b: Tensor) => [g.sum(g.mul(a, b)), 'aux'] as const;
    const [[v, aux], gb] = g.valueAndGrad(withAux, { argnums: 1, hasAux: true })(g.tensor([2, 3]), g.tensor([4, 5]));
    near(v, 23);
    expect(aux).toBe('aux');
    near(gb, [2, 3]);
  });

  it('vjp: with argnums the second argument is the list of f’s arguments', () => {
    const h = (a: Tensor, b: Tensor, k: number) => g.mul(k, g.mul(a, g.square(b)));
    const a = g.tensor([1, 2]);
    const b = g.tensor([3, -1]);
    const [value, pull] = g.vjp(h, [a, b, 2], { argnums: [0, 1] });
    near(value, [18, 4]);
    const [ua, ub] = pull(g.tensor([1, 10]));
    near(ua, [2 * 9, 10 * 2 * 1]); // u·k·b²
    near(ub, [2 * 2 * 1 * 3, 10 * 2 * 2 * 2 * -1]); // u·2k·a·b
    const [, pullB] = g.vjp(h, [a, b, 2], { argnums: 1 });
    near(pullB(g.tensor([1, 10])), [12, -80]);
    const [, pullOne] = g.vjp((v: Tensor) => g.square(v), a);
    near(pullOne(g.tensor([1, 1])), [2, 4]);
  });
});

describe('argnums composes', () => {
  it('nested: ∂/∂x of ∂/∂y (x²·y³) = 6·x·y², and no perturbation confusion', () => {
    const inner = (xv: Tensor, yv: Tensor) => g.mul(g.square(xv), g.mul(yv, g.square(yv)));
    const dy = (xv: Tensor, yv: Tensor) => g.grad(inner, { argnums: 1 })(xv, yv);
    const dxdy = g.grad(dy, { argnums: 0 })(g.scalar(1.5), g.scalar(-2));
    near(dxdy, 6 * 1.5 * 4);
    // d/dx [x · d/dy (x + y)] at y = 1 is 1 (not 2): the classic check, with argnums choosing y inside
    const outer = g.grad((xv: Tensor) =>
      g.mul(xv, g.grad((a: Tensor, b: Tensor) => g.add(a, b), { argnums: 1 })(xv, 1)),
    );
    near(outer(g.scalar(3)), 1);
  });

  it('jit(grad(f, {argnums})) gives the eager numbers, bit for bit, for new values too', () => {
    const jitted = g.jit(g.grad(f, { argnums: [1, 2] }));
    for (const scale of [1, -0.5]) {
      const xx = g.mul(scale, x);
      const [jy, jc] = jitted(xx, y, g.scalar(c0));
      const [ey, ec] = g.grad(f, { argnums: [1, 2] })(xx, y, g.scalar(c0));
      expect(Array.from(jy.data)).toEqual(Array.from(ey.data));
      expect(Array.from(jc.data)).toEqual(Array.from(ec.data));
    }
    near(g.jit(g.grad(f, { argnums: 1 }))(x, y, g.scalar(c0)), dfdy);
  });

  it('vmap(grad(f, {argnums: 1})): per-example gradients with respect to the mapped argument', () => {
    // loss(w, xi) = Σ sin(w)·xi² → ∂/∂xi = 2·sin(w)·xi, one row per example
    const loss = (w: Tensor, xi: Tensor) => g.sum(g.mul(g.sin(w), g.square(xi)));
    const w = g.tensor([0.5, -1]);
    const batch = g.tensor([
      [1, 2],
      [3, -4],
      [0.5, 0],
    ]);
    const perExample = g.vmap(g.grad(loss, { argnums: 1 }), { inAxes: [null, 0] })(w, batch);
    expect(perExample.shape).toEqual([3, 2]);
    const rows = [
      [1, 2],
      [3, -4],
      [0.5, 0],
    ];
    near(
      perExample,
      rows.flatMap((r) => r.map((v, j) => 2 * Math.sin(j === 0 ? 0.5 : -1) * v)),
    );
    // and with respect to the shared argument, per example: ∂/∂w = cos(w)·xi²
    const perW = g.vmap(g.grad(loss), { inAxes: [null, 0] })(w, batch);
    near(
      perW,
      rows.flatMap((r) => r.map((v, j) => Math.cos(j === 0 ? 0.5 : -1) * v * v)),
    );
  });
});

/** The untyped door: what a JavaScript caller (no type checker) can pass. */
const js: Record<string, (...args: unknown[]) => unknown> = Object.fromEntries(
  Object.entries(g).filter((e): e is [string, (...args: unknown[]) => unknown] => typeof e[1] === 'function'),
);

describe('argnums misuse is an ArgumentError naming it', () => {
  const make = (name: string, argnums: unknown) => (): unknown => js[name]?.(f, { argnums });
  it.each([
    ['grad', 0.5, /^grad: argnums 0\.5 is not an integer ≥ 0/],
    ['grad', -1, /^grad: argnums -1 is not an integer ≥ 0/],
    ['grad', '1', /^grad: argnums "1" is not an integer ≥ 0/],
    ['valueAndGrad', [0, 0], /^valueAndGrad: argnums 0 is repeated in \[0,0\]$/],
    ['valueAndGrad', [0, NaN], /^valueAndGrad: argnums entry NaN is not an integer ≥ 0/],
    ['grad', [], /^grad: argnums is an empty tuple/],
  ])('%s with argnums %j', (name, argnums, message) => {
    expect(make(name, argnums)).toThrow(ArgumentError);
    expect(make(name, argnums)).toThrow(message);
  });

  it('out of range for the call, a misspelt key, a bad leaf at a chosen argument, vjp without a list', () => {
    const c = g.scalar(c0);
    expect(() => g.grad(f, { argnums: 3 })(x, y, c)).toThrow(
      /^grad: argnums 3 is out of range: f was called with 3 arguments$/,
    );
    expect(() => g.grad(f, { argnums: [0, 5] })(x, y, c)).toThrow(ArgumentError);
    expect(() => js['grad']?.(f, { argnum: 1 })).toThrow(
      /^grad: unknown option "argnum" \(did you mean "argnums"\?\)$/,
    );
    expect(() => js['jvp']?.((v: Tensor) => v, x, x, { argnums: 0 })).toThrow(/^jvp: unknown option "argnums"/);
    const dxy = js['grad']?.(f, { argnums: [0, 1] });
    expect(() => callable(dxy)(x, { w: 'no' }, c)).toThrow(
      /^grad: the argument 1 at \.w is "no", not a tensor or number$/,
    );
    expect(() => js['vjp']?.(f, x, { argnums: 0 })).toThrow(/^vjp: with argnums, pass the list of f's arguments/);
  });
});

describe('types follow argnums', () => {
  it('one index, a tuple, numbers and tensors', () => {
    const c = g.scalar(c0);
    expectTypeOf(g.grad(f)(x, y, c)).toEqualTypeOf<Tensor>();
    expectTypeOf(g.grad(f)(1, y, c)).toEqualTypeOf<number>();
    expectTypeOf(g.grad(f, { argnums: 2 })(x, y, c0)).toEqualTypeOf<number>();
    expectTypeOf(g.grad(f, { argnums: [0, 2] })(x, y, c0)).toEqualTypeOf<readonly [Tensor, number]>();
    expectTypeOf(g.valueAndGrad(f, { argnums: [1] })(x, y, c)).toEqualTypeOf<[Tensor, readonly [Tensor]]>();
    // @ts-expect-error an argument that is not differentiated is not converted: a number where f declares a tensor
    expect(g.grad(f)(x, y, c0)).toBeDefined();
    const h = (p: { readonly w: Tensor }, k: string) => g.sum(g.mul(p.w, k.length));
    expectTypeOf(g.grad(h)({ w: 1 }, 'ab')).toEqualTypeOf<{ readonly w: number }>();
    // @ts-expect-error an argument that is not differentiated keeps f's own type (a string here)
    expect(() => g.grad(h)({ w: 1 }, 2)).toThrow();
  });
});
