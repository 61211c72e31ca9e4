/**
 * The Moré–Garbow–Hillstrom unconstrained test problems as gradfold losses f(x) = Σᵢ rᵢ(x)², with the published
 * starting points x₀ and minimum values f*: J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing Unconstrained
 * Optimization Software", ACM Transactions on Mathematical Software 7(1):17–41, 1981 (the problem numbers below
 * are theirs). The parameters are an array of n numbers; inside the loss each is a scalar tensor, so the
 * residuals are written element by element, as in the paper.
 */
import {
  type Tensor,
  type TensorLike,
  add,
  cos,
  customVjp,
  div,
  exp,
  mul,
  neg,
  sin,
  sqrt,
  square,
  sub,
  tensor,
} from '../../src/index.ts';

/** The parameters inside a loss: one scalar tensor per coordinate. */
export type X = readonly Tensor[];

/** One test problem. */
export interface MghProblem {
  /** Its name in the paper. */
  readonly name: string;
  /** Its number in the paper. */
  readonly number: number;
  /** n, the number of variables. */
  readonly n: number;
  /** m, the number of residuals. */
  readonly m: number;
  /** The standard starting point x₀. */
  readonly x0: readonly number[];
  /** The published minimum value(s) f* (global first; other local minima the paper lists after it). */
  readonly fStar: readonly number[];
  /** The residuals r₁…r_m (a number where a residual does not depend on x). */
  readonly residuals: (x: X) => readonly TensorLike[];
}

/** x[i] (0-based), or an error for a bad index (a bug in a problem's definition). */
export const at = (x: X, i: number): Tensor => {
  const v = x[i];
  if (v === undefined) throw new Error(`mgh: no coordinate ${i}`);
  return v;
};

/** f(x) = Σ rᵢ(x)². */
export const lossOf =
  (p: MghProblem) =>
  (x: X): Tensor =>
    p.residuals(x).reduce<Tensor>((s, r) => add(s, square(r)), tensor(0));

const range = (k: number): number[] => Array.from({ length: k }, (_, i) => i + 1);

/** θ(x₁, x₂) of the helical valley: arctan(x₂/x₁)/2π for x₁ > 0, + 1/2 for x₁ < 0; its derivative by a custom rule. */
const theta = customVjp(
  (x1: Tensor, x2: Tensor) => {
    const a = x1.data[0] ?? NaN;
    const b = x2.data[0] ?? NaN;
    const t = Math.atan(b / a) / (2 * Math.PI) + (a < 0 ? 0.5 : 0);
    return tensor(t);
  },
  (g, [x1, x2]) => {
    const r2 = add(square(x1), square(x2));
    const c = 2 * Math.PI;
    return [mul(g, div(neg(x2), mul(c, r2))), mul(g, div(x1, mul(c, r2)))];
  },
  'theta',
);

const bardY = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39];
const gaussianY = [
  0.0009, 0.0044, 0.0175, 0.054, 0.1295, 0.242, 0.3521, 0.3989, 0.3521, 0.242, 0.1295, 0.054, 0.0175, 0.0044, 0.0009,
];
const meyerY = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];
const kowalikY = [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];
const kowalikU = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];

const datum = (ys: readonly number[], i: number): number => {
  const v = ys[i - 1];
  if (v === undefined) throw new Error(`mgh: no datum ${i}`);
  return v;
};

/** (1) Rosenbrock. */
export const rosenbrock: MghProblem = {
  name: 'Rosenbrock',
  number: 1,
  n: 2,
  m: 2,
  x0: [-1.2, 1],
  fStar: [0],
  residuals: (x) => [mul(10, sub(at(x, 1), square(at(x, 0)))), sub(1, at(x, 0))],
};

/** (2) Freudenstein and Roth. */
export const freudensteinRoth: MghProblem = {
  name: 'Freudenstein–Roth',
  number: 2,
  n: 2,
  m: 2,
  x0: [0.5, -2],
  fStar: [0, 48.9842],
  residuals: (x) => {
    const [x1, x2] = [at(x, 0), at(x, 1)];
    return [
      add(-13, add(x1, mul(sub(mul(sub(5, x2), x2), 2), x2))),
      add(-29, add(x1, mul(sub(mul(add(x2, 1), x2), 14), x2))),
    ];
  },
};

/** (3) Powell badly scaled. */
export const powellBadlyScaled: MghProblem = {
  name: 'Powell badly scaled',
  number: 3,
  n: 2,
  m: 2,
  x0: [0, 1],
  fStar: [0],
  residuals: (x) => [
    sub(mul(1e4, mul(at(x, 0), at(x, 1))), 1),
    sub(add(exp(neg(at(x, 0))), exp(neg(at(x, 1)))), 1.0001),
  ],
};

