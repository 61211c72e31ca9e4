/**
 * Lion and Adafactor against their equations: the first step computed by hand, then 50 steps against the
 * hand-written loops of reference-light.ts (the paper's Lion, torch.optim.Adafactor's documented algorithm) to
 * 1e-12 in float64, on a bowl (a vector), Rosenbrock (two numbers) and a matrix problem (factored moments).
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '../../src/index.ts';
import {
  adafactor,
  applyUpdates,
  chain,
  clipByBlockRms,
  lion,
  scaleByFactoredRms,
  scaleByLion,
  scaleByParamBlockRms,
} from '../../src/optim/index.ts';
import { bowlGradient, bowlParams, rosenGradient, rosenParams } from './problems.ts';
import {
  type GradFn,
  type Vec,
  bowlGrad,
  bowlStart,
  expectPathsClose,
  flat,
  rosenGrad,
  rosenStart,
  runOptimizer,
} from './reference.ts';
import { refAdafactor, refLion } from './reference-light.ts';

/** The matrix problem: f = Σ aᵢ (xᵢ − cᵢ)² over a 2×3 matrix M, a vector v of 3, and a number s (12 coordinates). */
const matA = [1, 2, 0.5, 3, 1.5, 4, 2, 0.25, 1, 5, 0.75, 2];
const matC = [0.5, -1, 2, 0, 1, -0.5, 3, 1, -2, 0.25, -1, 1.5];
const matStart: Vec = [1, 2, -1, 0.5, -2, 3, 0.1, -0.4, 2, 1, 0.3, -0.7];
const matGrad: GradFn = (x) => x.map((xi, i) => 2 * (matA[i] ?? 0) * (xi - (matC[i] ?? 0)));
interface MatParams {
  readonly m: Tensor;
  readonly v: Tensor;
  readonly s: number;
}
const toParams = (x: Vec): MatParams => ({
  m: tensor([x.slice(0, 3), x.slice(3, 6)]),
  v: tensor(x.slice(6, 9)),
  s: x[9] ?? NaN,
});
/** The matrix problem's parameters have a 12th coordinate folded into s's neighbours: only 10 are used. */
const matShapes = [[2, 3], [3], []] as const;
const matX0 = matStart.slice(0, 10);
const matGrad10: GradFn = (x) => matGrad(x).slice(0, 10);
const matGradient = (p: MatParams): MatParams => toParams(matGrad10(flat(p)));

describe('lion: the paper’s equations', () => {
  it('first step by hand: c = (1 − β₁)g, θ ← θ − η(sign(c) + λθ), m = (1 − β₂)g', () => {
    const opt = lion({ lr: 0.1, weightDecay: 0.5 });
    const p = { w: tensor([1, -2, 3]) };
    const g = { w: tensor([0.5, -4, 0]) };
    const [u, s] = opt.update(g, opt.init(p), p);
    expect(Array.from(applyUpdates(p, u).w.data)).toEqual([
      1 - 0.1 * (1 + 0.5),
      -2 - 0.1 * (-1 - 1),
      3 - 0.1 * (0 + 1.5),
    ]);
    expect(Array.from(s[0].mu.w.data)).toEqual([0.5 * (1 - 0.99), -4 * (1 - 0.99), 0]);
  });

  it('scaleByLion alone is sign(β₁m + (1 − β₁)g), with the momentum decayed by β₂', () => {
    const tx = scaleByLion({ beta1: 0.5, beta2: 0.75 });
    const [u1, s1] = tx.update({ a: 2, b: -1 }, tx.init({ a: 0, b: 0 }));
    expect(u1).toEqual({ a: 1, b: -1 });
    expect(s1.mu).toEqual({ a: 0.5, b: -0.25 });
    // c = 0.5·0.5 + 0.5·(−1) = −0.25 → −1;  c = 0.5·(−0.25) + 0.5·0.2 = −0.025 → −1
    const [u2, s2] = tx.update({ a: -1, b: 0.2 }, s1);
    expect(u2).toEqual({ a: -1, b: -1 });
    expect(s2.mu).toEqual({ a: 0.75 * 0.5 + 0.25 * -1, b: 0.75 * -0.25 + 0.25 * 0.2 });
  });

  it('50 steps equal the reference loop (bowl, Rosenbrock, weight decay)', () => {
    const o = { lr: 0.01, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 };
    expectPathsClose(runOptimizer(lion(o), bowlParams, bowlGradient, 50), refLion(o)(bowlStart, bowlGrad, 50));
    expectPathsClose(
      runOptimizer(lion({ ...o, lr: 1e-3 }), rosenParams, rosenGradient, 50),
      refLion({ ...o, lr: 1e-3 })(rosenStart, rosenGrad, 50),
    );
  });
});

