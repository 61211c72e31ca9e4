/** States are plain data typed from the parameter tree: readable fields, JSON round trips, resumable runs. */
import { sameAs } from './reference.ts';
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '../../src/index.ts';
import {
  type Count,
  type GradientTransformation,
  adagrad,
  adam,
  adamw,
  applyUpdates,
  currentLearningRate,
  emaMomentum,
  momentum,
  multiSteps,
  rmsprop,
  sgd,
} from '../../src/optim/index.ts';

describe('optimizer state', () => {
  it('has fields typed from the parameters', () => {
    const params: { readonly w: Tensor; readonly b: number } = { w: tensor([1, 2]), b: 3 };
    const opt = adam({ lr: 0.1 });
    const s0 = opt.init(params);
    // a number outside jit; typed Count (number | Tensor) because a jitted update traces it
    const count: Count = s0[1].count;
    const [u, s1] = opt.update({ w: tensor([1, 1]), b: 1 }, s0, params);
    const p1 = applyUpdates(params, u);
    const b: number = p1.b;
    const mu: number = s1[1].mu.b;
    expect(count).toBe(0);
    expect(s1[1].count).toBe(1);
    expect(mu).toBeCloseTo(0.1, 15);
    expect(b).toBeCloseTo(2.9, 8);
    expect(currentLearningRate(s1)).toBe(0.1);
  });

  /** Runs 5 steps, sends the state through JSON, and checks that the next update is the same from either. */
  const resumes = <K>(opt: GradientTransformation<K>): void => {
    const g = (p: { readonly x: number; readonly y: readonly number[] }) => ({
      x: 2 * p.x,
      y: p.y.map((v) => Math.cos(v)),
    });
    let p = { x: 3, y: [1, -2] };
    let s = opt.init(p);
    for (let t = 0; t < 5; t++) {
      const [u, s1] = opt.update(g(p), s, p);
      p = applyUpdates(p, u);
      s = s1;
    }
    const revived: unknown = JSON.parse(JSON.stringify(s));
    if (!sameAs(revived, s)) return expect.fail('the state changed through JSON');
    const [direct] = opt.update(g(p), s, p);
    const [resumed] = opt.update(g(p), revived, p);
    expect(resumed).toEqual(direct);
    expect(direct).not.toEqual(g(p));
  };

  it('survives a JSON round trip and resumes the run exactly (number leaves)', () => {
    resumes(sgd({ lr: 0.01, momentum: 0.9, weightDecay: 0.1 }));
    resumes(momentum({ lr: 0.01, nesterov: true }));
    resumes(emaMomentum({ lr: 0.01, biasCorrection: true }));
    resumes(rmsprop({ centered: true, momentum: 0.5 }));
    resumes(adam({ amsgrad: true }));
    resumes(adamw());
    resumes(adagrad({ lrDecay: 0.1 }));
    resumes(multiSteps(2, adam()));
  });
});