/** (4) Brown badly scaled. */
export const brownBadlyScaled: MghProblem = {
  name: 'Brown badly scaled',
  number: 4,
  n: 2,
  m: 3,
  x0: [1, 1],
  fStar: [0],
  residuals: (x) => [sub(at(x, 0), 1e6), sub(at(x, 1), 2e-6), sub(mul(at(x, 0), at(x, 1)), 2)],
};

/** (5) Beale. */
export const beale: MghProblem = {
  name: 'Beale',
  number: 5,
  n: 2,
  m: 3,
  x0: [1, 1],
  fStar: [0],
  residuals: (x) =>
    [1.5, 2.25, 2.625].map((y, k) =>
      sub(y, mul(at(x, 0), sub(1, mul(at(x, 1), k === 0 ? 1 : k === 1 ? at(x, 1) : square(at(x, 1)))))),
    ),
};

/** (6) Jennrich and Sampson (m = 10). */
export const jennrichSampson: MghProblem = {
  name: 'Jennrich–Sampson',
  number: 6,
  n: 2,
  m: 10,
  x0: [0.3, 0.4],
  fStar: [124.362],
  residuals: (x) => range(10).map((i) => sub(2 + 2 * i, add(exp(mul(i, at(x, 0))), exp(mul(i, at(x, 1)))))),
};

/** (7) Helical valley. */
export const helicalValley: MghProblem = {
  name: 'Helical valley',
  number: 7,
  n: 3,
  m: 3,
  x0: [-1, 0, 0],
  fStar: [0],
  residuals: (x) => [
    mul(10, sub(at(x, 2), mul(10, theta(at(x, 0), at(x, 1))))),
    mul(10, sub(sqrt(add(square(at(x, 0)), square(at(x, 1)))), 1)),
    at(x, 2),
  ],
};

/** (8) Bard. */
export const bard: MghProblem = {
  name: 'Bard',
  number: 8,
  n: 3,
  m: 15,
  x0: [1, 1, 1],
  fStar: [8.21487e-3, 17.4286],
  residuals: (x) =>
    range(15).map((i) => {
      const [u, v] = [i, 16 - i];
      const w = Math.min(u, v);
      return sub(datum(bardY, i), add(at(x, 0), div(u, add(mul(v, at(x, 1)), mul(w, at(x, 2))))));
    }),
};

/** (9) Gaussian. */
export const gaussian: MghProblem = {
  name: 'Gaussian',
  number: 9,
  n: 3,
  m: 15,
  x0: [0.4, 1, 0],
  fStar: [1.12793e-8],
  residuals: (x) =>
    range(15).map((i) => {
      const t = (8 - i) / 2;
      return sub(mul(at(x, 0), exp(mul(-0.5, mul(at(x, 1), square(sub(t, at(x, 2))))))), datum(gaussianY, i));
    }),
};

/** (10) Meyer. */
export const meyer: MghProblem = {
  name: 'Meyer',
  number: 10,
  n: 3,
  m: 16,
  x0: [0.02, 4000, 250],
  fStar: [87.9458],
  residuals: (x) =>
    range(16).map((i) => sub(mul(at(x, 0), exp(div(at(x, 1), add(45 + 5 * i, at(x, 2))))), datum(meyerY, i))),
};

/** (12) Box three-dimensional (m = 10). */
export const box3d: MghProblem = {
  name: 'Box 3-D',
  number: 12,
  n: 3,
  m: 10,
  x0: [0, 10, 20],
  fStar: [0],
  residuals: (x) =>
    range(10).map((i) => {
      const t = 0.1 * i;
      return sub(sub(exp(mul(-t, at(x, 0))), exp(mul(-t, at(x, 1)))), mul(at(x, 2), Math.exp(-t) - Math.exp(-10 * t)));
    }),
};

/** (13) Powell singular. */
export const powellSingular: MghProblem = {
  name: 'Powell singular',
  number: 13,
  n: 4,
  m: 4,
  x0: [3, -1, 0, 1],
  fStar: [0],
  residuals: (x) => [
    add(at(x, 0), mul(10, at(x, 1))),
    mul(Math.sqrt(5), sub(at(x, 2), at(x, 3))),
    square(sub(at(x, 1), mul(2, at(x, 2)))),
    mul(Math.sqrt(10), square(sub(at(x, 0), at(x, 3)))),
  ],
};

/** (14) Wood. */
export const wood: MghProblem = {
  name: 'Wood',
  number: 14,
  n: 4,
  m: 6,
  x0: [-3, -1, -3, -1],
  fStar: [0],
  residuals: (x) => [
    mul(10, sub(at(x, 1), square(at(x, 0)))),
    sub(1, at(x, 0)),
    mul(Math.sqrt(90), sub(at(x, 3), square(at(x, 2)))),
    sub(1, at(x, 2)),
    mul(Math.sqrt(10), sub(add(at(x, 1), at(x, 3)), 2)),
    mul(1 / Math.sqrt(10), sub(at(x, 1), at(x, 3))),
  ],
};

