/**
 * Resume works for every optimizer: a checkpoint saved mid-run and loaded against the run's initial carry (the
 * README's resume path, `loadCheckpoint(path, initCarry(…))`), continues to the same bits as the uninterrupted run.
 * The momentum buffers once made this impossible (their state changed layout after the first step, so the initial
 * carry no longer matched).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gn from '../../src/node.ts';
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
  ['momentum', () => g.momentum({ lr: 0.05, momentum: 0.8 })],
  ['emaMomentum', () => g.emaMomentum({ lr: 0.05, momentum: 0.8 })],
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
    const path = join(mkdtempSync(join(tmpdir(), 'gradfold-resume-')), 'run.ckpt');
    for (let i = 0; i < 7; i++) {
      const s = steps.next();
      if (s.done === true) throw new Error('too few steps');
      gn.saveCheckpoint(path, { carry: s.value.carry, history: s.value.history() });
    }
    const loaded = gn.loadCheckpoint(path, g.initCarry(params, make(), g.key(5)));
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

describe('resume refuses a carry this run cannot continue', () => {
  it('a batch index beyond this run’s batches per epoch (a checkpoint of another batch size)', () => {
    const options = {
      loss,
      params,
      optimizer: g.sgd({ lr: 0.05 }),
      data,
      epochs: 3,
      batchSize: 2,
      key: g.key(5),
    } as const;
    const steps = g.fitSteps(options);
    let carry = g.initCarry(params, g.sgd({ lr: 0.05 }), g.key(5));
    for (let i = 0; i < 7; i++) {
      const s = steps.next();
      if (s.done !== true) carry = s.value.carry;
    }
    expect(carry.batch).toBe(7);
    expect(() => g.fit({ ...options, batchSize: 6, resume: { carry, history: g.emptyHistory } })).toThrow(
      'fit: resume: carry.batch is 7 but an epoch of this run has 3 batches ' +
        '(was the checkpoint made with another batch size or dataset?)',
    );
    expect(() => g.fit({ ...options, resume: { carry: { ...carry, step: -1 }, history: g.emptyHistory } })).toThrow(
      'fit: resume: carry.step: expected a non-negative integer, got -1',
    );
  });
});
