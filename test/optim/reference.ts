/**
 * Test helpers: hand-written float64 loops of torch.optim's update formulas (from the algorithm boxes in the
 * PyTorch documentation), problems with hand-written gradients, and a driver for our optimizers.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { type Leaf, type Like, leaves } from '../../src/core/tree.ts';
import { type GradientTransformation, applyUpdates } from '../../src/optim/index.ts';

export type Vec = readonly number[];
export type GradFn = (x: Vec) => Vec;

/** f(x) = Σ aᵢ (xᵢ − cᵢ)², a bowl with different curvatures. */
export const bowlA = [1, 3, 10];
export const bowlC = [1, -2, 0.5];
export const bowlLoss = (x: Vec): number =>
  x.reduce((s, xi, i) => s + (bowlA[i] ?? 0) * (xi - (bowlC[i] ?? 0)) ** 2, 0);
export const bowlGrad: GradFn = (x) => x.map((xi, i) => 2 * (bowlA[i] ?? 0) * (xi - (bowlC[i] ?? 0)));
export const bowlStart: Vec = [5, 4, -3];

/** Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1). */
export const rosenLoss = (v: Vec): number => {
  const [x = NaN, y = NaN] = v;
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};
export const rosenGrad: GradFn = (v) => {
  const [x = NaN, y = NaN] = v;
  return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
};
export const rosenStart: Vec = [-1.5, 2];

const zerosOf = (x: Vec): number[] => x.map(() => 0);
const at = (v: Vec, i: number): number => v[i] ?? NaN;

/** A reference optimizer: a loop of `steps` updates from x0, returning x after each step. */
export type Reference = (x0: Vec, grad: GradFn, steps: number) => Vec[];

