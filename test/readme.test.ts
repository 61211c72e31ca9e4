/** The README's snippets, run, with the results the README claims. */
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';

describe('README', () => {
  it('quick start: gradients typed and valued as claimed', () => {
    const x = g.tensor([1, 2, 3]);
    const y = g.tensor([2, 4, 6]);
    const loss = (p: { w: Tensor; b: Tensor }) => g.mean(g.square(g.sub(g.add(g.mul(p.w, x), p.b), y)));
    expect(g.grad(loss)({ w: 0.5, b: 0 })).toEqual({ w: -14, b: -6 });
    const [value, gr] = g.valueAndGrad(loss)({ w: g.tensor([0.5]), b: 0 });
    expect(g.item(value)).toBeCloseTo((1.5 ** 2 + 3 ** 2 + 4.5 ** 2) / 3, 12);
    expect(Array.from(gr.w.data)).toEqual([-14]);
    expect(gr.b).toBe(-6);
  });
  it('beyond gradients: jvp, jacrev, hessian, hvp, customVjp and debugNans as claimed', () => {
    const f = (x: Tensor) => g.sum(g.mul(x, g.mul(x, x)));
    const [, t] = g.jvp((x: Tensor) => g.mul(x, g.sin(x)), g.tensor([1, 2]), g.tensor([1, 0]));
    expect(t.data[1]).toBe(0);
    expect(g.toArray(g.jacrev((x: Tensor) => g.mul(x, x))(g.tensor([1, 2])))).toEqual([
      [2, 0],
      [0, 4],
    ]);
    expect(g.toArray(g.hessian(f)(g.tensor([1, 2])))).toEqual([
      [6, 0],
      [0, 12],
    ]);
    expect(g.toArray(g.hvp(f, g.tensor([1, 2]), g.tensor([1, 0])))).toEqual([6, 0]);
    const clipGrad = g.customVjp(
      (x: Tensor) => x,
      (u) => [g.clip(u, -1, 1)],
    );
    expect(g.grad((x: Tensor) => g.mul(10, clipGrad(x)))(2)).toBe(1);
    expect(() => g.grad((x: Tensor) => g.sum(g.log(x)), { debugNans: true })(g.tensor([1, 0]))).toThrow(
      'log produced -Inf at flat index 1 in the forward pass (inputs [2])',
    );
  });
  it("jit: the compiled Adam step gives the eager step's numbers and traces once", () => {
    const opt = g.adam({ lr: 0.01 });
    type P = { w: number };
    let traces = 0;
    const eager = (params: P, state: ReturnType<typeof opt.init<P>>, x: number, y: number) => {
      const gr = g.grad((p: { w: Tensor }) => g.square(g.sub(g.mul(p.w, x), y)))(params);
      const [updates, next] = opt.update(gr, state, params);
      return [g.applyUpdates(params, updates), next] as const;
    };
    const step = g.jit(eager, { numbers: 'traced', onTrace: () => (traces += 1) });
    let params: P = { w: 0 };
    let state = opt.init(params);
    let pe: P = { w: 0 };
    let se = opt.init(pe);
    for (let i = 0; i < 1000; i++) {
      [params, state] = step(params, state, i % 10, 2 * (i % 10));
      [pe, se] = eager(pe, se, i % 10, 2 * (i % 10));
    }
    expect(params.w).toBe(pe.w);
    expect(state).toEqual(se);
    expect(Math.abs(params.w - 2)).toBeLessThan(0.05); // w → 2 for y = 2x
    expect(traces).toBe(1);
  });
  it('checking gradients: the snippet passes', () => {
    g.checkGrads((p: { w: Tensor }) => g.sum(g.tanh(g.mul(p.w, p.w))), { w: g.tensor([0.1, -0.4]) }, { order: 2 });
  });
});