describe('adafactor: torch.optim.Adafactor’s algorithm', () => {
  it('first step by hand, vector and number: V̂₁ = g², U = sign(g), θ₁ = θ₀ − γ·max(ε₂, RMS(θ₀))·sign(g)', () => {
    const opt = adafactor({ lr: 0.05 });
    const p = { w: tensor([3, -4]), s: 1e-4 };
    const g = { w: tensor([2, 0.5]), s: -3 };
    const [u] = opt.update(g, opt.init(p), p);
    const next = applyUpdates(p, u);
    const rmsW = Math.sqrt((9 + 16) / 2);
    expect(Array.from(next.w.data)).toEqual([3 - 0.05 * rmsW, -4 - 0.05 * rmsW]);
    expect(next.s).toBeCloseTo(1e-4 + 0.05 * 1e-3, 15); // RMS(s) = 1e-4 < ε₂ = 1e-3
  });

  it('first step by hand, matrix: R = row means of g², C = column means, V̂ = RCᵀ / mean(R)', () => {
    const opt = scaleByFactoredRms();
    const g = {
      m: tensor([
        [1, 2],
        [3, 4],
      ]),
    };
    const [u, s] = opt.update(g, opt.init(g));
    expect(Array.from(s.row.m.data)).toEqual([(1 + 4) / 2, (9 + 16) / 2]);
    expect(Array.from(s.col.m.data)).toEqual([(1 + 9) / 2, (4 + 16) / 2]);
    expect(s.row.m.shape).toEqual([2, 1]);
    expect(s.col.m.shape).toEqual([1, 2]);
    const mean = (2.5 + 12.5) / 2;
    const vHat = [(2.5 * 5) / mean, (2.5 * 10) / mean, (12.5 * 5) / mean, (12.5 * 10) / mean];
    const expected = [1, 2, 3, 4].map((gi, i) => gi / Math.sqrt(vHat[i] ?? NaN));
    Array.from(u.m.data).forEach((ui, i) => expect(ui).toBeCloseTo(expected[i] ?? NaN, 14));
  });

  it('update clipping and the parameter scale: Û = U / max(1, RMS(U)/d), u = max(ε₂, RMS(θ))·Û', () => {
    const [u] = chain(clipByBlockRms(1), scaleByParamBlockRms(1e-3)).update({ w: tensor([3, 4]) }, [{}, {}], {
      w: tensor([0, 2]),
    });
    const rmsU = Math.sqrt(12.5);
    const rmsTheta = Math.sqrt(2);
    expect(Array.from(u.w.data)).toEqual([(3 / rmsU) * rmsTheta, (4 / rmsU) * rmsTheta]);
  });

  it('50 steps equal the reference loop: bowl (vector), Rosenbrock (numbers)', () => {
    const o = { lr: 0.05, weightDecay: 0.01 };
    expectPathsClose(
      runOptimizer(adafactor(o), bowlParams, bowlGradient, 50),
      refAdafactor(o, [[3]])(bowlStart, bowlGrad, 50),
    );
    expectPathsClose(
      runOptimizer(adafactor(o), rosenParams, rosenGradient, 50),
      refAdafactor(o, [[], []])(rosenStart, rosenGrad, 50),
    );
  });

  it('50 steps equal the reference loop: a matrix (factored), a vector and a number, every option', () => {
    const o = { lr: 0.2, beta2Decay: -0.5, eps1: 1e-20, eps2: 1e-2, d: 1.5, weightDecay: 0.05 };
    const path = runOptimizer(adafactor(o), toParams(matX0), matGradient, 50);
    // θ(1 − γλ) − αÛ (torch) and θ + (−αÛ − γλθ) (a chain's updates) round differently: 1e-11 after 50 steps
    expectPathsClose(path, refAdafactor(o, matShapes)(matX0, matGrad10, 50), 1e-11);
    const defaults = runOptimizer(adafactor(), toParams(matX0), matGradient, 50);
    expectPathsClose(defaults, refAdafactor({ lr: 1e-2 }, matShapes)(matX0, matGrad10, 50));
  });

  it('maximize ascends: 50 steps of −f equal the reference loop with G = −∇f', () => {
    const o = { lr: 0.05, weightDecay: 0.01, maximize: true };
    const negated: GradFn = (x) => bowlGrad(x).map((g) => -g);
    const ascent = runOptimizer(adafactor(o), bowlParams, (p) => ({ w: tensor(negated(Array.from(p.w.data))) }), 50);
    expectPathsClose(ascent, refAdafactor(o, [[3]])(bowlStart, negated, 50));
    // and it is descent on f with the gradient negated, bit for bit
    const descent = runOptimizer(adafactor({ lr: 0.05, weightDecay: 0.01 }), bowlParams, bowlGradient, 50);
    expect(ascent.map(flat)).toEqual(descent.map(flat));
  });

  it('keeps n + m numbers for an n × m matrix, and float32 parameters stay float32 (ε₁ float32’s epsilon)', () => {
    const p = {
      m: tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: 'float32' },
      ),
    };
    const opt = adafactor();
    const s0 = opt.init(p);
    expect(s0[0].row.m.shape).toEqual([2, 1]);
    expect(s0[0].col.m.shape).toEqual([1, 3]);
    expect(s0[0].v.m.shape).toEqual([]);
    const [u] = opt.update(
      {
        m: tensor(
          [
            [0, 0, 0],
            [0, 0, 1],
          ],
          { dtype: 'float32' },
        ),
      },
      s0,
      p,
    );
    expect(u.m.dtype).toBe('float32');
    expect(Array.from(u.m.data).every(Number.isFinite)).toBe(true);
  });

  it('refuses a state whose factors do not fit the parameters', () => {
    const opt = adafactor();
    const s = opt.init({
      m: tensor([
        [1, 2],
        [3, 4],
      ]),
    });
    const p3 = {
      m: tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    };
    // R is [2, 1] for both matrices; C is [1, 2] where [1, 3] is kept
    expect(() => opt.update(p3, s, p3)).toThrow(
      /adafactor: the state at \[0\]\.col is not a col factor of these parameters/,
    );
  });
});