export const refSgd =
  (o: { lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }): Reference =>
  (x0, gradFn, steps) => {
    const { lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = o;
    let x = [...x0];
    let b: number[] | null = null;
    const path: Vec[] = [];
    for (let t = 1; t <= steps; t++) {
      let g = [...gradFn(x)];
      if (weightDecay !== 0) g = g.map((gi, i) => gi + weightDecay * at(x, i));
      if (momentum !== 0) {
        const prev: number[] | null = b;
        const nb: number[] = prev === null ? [...g] : prev.map((bi, i) => momentum * bi + (1 - dampening) * at(g, i));
        b = nb;
        g = nesterov ? g.map((gi, i) => gi + momentum * at(nb, i)) : nb;
      }
      x = x.map((xi, i) => xi - lr * at(g, i));
      path.push(x);
    }
    return path;
  };

/** The seeds' EMA momentum: v ← βv + (1 − β)g (v₀ = 0); x ← x − η v (or η v / (1 − βᵗ) bias-corrected). */
export const refEmaMomentum =
  (o: { lr: number; momentum: number; biasCorrection?: boolean }): Reference =>
  (x0, gradFn, steps) => {
    let x = [...x0];
    let v = zerosOf(x0);
    const path: Vec[] = [];
    for (let t = 1; t <= steps; t++) {
      const g = gradFn(x);
      v = v.map((vi, i) => o.momentum * vi + (1 - o.momentum) * at(g, i));
      const c = o.biasCorrection === true ? 1 - o.momentum ** t : 1;
      x = x.map((xi, i) => xi - (o.lr * at(v, i)) / c);
      path.push(x);
    }
    return path;
  };

export const refRmsprop =
  (o: {
    lr: number;
    alpha: number;
    eps: number;
    weightDecay?: number;
    momentum?: number;
    centered?: boolean;
    epsInsideSqrt?: boolean;
  }): Reference =>
  (x0, gradFn, steps) => {
    const { lr, alpha, eps, weightDecay = 0, momentum = 0, centered = false, epsInsideSqrt = false } = o;
    let x = [...x0];
    let v = zerosOf(x0);
    let gAve = zerosOf(x0);
    let b = zerosOf(x0);
    const path: Vec[] = [];
    for (let t = 1; t <= steps; t++) {
      const g = gradFn(x).map((gi, i) => gi + weightDecay * at(x, i));
      v = v.map((vi, i) => alpha * vi + (1 - alpha) * at(g, i) ** 2);
      let vt = [...v];
      if (centered) {
        gAve = gAve.map((ai, i) => alpha * ai + (1 - alpha) * at(g, i));
        vt = vt.map((vi, i) => vi - at(gAve, i) ** 2);
      }
      const d = g.map((gi, i) => gi / (epsInsideSqrt ? Math.sqrt(at(vt, i) + eps) : Math.sqrt(at(vt, i)) + eps));
      if (momentum > 0) {
        b = b.map((bi, i) => momentum * bi + at(d, i));
        x = x.map((xi, i) => xi - lr * at(b, i));
      } else x = x.map((xi, i) => xi - lr * at(d, i));
      path.push(x);
    }
    return path;
  };

export const refAdam =
  (o: {
    lr: number;
    beta1: number;
    beta2: number;
    eps: number;
    weightDecay?: number;
    amsgrad?: boolean;
    decoupled?: boolean;
  }): Reference =>
  (x0, gradFn, steps) => {
    const { lr, beta1, beta2, eps, weightDecay = 0, amsgrad = false, decoupled = false } = o;
    let x = [...x0];
    let m = zerosOf(x0);
    let v = zerosOf(x0);
    let vMax = zerosOf(x0);
    const path: Vec[] = [];
    for (let t = 1; t <= steps; t++) {
      let g = [...gradFn(x)];
      if (decoupled) x = x.map((xi) => xi - lr * weightDecay * xi);
      else g = g.map((gi, i) => gi + weightDecay * at(x, i));
      m = m.map((mi, i) => beta1 * mi + (1 - beta1) * at(g, i));
      v = v.map((vi, i) => beta2 * vi + (1 - beta2) * at(g, i) ** 2);
      vMax = vMax.map((mx, i) => Math.max(mx, at(v, i)));
      const vUsed = amsgrad ? vMax : v;
      x = x.map((xi, i) => {
        const mHat = at(m, i) / (1 - beta1 ** t);
        const vHat = at(vUsed, i) / (1 - beta2 ** t);
        return xi - (lr * mHat) / (Math.sqrt(vHat) + eps);
      });
      path.push(x);
    }
    return path;
  };

export const refAdagrad =
  (o: { lr: number; lrDecay?: number; weightDecay?: number; initialAccumulator?: number; eps?: number }): Reference =>
  (x0, gradFn, steps) => {
    const { lr, lrDecay = 0, weightDecay = 0, initialAccumulator = 0, eps = 1e-10 } = o;
    let x = [...x0];
    let sum = x0.map(() => initialAccumulator);
    const path: Vec[] = [];
    for (let t = 1; t <= steps; t++) {
      const g = gradFn(x).map((gi, i) => gi + weightDecay * at(x, i));
      const clr = lr / (1 + (t - 1) * lrDecay);
      sum = sum.map((s, i) => s + at(g, i) * at(g, i));
      x = x.map((xi, i) => xi - (clr * at(g, i)) / (Math.sqrt(at(sum, i)) + eps));
      path.push(x);
    }
    return path;
  };

/** Runs `opt` for `steps` updates from p0, returning the parameters after each step. */
export const runOptimizer = <K, P>(
  opt: GradientTransformation<K>,
  p0: P,
  gradFn: (p: P) => Like<P>,
  steps: number,
): P[] => {
  let p = p0;
  let s = opt.init(p0);
  const path: P[] = [];
  for (let t = 0; t < steps; t++) {
    const [u, s1] = opt.update(gradFn(p), s, p);
    p = applyUpdates(p, u);
    s = s1;
    path.push(p);
  }
  return path;
};

/** Type guard: v is deeply, strictly equal to `like` (a state revived from JSON is the state's type). */
export const sameAs = <T>(v: unknown, like: T): v is T => isDeepStrictEqual(v, like);

/** Every element of every leaf, in order. */
export const flat = (tree: unknown): number[] =>
  leaves(tree).flatMap((l: Leaf) => (typeof l === 'number' ? [l] : Array.from(l.data)));

/** Asserts |a − b| ≤ tol · max(1, |b|) at every step and coordinate. */
export const expectPathsClose = (actual: readonly unknown[], expected: readonly Vec[], tol = 1e-12): void => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((p, t) => {
    const a = flat(p);
    const e = expected[t] ?? [];
    expect(a.length).toBe(e.length);
    a.forEach((ai, i) => {
      const ei = at(e, i);
      const err = Math.abs(ai - ei) / Math.max(1, Math.abs(ei));
      if (!(err <= tol))
        expect.fail(`step ${t + 1}, coordinate ${i}: got ${ai}, expected ${ei} (relative error ${err})`);
    });
  });
};
