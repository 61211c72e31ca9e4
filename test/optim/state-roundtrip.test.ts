/**
 * Issue 12: every optimizer's state has one layout for the whole run, so it survives JSON and a checkpoint
 * decoded against the initial state (the README's resume path). The momentum buffers were the exception: null
 * before the first step, a tree after it, so a later checkpoint did not match its template.
 */
import * as E from 'fp-ts/lib/Either.js';
import { sameAs } from './reference.ts';
import { describe, expect, it } from 'vitest';
import { type Tensor, decodeCheckpoint, emptyHistory, encodeCheckpoint, key, tensor } from '../../src/index.ts';
import {
  type GradientTransformation,
  type StateOf,
  adagrad,
  adam,
  adamw,
  applyIfFinite,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  emaMomentum,
  fromConfig,
  masked,
  momentum,
  multiSteps,
  optimizerNames,
  rmsprop,
  scaleByAdam,
  scaleByLearningRate,
  sgd,
  trace,
} from '../../src/optim/index.ts';

/** Each optimizer with the two round trips run at its own state type. */
interface Case {
  readonly name: string;
  readonly checkpoint: () => void;
  readonly json: () => void;
}
const entry = <K>(name: string, make: () => GradientTransformation<K>): Case => ({
  name,
  checkpoint: () => checkpointRoundTrip(make()),
  json: () => jsonRoundTrip(make()),
});

const optimizers = (): readonly Case[] => [
  entry('sgd', () => sgd({ lr: 0.05 })),
  entry('sgd + momentum + dampening', () => sgd({ lr: 0.05, momentum: 0.9, dampening: 0.1 })),
  entry('sgd + nesterov', () => sgd({ lr: 0.05, momentum: 0.9, nesterov: true })),
  entry('momentum', () => momentum({ lr: 0.05, momentum: 0.8 })),
  entry('emaMomentum, debiased', () => emaMomentum({ lr: 0.05, biasCorrection: true })),
  entry('rmsprop', () => rmsprop({ lr: 0.01 })),
  entry('rmsprop + momentum + centered', () => rmsprop({ lr: 0.01, momentum: 0.9, centered: true })),
  entry('adam', () => adam({ lr: 0.05 })),
  entry('adam + amsgrad', () => adam({ lr: 0.05, amsgrad: true })),
  entry('adamw', () => adamw({ lr: 0.05 })),
  entry('adagrad', () => adagrad({ lr: 0.1, lrDecay: 0.01 })),
  entry('a chain with clipping, masks, accumulation and the NaN guard', () =>
    applyIfFinite(
      chain(
        clipByGlobalNorm(1),
        masked((p) => p !== '.s', multiSteps(2, chain(scaleByAdam(), scaleByLearningRate(0.01)))),
        trace({ momentum: 0.5 }),
      ),
    ),
  ),
  ...optimizerNames.map((name) => entry(`fromConfig ${name}`, () => fromConfig({ name }))),
];

type P = { readonly w: Tensor; readonly b: number; readonly s: Tensor };
const params: P = { w: tensor([0.5, -1.5]), b: 0.25, s: tensor(2, { dtype: 'float32' }) };
const gradient = (p: P, t: number): P => ({
  w: tensor(Array.from(p.w.data, (v, i) => Math.sin(v + t + i))),
  b: Math.cos(p.b * (t + 1)),
  s: tensor(Math.fround(0.1 * (t - 2)), { dtype: 'float32' }),
});

/** `steps` updates from `p` and `s`; the parameters and state after them. */
const run = <K>(
  opt: GradientTransformation<K>,
  p: P,
  s: StateOf<K, P>,
  from: number,
  steps: number,
): { params: P; state: StateOf<K, P> } => {
  let [params1, state] = [p, s];
  for (let t = from; t < from + steps; t++) {
    const [u, next] = opt.update(gradient(params1, t), state, params1);
    params1 = applyUpdates(params1, u);
    state = next;
  }
  return { params: params1, state };
};

const bits = (p: P): number[] => [...p.w.data, p.b, ...p.s.data];

/** Three steps, a checkpoint decoded against the initial carry, three more steps from either: the same bits. */
const checkpointRoundTrip = <K>(opt: GradientTransformation<K>): void => {
  const template = { params, optState: opt.init(params), key: key(0), step: 0, epoch: 0, batch: 0 };
  const mid = run(opt, params, template.optState, 0, 3);
  const text = encodeCheckpoint({
    carry: { ...template, params: mid.params, optState: mid.state, step: 3 },
    history: emptyHistory,
  });
  const decoded = decodeCheckpoint(text, template);
  if (E.isLeft(decoded)) return expect.fail(decoded.left);
  expect(decoded.right.carry.optState).toEqual(mid.state);
  const straight = run(opt, mid.params, mid.state, 3, 3);
  const resumed = run(opt, decoded.right.carry.params, decoded.right.carry.optState, 3, 3);
  expect(bits(resumed.params)).toEqual(bits(straight.params));
  expect(bits(straight.params)).not.toEqual(bits(mid.params));
};

/** Number leaves: three steps, the state through JSON, and the next update is the same from either. */
const jsonRoundTrip = <K>(opt: GradientTransformation<K>): void => {
  const p = { w: [0.5, -1.5], b: 0.25 };
  let state = opt.init(p);
  const g = (t: number) => ({ w: [Math.sin(t), Math.cos(t)], b: 0.1 * (t - 2) });
  for (let t = 0; t < 3; t++) state = opt.update(g(t), state, p)[1];
  const revived: unknown = JSON.parse(JSON.stringify(state));
  if (!sameAs(revived, state)) return expect.fail('the state changed through JSON');
  expect(opt.update(g(3), revived, p)).toEqual(opt.update(g(3), state, p));
};

describe('every optimizer’s state survives a checkpoint decoded against its initial state', () => {
  it.each(optimizers())('$name', (c) => c.checkpoint());
});

describe('every optimizer’s state of number leaves survives JSON', () => {
  it.each(optimizers())('$name', (c) => c.json());
});

describe('the momentum buffer: zeros and started = false until the first step, then exactly the first gradient', () => {
  it('keeps PyTorch’s b₁ = g₁ bit for bit (−0 included), then b ← μb + (1 − τ)g', () => {
    const tx = trace({ momentum: 0.9, dampening: 0.5 });
    const p = { w: tensor([1, 2, 3]) };
    const s0 = tx.init(p);
    expect(s0.started).toBe(false);
    expect(Array.from(s0.trace?.w.data ?? [])).toEqual([0, 0, 0]);
    const g1 = { w: tensor([-0, 0.3, -2]) };
    const [u1, s1] = tx.update(g1, s0, p);
    expect(s1.started).toBe(true);
    expect(Object.is(u1.w.data[0], -0)).toBe(true);
    expect(Array.from(u1.w.data)).toEqual(Array.from(g1.w.data));
    const [u2] = tx.update({ w: tensor([1, 1, 1]) }, s1, p);
    expect(Array.from(u2.w.data)).toEqual([-0 * 0.9 + 0.5, 0.3 * 0.9 + 0.5, -2 * 0.9 + 0.5]);
  });

  it('no buffer is kept when the momentum is 0', () => {
    const tx = trace({ momentum: 0 });
    const s = tx.update({ w: 1 }, tx.init({ w: 1 }), { w: 1 })[1];
    expect(s).toEqual({ count: 1, trace: null, started: false });
  });
});
