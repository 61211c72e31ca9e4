/**
 * Statistical tests of the random keys, from fixed seeds (deterministic: each statistic is computed once and
 * compared with a critical value at p = 0.001 or wider, so a pass is not luck that could change between runs).
 * Regression for the near-degenerate keys of `key(seed)` (first draws ≈ 1.0000, permutations that never moved
 * their last element): uniformity of first and later draws across seeds (Kolmogorov–Smirnov and χ²),
 * independence of split children, permutations uniform over positions.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';

const SEEDS = 2000;
const seeds = Array.from({ length: SEEDS }, (_, i) => i);

/** Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of a sample against the CDF F. */
const ksStatistic = (sample: readonly number[], cdf: (x: number) => number): number => {
  const xs = [...sample].sort((a, b) => a - b);
  const n = xs.length;
  let d = 0;
  xs.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs((i + 1) / n - f), Math.abs(f - i / n));
  });
  return d;
};

/** The KS critical value at p = 0.001 for n samples: 1.95 / √n. */
const ksCritical = (n: number): number => 1.95 / Math.sqrt(n);

/** Pearson's χ² of counts against equal expected counts. */
const chiSquare = (counts: readonly number[], expected: number): number =>
  counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);

/** Pearson's correlation coefficient. */
const correlation = (xs: readonly number[], ys: readonly number[]): number => {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
};

const uniformCdf = (x: number): number => Math.min(1, Math.max(0, x));

/** The standard normal CDF, Φ(x) = ½(1 + erf(x/√2)), erf by Abramowitz–Stegun 7.1.26 (error < 1.5e-7). */
const normalCdf = (x: number): number => {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
};

const draw = (k: g.Key, n: number, i: number): number => g.uniform(k, [n]).data[i] ?? NaN;

describe('key(seed): draws are uniform across seeds', () => {
  it('the first draw of fresh keys is not ≈ 1 (the old defect), and seeds 0–9 differ', () => {
    const firsts = seeds.slice(0, 10).map((s) => draw(g.key(s), 1, 0));
    expect(firsts.filter((u) => u > 0.99).length).toBeLessThan(3);
    expect(new Set(firsts).size).toBe(10);
    const n = g.normal(g.key(7), [5]).data;
    expect(Array.from(n).every((z) => Math.abs(z) < 4.5)).toBe(true);
  });

  it('first draws across 2000 seeds: Kolmogorov–Smirnov and χ² (10 bins) against U[0, 1)', () => {
    const firsts = seeds.map((s) => draw(g.key(s), 1, 0));
    expect(ksStatistic(firsts, uniformCdf)).toBeLessThan(ksCritical(SEEDS));
    const bins = new Array<number>(10).fill(0);
    for (const u of firsts) bins[Math.floor(u * 10)] = (bins[Math.floor(u * 10)] ?? 0) + 1;
    expect(chiSquare(bins, SEEDS / 10)).toBeLessThan(27.88); // χ²(9), p = 0.001
  });

  it('later draws across seeds (the 2nd and the 100th) and a long stream from one key', () => {
    for (const i of [1, 99]) {
      const xs = seeds.map((s) => draw(g.key(s), 100, i));
      expect(ksStatistic(xs, uniformCdf)).toBeLessThan(ksCritical(SEEDS));
    }
    const stream = Array.from(g.uniform(g.key(12345), [100_000]).data);
    expect(ksStatistic(stream, uniformCdf)).toBeLessThan(ksCritical(stream.length));
  });

  it('first normal draws across seeds follow N(0, 1) (Kolmogorov–Smirnov)', () => {
    const zs = seeds.map((s) => g.normal(g.key(s), [1]).data[0] ?? NaN);
    expect(ksStatistic(zs, normalCdf)).toBeLessThan(ksCritical(SEEDS));
  });

  it('consecutive first draws of seeds s and s + 1 are uncorrelated', () => {
    const firsts = seeds.map((s) => draw(g.key(s), 1, 0));
    expect(Math.abs(correlation(firsts.slice(0, -1), firsts.slice(1)))).toBeLessThan(4 / Math.sqrt(SEEDS));
  });

  it('distinct seeds give distinct keys, across the 32-bit boundary and for negative seeds', () => {
    const ks = [0, 1, -1, 2 ** 32, 2 ** 32 + 1, -(2 ** 32), Number.MAX_SAFE_INTEGER].map((s) => g.key(s).join(','));
    expect(new Set(ks).size).toBe(ks.length);
    expect(g.key(42)).toEqual(g.key(42));
  });
});

describe('split and foldIn: children are independent', () => {
  it('the first draws of the two children of split(key(s)) are uncorrelated, and uncorrelated with the parent', () => {
    const parent: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    for (const s of seeds) {
      const k = g.key(s);
      const [a, b] = g.split(k);
      if (a === undefined || b === undefined) throw new Error('split gave fewer than two keys');
      parent.push(draw(k, 1, 0));
      left.push(draw(a, 1, 0));
      right.push(draw(b, 1, 0));
    }
    const bound = 4 / Math.sqrt(SEEDS); // four standard errors of r under independence
    expect(Math.abs(correlation(left, right))).toBeLessThan(bound);
    expect(Math.abs(correlation(parent, left))).toBeLessThan(bound);
    expect(Math.abs(correlation(parent, right))).toBeLessThan(bound);
    expect(ksStatistic(left, uniformCdf)).toBeLessThan(ksCritical(SEEDS));
    expect(ksStatistic(right, uniformCdf)).toBeLessThan(ksCritical(SEEDS));
  });

  it('foldIn(k, i) over i = 0 … 1999 of one key: uniform first draws, uncorrelated neighbours', () => {
    const k = g.key(3);
    const xs = seeds.map((i) => draw(g.foldIn(k, i), 1, 0));
    expect(ksStatistic(xs, uniformCdf)).toBeLessThan(ksCritical(SEEDS));
    expect(Math.abs(correlation(xs.slice(0, -1), xs.slice(1)))).toBeLessThan(4 / Math.sqrt(SEEDS));
  });
});

describe('permutation(key(s), n) is uniform over positions', () => {
  it('each of 6 elements lands at each position about 1/6 of the time over 6000 seeds (χ², last included)', () => {
    const n = 6;
    const runs = 6000;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let s = 0; s < runs; s++) {
      const p = g.permutation(g.key(s), n);
      p.forEach((element, position) => {
        const row = counts[element];
        if (row !== undefined) row[position] = (row[position] ?? 0) + 1;
      });
    }
    // 36 cells with row and column sums fixed: (n − 1)² = 25 degrees of freedom; χ²(25) at p = 0.001 is 52.62.
    expect(chiSquare(counts.flat(), runs / n)).toBeLessThan(52.62);
    const last = counts[n - 1] ?? [];
    expect(last[n - 1]).toBeLessThan((runs / n) * 1.2);
    expect(last.every((c) => Math.abs(c - runs / n) < (runs / n) * 0.2)).toBe(true);
  });

  it('the last element moves in about 5/6 of the permutations of 6 (it never moved before the fix)', () => {
    const moved = seeds.slice(0, 600).filter((s) => g.permutation(g.key(s), 6)[5] !== 5).length;
    expect(moved).toBeGreaterThan(450);
    expect(moved).toBeLessThan(550);
  });
});
