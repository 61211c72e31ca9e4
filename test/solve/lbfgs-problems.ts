/**
 * The L-BFGS parity problems, each with a hand-written value and gradient over a plain number vector (for the
 * torch transcription) and the same functions over a parameter tree (for gradfold's lbfgs): the tree's
 * elements are read in a fixed order into the vector and the gradient written back in that order, by hand.
 */
import { type Tensor, fromData } from '../../src/core/tensor.ts';
import type { Problem } from './reference/torch-lbfgs.ts';

const at = (a: ArrayLike<number>, i: number): number => a[i] ?? NaN;

/** Rosenbrock's chained function (SciPy's `rosen`): Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², minimum 0 at (1, …, 1). */
export const rosenbrock: Problem = {
  f: (x) => {
    let s = 0;
    for (let i = 0; i + 1 < x.length; i++) s += 100 * (at(x, i + 1) - at(x, i) ** 2) ** 2 + (1 - at(x, i)) ** 2;
    return s;
  },
  g: (x) => {
    const g = x.map(() => 0);
    for (let i = 0; i + 1 < x.length; i++) {
      const r = at(x, i + 1) - at(x, i) ** 2;
      g[i] = at(g, i) - 400 * at(x, i) * r - 2 * (1 - at(x, i));
      g[i + 1] = at(g, i + 1) + 200 * r;
    }
    return g;
  },
};

/** The standard start (−1.2, 1, −1.2, 1, …) of n elements. */
export const rosenStart = (n: number): number[] => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));

/** A = MᵀM + I for a fixed 5×5 M (symmetric positive definite), and b. */
const M = [
  [2, -1, 0, 0.5, 1],
  [0, 3, 1, -1, 0],
  [1, 0, -2, 0, 0.5],
  [0.5, 1, 0, 4, -1],
  [0, -0.5, 1, 1, 1.5],
];
export const quadA: number[][] = M.map((_, i) =>
  M.map((__, j) => M.reduce((s, row) => s + at(row, i) * at(row, j), 0) + (i === j ? 1 : 0)),
);
export const quadB = [1, -2, 0.5, 3, -1];

/** ½xᵀAx − bᵀx, gradient Ax − b. */
export const quadratic: Problem = {
  f: (x) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      let ax = 0;
      for (let j = 0; j < x.length; j++) ax += at(quadA[i] ?? [], j) * at(x, j);
      s += 0.5 * at(x, i) * ax - at(quadB, i) * at(x, i);
    }
    return s;
  },
  g: (x) =>
    x.map((_, i) => {
      let ax = 0;
      for (let j = 0; j < x.length; j++) ax += at(quadA[i] ?? [], j) * at(x, j);
      return ax - at(quadB, i);
    }),
};

/** Twelve points in the plane with labels ±1, not linearly separable. */
const X = [
  [0.5, 1.2],
  [1.5, 0.3],
  [-0.7, 0.8],
  [2.1, 1.9],
  [-1.4, -0.6],
  [0.2, -1.1],
  [1.1, 2.4],
  [-2.0, 0.4],
  [0.9, -0.3],
  [-0.3, -1.8],
  [1.8, -0.9],
  [-1.1, 1.6],
];
const Y = [1, 1, -1, 1, -1, -1, 1, -1, 1, -1, -1, 1];
/** The weight of the ridge term λ/2·‖w‖². */
const LAMBDA = 0.01;

/** Logistic regression on (X, Y) with a ridge on w: (1/m)Σ log(1 + exp(−yᵢ(w·xᵢ + b))) + λ/2·‖w‖², x = (w₀, w₁, b). */
export const logistic: Problem = {
  f: (x) => {
    const [w0 = NaN, w1 = NaN, b = NaN] = x;
    let s = 0;
    X.forEach((xi, i) => {
      const z = at(Y, i) * (w0 * at(xi, 0) + w1 * at(xi, 1) + b);
      s += Math.log1p(Math.exp(-z));
    });
    return s / X.length + (LAMBDA / 2) * (w0 * w0 + w1 * w1);
  },
  g: (x) => {
    const [w0 = NaN, w1 = NaN, b = NaN] = x;
    const g = [0, 0, 0];
    X.forEach((xi, i) => {
      const y = at(Y, i);
      const z = y * (w0 * at(xi, 0) + w1 * at(xi, 1) + b);
      const c = -y / (1 + Math.exp(z)) / X.length; // d/dz log(1 + e^−z) = −1/(1 + e^z), times y, over m
      g[0] = at(g, 0) + c * at(xi, 0);
      g[1] = at(g, 1) + c * at(xi, 1);
      g[2] = at(g, 2) + c;
    });
    g[0] = at(g, 0) + LAMBDA * w0;
    g[1] = at(g, 1) + LAMBDA * w1;
    return g;
  },
};
export const logisticData = { X, Y, LAMBDA };

/** A float64 vector tensor. */
export const vec = (xs: readonly number[]): Tensor => fromData([xs.length], Float64Array.from(xs));
