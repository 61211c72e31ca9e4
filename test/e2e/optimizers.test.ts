/**
 * End to end, scenario 4: the example's deterministic 20-step paths on x² (x₀ = 10, η = 0.1) equal loops that
 * apply the seeds' formulas by hand; the noisy ones differ from batch GD but still approach 0.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../examples/optimizers.ts';

const eta = 0.1;
const steps = 20;

/** x₀ and the 20 values a hand-written update gives; `update(x, t)` returns the next x for t = 1, 2, …. */
const loop = (update: (x: number, t: number) => number): number[] => {
  const xs = [10];
  for (let t = 1; t <= steps; t++) xs.push(update(xs[t - 1] ?? NaN, t));
  return xs;
};

const expectSamePath = (ours: readonly number[] | undefined, expected: readonly number[]): void => {
  expect(ours).toHaveLength(steps + 1);
  expected.forEach((x, t) =>
    expect(Math.abs((ours?.[t] ?? NaN) - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x))),
  );
};

describe('scenario 4: six optimizers on x²', () => {
  const { paths } = run({ quick: true }).results;

  it('batch GD: x ← x − η·2x, so xₜ = 10·0.8ᵗ', () => {
    expectSamePath(
      paths['batch GD'],
      loop((x) => x - eta * 2 * x),
    );
    expect(paths['batch GD']?.[steps]).toBeCloseTo(10 * 0.8 ** 20, 12);
  });

  it('momentum, EMA form (β 0.9): v ← βv + (1 − β)g; x ← x − ηv', () => {
    let v = 0;
    expectSamePath(
      paths['momentum (EMA, β 0.9)'],
      loop((x) => {
        v = 0.9 * v + 0.1 * 2 * x;
        return x - eta * v;
      }),
    );
  });

  it('RMSProp (β 0.9, ε 1e-8 outside the root): s ← βs + (1 − β)g²; x ← x − ηg/(√s + ε)', () => {
    let s = 0;
    expectSamePath(
      paths['RMSProp (β 0.9)'],
      loop((x) => {
        const g = 2 * x;
        s = 0.9 * s + 0.1 * g * g;
        return x - (eta * g) / (Math.sqrt(s) + 1e-8);
      }),
    );
  });

  it('Adam (0.9, 0.999, 1e-8): bias-corrected moments', () => {
    let m = 0;
    let v = 0;
    expectSamePath(
      paths.Adam,
      loop((x, t) => {
        const g = 2 * x;
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        return x - (eta * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
      }),
    );
  });

  it('SGD and mini-batch GD follow noisy gradients: off the batch GD path, yet near the minimum after 20 steps', () => {
    for (const name of ['SGD', 'mini-batch GD (8)'] as const) {
      const xs = paths[name] ?? [];
      expect(xs).toHaveLength(steps + 1);
      expect(xs[0]).toBe(10);
      expect(xs.some((x, t) => Math.abs(x - 10 * 0.8 ** t) > 0.05)).toBe(true);
      expect(Math.abs(xs[steps] ?? NaN)).toBeLessThan(3);
    }
  });

  it('draws each path on the loss curve, and x per iteration', () => {
    expect(run().charts.map((c) => c.name)).toEqual(['optimizers-paths', 'optimizers-x']);
  });
});
