/**
 * fit reuses the arrays of dead carries (core/recycle.ts, core/tensor-buffers.ts): the same bits as fitSteps (which
 * never reuses), the caller's arrays untouched, parameters handed to onEpoch kept intact, and the reuse real.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Batch, Tensor } from '../../src/index.ts';
import { allocate } from '../../src/core/dtype.ts';
import { recycleMinimum, withRecycled } from '../../src/core/recycle.ts';
import { tensorBuffers } from '../../src/core/tensor-buffers.ts';

/** A wide linear model, so that its arrays (rows × 8) are large enough to be recycled. */
const rows = 6000;
const data = g.dataset(
  g.tensor(
    Array.from({ length: 12 * 4 }, (_, i) => Math.cos(0.7 * i)),
    { shape: [12, 4], dtype: 'float32' },
  ),
  g.tensor(Array.from({ length: 12 }, (_, i) => i % 3)),
  { classes: 3 },
);
type Model = { readonly w: Tensor; readonly v: Tensor };
const start = (): Model => ({
  w: g.tensor(
    Array.from({ length: 4 * rows }, (_, i) => 0.01 * Math.sin(i)),
    { shape: [4, rows], dtype: 'float32' },
  ),
  v: g.tensor(
    Array.from({ length: rows * 3 }, (_, i) => 0.01 * Math.cos(i)),
    { shape: [rows, 3], dtype: 'float32' },
  ),
});
const loss = (p: Model, b: Batch) => g.softmaxCrossEntropy(g.matmul(g.relu(g.matmul(b.x, p.w)), p.v), b.y);
const copy = (t: Tensor): number[] => Array.from(t.data);

describe('array recycling', () => {
  it('withRecycled offers each dead array once, zero-filled, by dtype and length, nothing outside its scope', () => {
    const n = recycleMinimum;
    const a = new Float32Array(n).fill(7);
    const view = new Float32Array(new ArrayBuffer(4 * (n + 4)), 8, n).fill(7);
    const shared = new Float32Array(new SharedArrayBuffer(4 * n));
    withRecycled([a, a, view, shared, new Float64Array(n)], () => {
      const first = allocate('float32', n);
      expect(first).toBe(a);
      expect(first.every((x) => x === 0)).toBe(true);
      const second = allocate('float32', n); // a was offered once; the view and the shared array never
      expect(second).not.toBe(a);
      expect(second).not.toBe(view);
      expect(second.buffer).not.toBe(shared.buffer);
      expect(allocate('float32', n + 1)).toBeInstanceOf(Float32Array);
      expect(allocate('float64', n)).toBeInstanceOf(Float64Array);
    });
    expect(view.every((x) => x === 7)).toBe(true);
    const b = new Float32Array(n);
    withRecycled([b], () => undefined);
    expect(allocate('float32', n)).not.toBe(b);
  });

  it('withRecycled collects the large arrays allocate hands out (recycled or fresh) when asked', () => {
    const n = recycleMinimum;
    const dead = new Float64Array(n);
    const made: (Float32Array | Float64Array)[] = [];
    const [a, b, small] = withRecycled(
      [dead],
      () => [allocate('float64', n), allocate('float32', n), allocate('float32', n - 1)] as const,
      made,
    );
    expect(a).toBe(dead);
    expect(made).toEqual([a, b]);
    expect(made).not.toContain(small);
    expect(made[0]).toBe(a);
    expect(made[1]).toBe(b);
  });

  for (const jit of [false, true]) {
    it(`fit equals fitSteps bit for bit, leaves the caller's arrays alone and reuses dead ones (jit: ${jit})`, () => {
      const params = start();
      const before = { w: copy(params.w), v: copy(params.v) };
      const carried = new Set<ArrayBufferLike>();
      let reused = 0;
      const adam = g.adam({ lr: 0.01 });
      // Records the buffers of the parameters and moments each update receives, and counts the gradients that
      // live in a buffer an earlier carry held: arrays handed back and used again.
      const spy: typeof adam = {
        init: adam.init,
        update: (grads, state, p) => {
          if (!jit) {
            for (const b of tensorBuffers(grads)) if (carried.has(b)) reused++;
            tensorBuffers(p, carried);
            tensorBuffers(state, carried);
          }
          return adam.update(grads, state, p);
        },
      };
      const kept: { params: Model; values: number[] }[] = [];
      const options = { loss, params, data, epochs: 6, batchSize: 4, key: g.key(2), jit };
      const reuse = { reuseArrays: true };
      const a = g.fit({
        ...options,
        ...reuse,
        optimizer: spy,
        onEpoch: (_e: number, _l: number, p: Model) => kept.push({ params: p, values: copy(p.w) }),
      });
      const steps = [...g.fitSteps({ ...options, optimizer: adam })];
      const b = steps[steps.length - 1]?.carry;
      expect(b).toBeDefined();
      expect(copy(a.carry.params.w)).toEqual(copy(b?.params.w ?? params.w));
      expect(copy(a.carry.params.v)).toEqual(copy(b?.params.v ?? params.v));
      expect(a.history.stepLoss).toEqual(steps.map((s) => s.metrics.loss));
      expect({ w: copy(params.w), v: copy(params.v) }).toEqual(before);
      expect(kept).toHaveLength(6);
      for (const k of kept) expect(copy(k.params.w)).toEqual(k.values);
      if (!jit) expect(reused).toBeGreaterThan(0);
    });
  }

  it('is off by default, and fitSteps refuses it', () => {
    let reused = 0;
    const carried = new Set<ArrayBufferLike>();
    const adam = g.adam({ lr: 0.01 });
    const spy: typeof adam = {
      init: adam.init,
      update: (grads, state, p) => {
        for (const b of tensorBuffers(grads)) if (carried.has(b)) reused++;
        tensorBuffers(p, carried);
        tensorBuffers(state, carried);
        return adam.update(grads, state, p);
      },
    };
    g.fit({ loss, params: start(), optimizer: spy, data, epochs: 3, batchSize: 4 });
    expect(reused).toBe(0);
    expect(() =>
      g.fitSteps({ loss, params: start(), optimizer: adam, data, epochs: 1, batchSize: 4, reuseArrays: true }),
    ).toThrow(/fitSteps: reuseArrays: fitSteps yields every carry/);
  });

  it('a resumed carry is never reused', () => {
    const adam = g.adam({ lr: 0.01 });
    const half = g.fit({ loss, params: start(), optimizer: adam, data, epochs: 2, batchSize: 4, key: g.key(3) });
    const saved = { w: copy(half.carry.params.w), m: copy(half.carry.optState[1].mu.w) };
    g.fit({
      loss,
      params: start(),
      optimizer: adam,
      data,
      epochs: 5,
      batchSize: 4,
      key: g.key(3),
      resume: half,
      reuseArrays: true,
    });
    expect(copy(half.carry.params.w)).toEqual(saved.w);
    expect(copy(half.carry.optState[1].mu.w)).toEqual(saved.m);
  });
});
