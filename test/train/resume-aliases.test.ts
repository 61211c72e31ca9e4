/**
 * Resume works for every optimizer: a checkpoint taken mid-run, decoded against the run's initial carry (the
 * README's resume path), continues to the same bits as the uninterrupted run. The momentum buffers once made
 * this impossible (their state changed layout after the first step, so the initial carry no longer matched).
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Batch, GradientTransformation, Tensor } from '../../src/index.ts';

const data = g.dataset(g.normal(g.key(11), [18, 2]), g.normal(g.key(12), [18]));
type P = { readonly w: Tensor; readonly b: Tensor; readonly s: Tensor };
const loss = (p: P, batch: Batch) => g.mse(g.mul(g.add(g.matmul(batch.x, p.w), p.b), p.s), batch.y);
const params = { w: g.tensor([0.1, -0.2]), b: 0, s: g.scalar(1, { dtype: 'float32' }) };

/** Every alias, and the variants whose state differs (momentum buffers, AMSGrad's max, the centered mean). */
const aliases: readonly (readonly [string, () => GradientTransformation<unknown>])[] = [
  ['sgd', () => g.sgd({ lr: 0.05 })],
  ['sgd + momentum', () => g.sgd({ lr: 0.05, momentum: 0.9, dampening: 0.1 })],
  ['sgd + nesterov', () => g.sgd({ lr: 0.05, momentum: 0.9, nesterov: true })],
  ['momentum', () => g.momentum({ lr: 0.05, beta: 0.8 })],
  ['emaMomentum', () => g.emaMomentum({ lr: 0.05, beta: 0.8 })],
  ['rmsprop', () => g.rmsprop({ lr: 0.01 })],
  ['rmsprop + momentum + centered', () => g.rmsprop({ lr: 0.01, momentum: 0.9, centered: true })],
  ['adam', () => g.adam({ lr: 0.05 })],
  ['adam + amsgrad', () => g.adam({ lr: 0.05, amsgrad: true })],
  ['adamw', () => g.adamw({ lr: 0.05, weightDecay: 0.01 })],
  ['adagrad', () => g.adagrad({ lr: 0.1 })],
];

const bits = (t: Tensor): number[] => Array.from(t.data);

describe('resume from a checkpoint decoded against the initial carry ends bit-identical, for every optimizer', () => {
  it.each(aliases)('%s', (_name, make) => {
    const options = { loss, params, optimizer: make(), data, epochs: 3, batchSize: 4, key: g.key(5) } as const;
    const full = g.fit(options);
    const steps = g.fitSteps(options);
    let text = '';
    for (let i = 0; i < 7; i++) {
      const s = steps.next();
      if (s.done === true) throw new Error('too few steps');
      text = g.encodeCheckpoint({ carry: s.value.carry, history: s.value.history() });
    }
    steps.return(undefined as never);
    const template = g.initCarry(params, make(), g.key(5));
    const loaded = g.decodeCheckpoint(text, template);
    if (E.isLeft(loaded)) throw new Error(loaded.left);
    expect(loaded.right.carry.step).toBe(7);
    const resumed = g.fit({ ...options, resume: loaded.right });
    expect(bits(resumed.carry.params.w)).toEqual(bits(full.carry.params.w));
    expect(Object.is(resumed.carry.params.b, full.carry.params.b)).toBe(true);
    expect(bits(resumed.carry.params.s)).toEqual(bits(full.carry.params.s));
    expect(resumed.carry.optState).toEqual(full.carry.optState);
    expect(resumed.history).toEqual(full.history);
  });
});