/** (15) Kowalik and Osborne. */
export const kowalikOsborne: MghProblem = {
  name: 'Kowalik–Osborne',
  number: 15,
  n: 4,
  m: 11,
  x0: [0.25, 0.39, 0.415, 0.39],
  fStar: [3.07505e-4, 1.02734e-3],
  residuals: (x) =>
    range(11).map((i) => {
      const u = datum(kowalikU, i);
      const num = mul(at(x, 0), add(u * u, mul(u, at(x, 1))));
      const den = add(add(u * u, mul(u, at(x, 2))), at(x, 3));
      return sub(datum(kowalikY, i), div(num, den));
    }),
};

/** (16) Brown and Dennis (m = 20). */
export const brownDennis: MghProblem = {
  name: 'Brown–Dennis',
  number: 16,
  n: 4,
  m: 20,
  x0: [25, 5, -5, -1],
  fStar: [85822.2],
  residuals: (x) =>
    range(20).map((i) => {
      const t = i / 5;
      return add(
        square(sub(add(at(x, 0), mul(t, at(x, 1))), Math.exp(t))),
        square(sub(add(at(x, 2), mul(Math.sin(t), at(x, 3))), Math.cos(t))),
      );
    }),
};

/** (18) Biggs EXP6 (m = 13). */
export const biggsExp6: MghProblem = {
  name: 'Biggs EXP6',
  number: 18,
  n: 6,
  m: 13,
  x0: [1, 2, 1, 1, 1, 1],
  fStar: [5.65565e-3, 0],
  residuals: (x) =>
    range(13).map((i) => {
      const t = 0.1 * i;
      const y = Math.exp(-t) - 5 * Math.exp(-10 * t) + 3 * Math.exp(-4 * t);
      const e = (c: number, k: number): Tensor => mul(at(x, c), exp(mul(-t, at(x, k))));
      return sub(add(sub(e(2, 0), e(3, 1)), e(5, 4)), y);
    }),
};

/** (20) Watson, for 2 ≤ n ≤ 31 (m = 31); f* is published for n = 6, 9 and 12. */
export const watson = (n: 6 | 9 | 12): MghProblem => ({
  name: `Watson (n = ${n})`,
  number: 20,
  n,
  m: 31,
  x0: new Array<number>(n).fill(0),
  fStar: [n === 6 ? 2.28767e-3 : n === 9 ? 1.39976e-6 : 4.72238e-10],
  residuals: (x) => [
    ...range(29).map((i) => {
      const t = i / 29;
      let s1: TensorLike = 0;
      for (let j = 2; j <= n; j++) s1 = add(s1, mul((j - 1) * t ** (j - 2), at(x, j - 1)));
      let s2: TensorLike = 0;
      for (let j = 1; j <= n; j++) s2 = add(s2, mul(t ** (j - 1), at(x, j - 1)));
      return sub(sub(s1, square(s2)), 1);
    }),
    at(x, 0),
    sub(sub(at(x, 1), square(at(x, 0))), 1),
  ],
});

/** (21) Extended Rosenbrock, n even. */
export const extendedRosenbrock = (n: number): MghProblem => ({
  name: `Extended Rosenbrock (n = ${n})`,
  number: 21,
  n,
  m: n,
  x0: range(n).map((i) => (i % 2 === 1 ? -1.2 : 1)),
  fStar: [0],
  residuals: (x) =>
    range(n / 2).flatMap((i) => [mul(10, sub(at(x, 2 * i - 1), square(at(x, 2 * i - 2)))), sub(1, at(x, 2 * i - 2))]),
});

/** (26) Trigonometric (m = n); f* = 0, and for n = 10 the local minimum 2.79506e−5 that solvers usually find. */
export const trigonometric = (n: number): MghProblem => ({
  name: `Trigonometric (n = ${n})`,
  number: 26,
  n,
  m: n,
  x0: new Array<number>(n).fill(1 / n),
  fStar: [0, 2.79506e-5],
  residuals: (x) => {
    const sumCos = x.reduce<Tensor>((s, xj) => add(s, cos(xj)), tensor(0));
    return range(n).map((i) => sub(add(sub(n, sumCos), mul(i, sub(1, cos(at(x, i - 1))))), sin(at(x, i - 1))));
  },
});

/** The problems of the table, in the paper's order. */
export const mghProblems: readonly MghProblem[] = [
  rosenbrock,
  freudensteinRoth,
  powellBadlyScaled,
  brownBadlyScaled,
  beale,
  jennrichSampson,
  helicalValley,
  bard,
  gaussian,
  meyer,
  box3d,
  powellSingular,
  wood,
  kowalikOsborne,
  brownDennis,
  biggsExp6,
  watson(6),
  watson(9),
  extendedRosenbrock(10),
  trigonometric(10),
];
