/**
 * The seeds' optimizer comparison (scenario 4): minimise f(x) = x² from x = 10 with η = 0.1 for 20 iterations.
 * Each path is checked against a hand-written loop of the seeds' formula.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, grad, square } from '../../src/index.ts';
import { type GradientTransformation, adam, emaMomentum, rmsprop, sgd } from '../../src/optim/index.ts';
import { expectPathsClose, runOptimizer } from './reference.ts';

const f = (p: { readonly x: Tensor }): Tensor => square(p.x);
const df = (p: { readonly x: number }): { readonly x: number } => grad(f)(p);
const eta = 0.1;
const steps = 20;

const path = <K>(opt: GradientTransformation<K>): { readonly x: number }[] => runOptimizer(opt, { x: 10 }, df, steps);

/** A hand-written loop: `step(x, t)` gives the next x, t = 1, 2, …. */
const loop = (step: (x: number, t: number) => number): number[][] => {
  const out: number[][] = [];
  let x = 10;
  for (let t = 1; t <= steps; t++) {
    x = step(x, t);
    out.push([x]);
  }
  return out;
};

describe("the seeds' x² paths (x₀ = 10, η = 0.1, 20 iterations)", () => {
  it('plain gradient descent: x ← x − η·2x, so x₂₀ = 10 · 0.8²⁰', () => {
    const ours = path(sgd({ lr: eta }));
    expectPathsClose(
      ours,
      loop((x) => x - eta * 2 * x),
    );
    expect(ours[steps - 1]?.x).toBeCloseTo(10 * 0.8 ** 20, 12);
  });

  it('EMA momentum, β = 0.9: v ← βv + (1 − β)g; x ← x − ηv', () => {
    let v = 0;
    const expected = loop((x) => {
      v = 0.9 * v + (1 - 0.9) * 2 * x;
      return x - eta * v;
    });
    expectPathsClose(path(emaMomentum({ lr: eta, momentum: 0.9 })), expected);
  });

  it('RMSProp, β = 0.9, ε = 1e-8 outside the root: s ← βs + (1 − β)g²; x ← x − ηg/(√s + ε)', () => {
    let s = 0;
    const expected = loop((x) => {
      const g = 2 * x;
      s = 0.9 * s + (1 - 0.9) * g * g;
      return x - (eta * g) / (Math.sqrt(s) + 1e-8);
    });
    expectPathsClose(path(rmsprop({ lr: eta, alpha: 0.9, eps: 1e-8 })), expected);
  });

  it('Adam (0.9, 0.999, 1e-8): bias-corrected moments', () => {
    let m = 0;
    let v = 0;
    const expected = loop((x, t) => {
      const g = 2 * x;
      m = 0.9 * m + (1 - 0.9) * g;
      v = 0.999 * v + (1 - 0.999) * g * g;
      const mHat = m / (1 - 0.9 ** t);
      const vHat = v / (1 - 0.999 ** t);
      return x - (eta * mHat) / (Math.sqrt(vHat) + 1e-8);
    });
    const ours = path(adam({ lr: eta }));
    expectPathsClose(ours, expected);
    // Adam's first step moves by η·sign(g) (up to ε): 10 → 9.9.
    expect(ours[0]?.x).toBeCloseTo(9.9, 8);
  });
});
