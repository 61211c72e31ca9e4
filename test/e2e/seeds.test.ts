/**
 * End to end: every seed-scenario example run through its exported `run` (quick mode where it has one), its
 * outcome checked against the numbers the seeds ask for.
 */
import { describe, expect, it } from 'vitest';
import { run as linearVariants } from '../../examples/linear-gd-variants.ts';
import { run as oneWeight } from '../../examples/one-weight.ts';
import { run as quadraticFit } from '../../examples/quadratic-fit.ts';
import { run as sgdLine } from '../../examples/sgd-line.ts';

const xs = [0.18, 0.1, 0.16, 0.08, 0.09, 0.11, 0.12, 0.17, 0.15, 0.14, 0.13];
const sumSq = xs.reduce((s, x) => s + x * x, 0);

describe('scenario 1: one weight, batch GD', () => {
  const r = oneWeight({ quick: true });
  const { ws, losses, gradients } = r.trace;

  it('reports the correct gradient at w₀ = 10, Σ(wx − y)·x, not the tutorial Σ(wx − y)·w', () => {
    expect(r.results.gradientAtStart).toBeCloseTo(9 * sumSq, 12);
    expect(r.results.tutorialGradientAtStart).toBeCloseTo(90 * xs.reduce((s, x) => s + x, 0), 10);
    expect(gradients[0]).toBe(r.results.gradientAtStart);
  });

  it('moves w towards 1 along the closed form wₜ = 1 + 9·(1 − η·Σx²)ᵗ, the loss falling at every step', () => {
    expect(ws).toHaveLength(501);
    ws.forEach((w, t) => expect(w).toBeCloseTo(1 + 9 * (1 - 0.01 * sumSq) ** t, 10));
    for (let t = 1; t < ws.length; t++) {
      expect(ws[t]).toBeLessThan(ws[t - 1] ?? NaN);
      expect(ws[t]).toBeGreaterThan(1);
      expect(losses[t]).toBeLessThan(losses[t - 1] ?? NaN);
    }
    expect(r.results.w).toBeCloseTo(4.3594, 4);
  });

  it('reaches w = 1 given enough iterations', () => {
    const long = oneWeight({ iterations: 5000 });
    expect(Math.abs(long.results.w - 1)).toBeLessThan(1e-3);
    const l = long.trace.losses;
    expect(l.every((v, t) => t === 0 || v <= (l[t - 1] ?? NaN))).toBe(true);
  });

  it('draws the gradient per iteration, the loss, and the loss against w', () => {
    expect(r.charts.map((c) => c.name)).toEqual(['one-weight-gradient', 'one-weight-loss', 'one-weight-loss-vs-w']);
  });
});

describe('scenario 2: per-sample SGD on y = 2x', () => {
  const r = sgdLine({ quick: true });
  it('predicts 4 for x = 4 before training and 8 after, w ≈ 2', () => {
    expect(r.results.predictBefore).toBe(4);
    expect(Math.abs(r.results.predictAfter - 8)).toBeLessThan(0.05);
    expect(Math.abs(r.results.w - 2)).toBeLessThan(0.01);
  });
  it('records 100 epoch losses, falling', () => {
    const l = r.results.epochLoss;
    expect(l).toHaveLength(100);
    expect(l[99]).toBeLessThan((l[0] ?? NaN) * 1e-6);
  });
});

describe('scenario 3: quadratic fit with step decay', () => {
  const r = quadraticFit({ quick: true });
  for (const [variant, fit] of [
    ['per-sample SGD', r.results.sgd],
    ['mini-batch 16', r.results.minibatch],
  ] as const) {
    it(`${variant} recovers (a, b, c) ≈ (2, −4, 3) within 0.01 and stops on loss < 1e-5`, () => {
      expect(Math.abs(fit.a - 2)).toBeLessThan(0.01);
      expect(Math.abs(fit.b + 4)).toBeLessThan(0.01);
      expect(Math.abs(fit.c - 3)).toBeLessThan(0.01);
      expect(fit.stopped).toBe('lossBelow');
      expect(fit.loss).toBeLessThan(1e-5);
    });
  }
  it('minimize (L-BFGS on the full batch) reaches (2, −4, 3) to 1e-6 in a few iterations', () => {
    const s = r.results.minimize;
    expect(s.status).toBe('converged');
    expect(Math.abs(s.a - 2)).toBeLessThan(1e-6);
    expect(Math.abs(s.b + 4)).toBeLessThan(1e-6);
    expect(Math.abs(s.c - 3)).toBeLessThan(1e-6);
    expect(s.iterations).toBeLessThan(30);
  });
  it('draws fitted curves as training goes and the loss', () => {
    expect(r.charts).toHaveLength(3);
  });
});

describe('scenario 6: linear model under batch, mini-batch and stochastic GD', () => {
  const r = linearVariants({ quick: true });
  it('all three approach the generating line y = 4 + 3x', () => {
    for (const v of [r.results.batch, r.results.minibatch, r.results.sgd]) {
      expect(Math.abs(v.w - 3)).toBeLessThan(0.8);
      expect(Math.abs(v.b - 4)).toBeLessThan(0.8);
      expect(v.cost).toBeLessThan(2);
    }
  });
  it('batch GD is smooth (its cost never rises); SGD is noisy (its cost rises at many steps)', () => {
    const rises = (c: readonly number[]): number => c.filter((v, t) => t > 0 && v > (c[t - 1] ?? NaN)).length;
    expect(r.costs.batch).toHaveLength(50);
    expect(rises(r.costs.batch)).toBe(0);
    expect(rises(r.costs.sgd)).toBeGreaterThan(10);
    expect(r.charts.map((c) => c.name)).toEqual(['linear-ewma']);
  });
});
