/** multiSteps, masked, clipping, the NaN guard, weight decay and applyUpdates. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor, toArray } from '../../src/index.ts';
import {
  adam,
  addDecayedWeights,
  applyIfFinite,
  applyUpdates,
  clipByGlobalNorm,
  clipByValue,
  globalNorm,
  masked,
  multiSteps,
  scale,
  setToZero,
  sgd,
  trace,
} from '../../src/optim/index.ts';
import { bowlGradient, bowlParams } from './problems.ts';
import { flat, runOptimizer } from './reference.ts';

describe('multiSteps', () => {
  it('returns zeros k − 1 times, then the inner step on the mean gradient', () => {
    const opt = multiSteps(3, sgd({ lr: 0.1 }));
    const grads = [1, 2, 6, -3, 0, 6];
    let s = opt.init(0);
    const us: number[] = [];
    for (const g of grads) {
      const [u, s1] = opt.update(g, s, 0);
      us.push(u);
      s = s1;
    }
    expect(us).toEqual([0, 0, -0.1 * 3, 0, 0, -0.1 * 1]);
    expect(s.miniStep).toBe(0);
    expect(s.inner[2].count).toBe(2);
  });

  it('advances the inner state once per k calls, and k = 1 is the inner optimizer', () => {
    const opt = multiSteps(2, adam({ lr: 0.1 }));
    const s1 = opt.update({ w: tensor([1, 2]) }, opt.init({ w: tensor([0, 0]) }))[1];
    expect(s1.inner[1].count).toBe(0);
    expect(toArray(s1.acc.w)).toEqual([1, 2]);
    const s2 = opt.update({ w: tensor([3, 2]) }, s1)[1];
    expect(s2.inner[1].count).toBe(1);
    // one Adam step on the mean gradient [2, 2]: m = (1 − β₁)·2
    expect(toArray(s2.inner[1].mu.w)).toEqual([(1 - 0.9) * 2, (1 - 0.9) * 2]);
    const once = runOptimizer(multiSteps(1, adam({ lr: 0.1 })), bowlParams, bowlGradient, 20);
    expect(once.map(flat)).toEqual(runOptimizer(adam({ lr: 0.1 }), bowlParams, bowlGradient, 20).map(flat));
  });

  it('rejects k < 1', () => {
    expect(() => multiSteps(0, sgd())).toThrow(/positive integer/);
  });
});

describe('masked and freezing', () => {
  const p = { w: tensor([1, 2]), b: tensor([3]), s: 4 };

  it('applies the inner transformation only where the mask tree selects', () => {
    const tx = masked({ w: true, b: false, s: true }, scale(10));
    const [u] = tx.update(p, tx.init(p), p);
    expect(toArray(u.w)).toEqual([10, 20]);
    expect(toArray(u.b)).toEqual([3]);
    expect(u.s).toBe(40);
  });

  it('a path predicate with setToZero freezes the selected leaves', () => {
    const frozen = masked((path) => path === '.b', setToZero());
    const [u] = frozen.update(p, frozen.init(p), p);
    expect(flat(u)).toEqual([1, 2, 0, 4]);
  });

  it('the inner transformation sees zeros in place of the unselected leaves', () => {
    const tx = masked({ w: true, b: false, s: false }, clipByGlobalNorm(1));
    const [u] = tx.update({ w: tensor([3, 4]), b: tensor([100]), s: 100 }, tx.init(p), p);
    [0.6, 0.8, 100, 100].forEach((v, i) => expect(flat(u)[i]).toBeCloseTo(v, 15));
  });

  it('a boolean on an inner node covers its subtree; a missing entry is an error naming the path', () => {
    const tree = { enc: { w: 1, b: 2 }, head: [3, 4] };
    const tx = masked({ enc: false, head: true }, scale(2));
    expect(flat(tx.update(tree, tx.init(tree), tree)[0])).toEqual([1, 2, 6, 8]);
    const bad = masked({ enc: true }, scale(2));
    expect(() => bad.update(tree, bad.init(tree), tree)).toThrow(/\.head/);
  });
});

describe('clipping', () => {
  it('clipByGlobalNorm scales the whole tree to the norm bound', () => {
    const g = { a: 3, b: tensor([4]) };
    const [u] = clipByGlobalNorm(1).update(g, {}, g);
    expect(u.a).toBeCloseTo(0.6, 15);
    expect(flat(u.b)[0]).toBeCloseTo(0.8, 15);
  });

  it('clipByGlobalNorm: norm ≤ c, direction kept, unchanged when already inside (property)', () => {
    const vec = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(vec, fc.double({ min: 1e-3, max: 50, noNaN: true }), (xs, c) => {
        const g = { v: tensor(xs), s: xs[0] ?? 0 };
        const [u] = clipByGlobalNorm(c).update(g, {}, g);
        const n = globalNorm(g);
        expect(globalNorm(u)).toBeLessThanOrEqual(c * (1 + 1e-12));
        if (n <= c) expect(flat(u)).toEqual(flat(g));
        else flat(u).forEach((ui, i) => expect(ui).toBeCloseTo(((flat(g)[i] ?? NaN) * c) / n, 12));
      }),
    );
  });

  it('clipByValue clamps elementwise', () => {
    const g = { t: tensor([-2, 0.5, 3]), n: -7 };
    const [u] = clipByValue(-1, 1).update(g, {}, g);
    expect(flat(u)).toEqual([-1, 0.5, 1, -1]);
    expect(() => clipByValue(1, -1)).toThrow(/lo must be/);
  });
});

describe('applyIfFinite (NaN guard)', () => {
  it('skips non-finite gradients, keeps the inner state, counts the skips', () => {
    const inner = sgd({ lr: 0.1, momentum: 0.9 });
    const opt = applyIfFinite(inner);
    const p = { x: 1, t: tensor([1, 1]) };
    const s0 = opt.init(p);
    const [u1, s1] = opt.update({ x: 1, t: tensor([1, 1]) }, s0, p);
    expect(flat(u1)).toEqual([-0.1, -0.1, -0.1]);
    const [u2, s2] = opt.update({ x: NaN, t: tensor([1, 1]) }, s1, p);
    expect(flat(u2)).toEqual([0, 0, 0]);
    expect(s2.inner).toEqual(s1.inner);
    expect([s2.skipped, s2.consecutiveSkipped]).toEqual([1, 1]);
    const [, s3] = opt.update({ x: 1, t: tensor([Infinity, 1]) }, s2, p);
    expect([s3.skipped, s3.consecutiveSkipped]).toEqual([2, 2]);
    const [u4, s4] = opt.update({ x: 2, t: tensor([2, 2]) }, s3, p);
    expect([s4.skipped, s4.consecutiveSkipped]).toEqual([2, 0]);
    // the inner optimizer continues from its first step: b = 0.9·1 + 2
    const [expected] = inner.update({ x: 2, t: tensor([2, 2]) }, s1.inner, p);
    expect(flat(u4)).toEqual(flat(expected));
    expect(u4.x).toBeCloseTo(-0.1 * 2.9, 15);
  });
});

describe('weight decay, trace options and applyUpdates', () => {
  it('addDecayedWeights adds λθ and needs the parameters', () => {
    const tx = addDecayedWeights(0.1);
    expect(tx.update(1, {}, 5)[0]).toBe(1.5);
    expect(() => tx.update(1, {})).toThrow(/needs the parameters/);
  });

  it('trace rejects Nesterov with dampening', () => {
    expect(() => trace({ momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/Nesterov/);
  });

  it('applyUpdates adds leafwise and keeps each parameter’s dtype', () => {
    const p: { readonly w: Tensor; readonly s: number } = { w: tensor([1, 2], { dtype: 'float32' }), s: 1 };
    const next = applyUpdates(p, { w: tensor([0.5, 0.25], { dtype: 'float32' }), s: 2 });
    expect(next.w.dtype).toBe('float32');
    expect(toArray(next.w)).toEqual([1.5, 2.25]);
    expect(next.s).toBe(3);
    expect(toArray(p.w)).toEqual([1, 2]);
    // an update of another dtype is refused, not converted (issue 12: same structure, shape and dtype)
    expect(() => applyUpdates(p, { w: tensor([0.5, 0.25]), s: 2 })).toThrow(
      'applyUpdates: the update at .w is float64 where the parameter is float32',
    );
  });

  it('applyUpdates rejects a tree of another structure', () => {
    // @ts-expect-error the types already reject it; the runtime check names the missing path
    expect(() => applyUpdates({ a: 1, b: 2 }, { a: 1 })).toThrow(/b is missing/);
  });
});
