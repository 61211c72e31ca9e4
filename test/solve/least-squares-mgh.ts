/**
 * Moré–Garbow–Hillstrom least-squares test problems (J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing
 * unconstrained optimization software", ACM TOMS 7(1), 1981, pp. 17–41), written from the paper: the residuals
 * f_i(x), the standard starting point x₀, and the published minimum values of f = Σ f_i² (the paper's f, which is
 * 2·cost here). Numbers in the paper are given to six significant figures.
 */
import {
  type Tensor,
  add,
  concat,
  cos,
  customVjp,
  div,
  exp,
  mul,
  neg,
  reshape,
  sin,
  slice,
  sqrt,
  square,
  stack,
  sub,
  sum,
  tensor,
} from '../../src/index.ts';

export interface MghProblem {
  /** The paper's number and name. */
  readonly name: string;
  readonly m: number;
  readonly x0: readonly number[];
  /** The residual vector f(x) as a rank-1 tensor of length m. */
  readonly residuals: (x: readonly Tensor[]) => Tensor;
  /** The published minimum values of f = Σ f_i² (a local minimum the paper lists, too). */
  readonly minima: readonly number[];
}

const at = (x: readonly Tensor[], i: number): Tensor => {
  const v = x[i];
  if (v === undefined) throw new Error(`no x[${i}]`);
  return v;
};
const range = (m: number, f: (i: number) => number): Tensor => tensor(Array.from({ length: m }, (_, k) => f(k + 1)));

/**
 * θ(x1, x2) of the helical valley: atan2(x2, x1)/(2π) on (−π/2, 3π/2)/(2π), i.e. the paper's branch for x1 > 0 and
 * x1 < 0, with its derivative.
 */
const theta = customVjp(
  (a: Tensor, b: Tensor) => {
    const x1 = a.data[0] ?? NaN;
    const x2 = b.data[0] ?? NaN;
    const t = Math.atan(x2 / x1) / (2 * Math.PI) + (x1 < 0 ? 0.5 : 0);
    return tensor(t);
  },
  (g, [a, b]) => {
    const r2 = add(square(a), square(b));
    const c = 1 / (2 * Math.PI);
    return [mul(g, mul(c, div(neg(b), r2))), mul(g, mul(c, div(a, r2)))];
  },
);

const bardY = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39];
const meyerY = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];
const kowalikY = [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];
const kowalikU = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];
const gaussY = [
  0.0009, 0.0044, 0.0175, 0.054, 0.1295, 0.242, 0.3521, 0.3989, 0.3521, 0.242, 0.1295, 0.054, 0.0175, 0.0044, 0.0009,
];

const osborneY = [
  0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.85, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.58,
  0.558, 0.538, 0.522, 0.506, 0.49, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.42, 0.414, 0.411, 0.406,
];

/** The row-wise sum Σ_j M_ij v_j of a constant matrix M (as nested arrays) and the vector v. */
const rowDot = (M: readonly (readonly number[])[], v: Tensor): Tensor =>
  sum(mul(tensor(M), reshape(v, [1, -1])), { axis: 1 });

/** Watson's function (problem 20) for n parameters, m = 31. */
const watson = (n: number, minimum: number): MghProblem => {
  const t = Array.from({ length: 29 }, (_, k) => (k + 1) / 29);
  const powers = t.map((ti) => Array.from({ length: n }, (_, j) => ti ** j));
  const slopes = t.map((ti) => Array.from({ length: n }, (_, j) => (j === 0 ? 0 : j * ti ** (j - 1))));
  return {
    name: `20 Watson (n = ${n})`,
    m: 31,
    x0: Array.from({ length: n }, () => 0),
    residuals: (x) => {
      const v = stack([...x]);
      const head = sub(sub(rowDot(slopes, v), square(rowDot(powers, v))), 1);
      return concat([head, stack([at(x, 0), sub(sub(at(x, 1), square(at(x, 0))), 1)])]);
    },
    minima: [minimum],
  };
};

/** Chebyquad (problem 35) for n = m: f_i = (1/n)Σ_j T_i(x_j) − ∫₀¹ T_i, with T_i the shifted Chebyshev polynomials. */
const chebyquad = (n: number, minima: readonly number[]): MghProblem => ({
  name: `35 Chebyquad (n = ${n})`,
  m: n,
  x0: Array.from({ length: n }, (_, j) => (j + 1) / (n + 1)),
  residuals: (x) => {
    const y = sub(mul(2, stack([...x])), 1);
    const rows: Tensor[] = [];
    let previous: Tensor = tensor(Array.from({ length: n }, () => 1));
    let current = y;
    for (let i = 1; i <= n; i++) {
      const integral = i % 2 === 0 ? -1 / (i * i - 1) : 0;
      rows.push(sub(div(sum(current), n), integral));
      const next = sub(mul(mul(2, y), current), previous);
      previous = current;
      current = next;
    }
    return stack(rows);
  },
  minima,
});

export const mghProblems: readonly MghProblem[] = [
  {
    name: '32 Linear, full rank (n = 5, m = 10)',
    m: 10,
    x0: [1, 1, 1, 1, 1],
    residuals: (x) => {
      const total = sum(stack([...x]));
      const v = concat([stack([...x]), tensor([0, 0, 0, 0, 0])]);
      return sub(sub(v, mul(2 / 10, total)), 1);
    },
    minima: [5],
  },
  {
    name: '1 Rosenbrock',
    m: 2,
    x0: [-1.2, 1],
    residuals: (x) => stack([mul(10, sub(at(x, 1), square(at(x, 0)))), sub(1, at(x, 0))]),
    minima: [0],
  },
  {
    name: '2 Freudenstein–Roth',
    m: 2,
    x0: [0.5, -2],
    residuals: (x) => {
      const [x1, x2] = [at(x, 0), at(x, 1)];
      return stack([
        add(-13, add(x1, mul(sub(mul(sub(5, x2), x2), 2), x2))),
        add(-29, add(x1, mul(sub(mul(add(x2, 1), x2), 14), x2))),
      ]);
    },
    minima: [0, 48.9842],
  },
  {
    name: '3 Powell badly scaled',
    m: 2,
    x0: [0, 1],
    residuals: (x) =>
      stack([sub(mul(1e4, mul(at(x, 0), at(x, 1))), 1), sub(add(exp(neg(at(x, 0))), exp(neg(at(x, 1)))), 1.0001)]),
    minima: [0],
  },
  {
    name: '4 Brown badly scaled',
    m: 3,
    x0: [1, 1],
    residuals: (x) => stack([sub(at(x, 0), 1e6), sub(at(x, 1), 2e-6), sub(mul(at(x, 0), at(x, 1)), 2)]),
    minima: [0],
  },
  {
    name: '5 Beale',
    m: 3,
    x0: [1, 1],
    residuals: (x) => {
      const y = tensor([1.5, 2.25, 2.625]);
      const powers = stack([at(x, 1), square(at(x, 1)), mul(square(at(x, 1)), at(x, 1))]);
      return sub(y, mul(at(x, 0), sub(1, powers)));
    },
    minima: [0],
  },
  {
    name: '6 Jennrich–Sampson (m = 10)',
    m: 10,
    x0: [0.3, 0.4],
    residuals: (x) => {
      const i = range(10, (k) => k);
      return sub(add(2, mul(2, i)), add(exp(mul(i, at(x, 0))), exp(mul(i, at(x, 1)))));
    },
    minima: [124.362],
  },
  {
    name: '7 Helical valley',
    m: 3,
    x0: [-1, 0, 0],
    residuals: (x) => {
      const [x1, x2, x3] = [at(x, 0), at(x, 1), at(x, 2)];
      return stack([mul(10, sub(x3, mul(10, theta(x1, x2)))), mul(10, sub(sqrt(add(square(x1), square(x2))), 1)), x3]);
    },
    minima: [0],
  },
  {
    name: '8 Bard',
    m: 15,
    x0: [1, 1, 1],
    residuals: (x) => {
      const u = range(15, (i) => i);
      const v = range(15, (i) => 16 - i);
      const w = range(15, (i) => Math.min(i, 16 - i));
      return sub(tensor(bardY), add(at(x, 0), div(u, add(mul(v, at(x, 1)), mul(w, at(x, 2))))));
    },
    minima: [8.21487e-3, 17.4286],
  },
  {
    name: '9 Gaussian',
    m: 15,
    x0: [0.4, 1, 0],
    residuals: (x) => {
      const t = range(15, (i) => (8 - i) / 2);
      return sub(mul(at(x, 0), exp(div(mul(neg(at(x, 1)), square(sub(t, at(x, 2)))), 2))), tensor(gaussY));
    },
    minima: [1.12793e-8],
  },
  {
    name: '10 Meyer',
    m: 16,
    x0: [0.02, 4000, 250],
    residuals: (x) => {
      const t = range(16, (i) => 45 + 5 * i);
      return sub(mul(at(x, 0), exp(div(at(x, 1), add(t, at(x, 2))))), tensor(meyerY));
    },
    minima: [87.9458],
  },
  {
    name: '12 Box 3-D (m = 10)',
    m: 10,
    x0: [0, 10, 20],
    residuals: (x) => {
      const t = range(10, (i) => 0.1 * i);
      const c = range(10, (i) => Math.exp(-0.1 * i) - Math.exp(-i));
      return sub(sub(exp(mul(neg(t), at(x, 0))), exp(mul(neg(t), at(x, 1)))), mul(at(x, 2), c));
    },
    minima: [0],
  },
  {
    name: '13 Powell singular',
    m: 4,
    x0: [3, -1, 0, 1],
    residuals: (x) => {
      const [x1, x2, x3, x4] = [at(x, 0), at(x, 1), at(x, 2), at(x, 3)];
      return stack([
        add(x1, mul(10, x2)),
        mul(Math.sqrt(5), sub(x3, x4)),
        square(sub(x2, mul(2, x3))),
        mul(Math.sqrt(10), square(sub(x1, x4))),
      ]);
    },
    minima: [0],
  },
  {
    name: '14 Wood',
    m: 6,
    x0: [-3, -1, -3, -1],
    residuals: (x) => {
      const [x1, x2, x3, x4] = [at(x, 0), at(x, 1), at(x, 2), at(x, 3)];
      return stack([
        mul(10, sub(x2, square(x1))),
        sub(1, x1),
        mul(Math.sqrt(90), sub(x4, square(x3))),
        sub(1, x3),
        mul(Math.sqrt(10), sub(add(x2, x4), 2)),
        mul(1 / Math.sqrt(10), sub(x2, x4)),
      ]);
    },
    minima: [0],
  },
  {
    name: '15 Kowalik–Osborne',
    m: 11,
    x0: [0.25, 0.39, 0.415, 0.39],
    residuals: (x) => {
      const u = tensor(kowalikU);
      const u2 = tensor(kowalikU.map((v) => v * v));
      return sub(
        tensor(kowalikY),
        div(mul(at(x, 0), add(u2, mul(u, at(x, 1)))), add(add(u2, mul(u, at(x, 2))), at(x, 3))),
      );
    },
    minima: [3.07505e-4, 1.02734e-3],
  },
  {
    name: '16 Brown–Dennis (m = 20)',
    m: 20,
    x0: [25, 5, -5, -1],
    residuals: (x) => {
      const t = range(20, (i) => i / 5);
      const a = sub(
        add(at(x, 0), mul(t, at(x, 1))),
        range(20, (i) => Math.exp(i / 5)),
      );
      const b = sub(add(at(x, 2), mul(at(x, 3), sin(t))), cos(t));
      return add(square(a), square(b));
    },
    minima: [85822.2],
  },
  {
    name: '18 Biggs EXP6 (m = 13)',
    m: 13,
    x0: [1, 2, 1, 1, 1, 1],
    residuals: (x) => {
      const t = range(13, (i) => 0.1 * i);
      const y = range(13, (i) => Math.exp(-0.1 * i) - 5 * Math.exp(-i) + 3 * Math.exp(-0.4 * i));
      const e = (k: number, l: number): Tensor => mul(at(x, k), exp(mul(neg(t), at(x, l))));
      return sub(add(sub(e(2, 0), e(3, 1)), e(5, 4)), y);
    },
    minima: [5.65565e-3, 0],
  },
  {
    name: '17 Osborne 1',
    m: 33,
    x0: [0.5, 1.5, -1, 0.01, 0.02],
    residuals: (x) => {
      const t = range(33, (i) => 10 * (i - 1));
      return sub(
        tensor(osborneY),
        add(add(at(x, 0), mul(at(x, 1), exp(mul(neg(t), at(x, 3))))), mul(at(x, 2), exp(mul(neg(t), at(x, 4))))),
      );
    },
    minima: [5.46489e-5],
  },
  watson(6, 2.28767e-3),
  watson(9, 1.39976e-6),
  {
    name: '21 Extended Rosenbrock (n = 10)',
    m: 10,
    x0: Array.from({ length: 10 }, (_, j) => (j % 2 === 0 ? -1.2 : 1)),
    residuals: (x) =>
      stack(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0 ? mul(10, sub(at(x, i + 1), square(at(x, i)))) : sub(1, at(x, i - 1)),
        ),
      ),
    minima: [0],
  },
  {
    name: '26 Trigonometric (n = 10)',
    m: 10,
    x0: Array.from({ length: 10 }, () => 0.1),
    residuals: (x) => {
      const v = stack([...x]);
      const i = range(10, (k) => k);
      return sub(add(sub(10, sum(cos(v))), mul(i, sub(1, cos(v)))), sin(v));
    },
    minima: [0, 2.79506e-5],
  },
  {
    name: '27 Brown almost-linear (n = 10)',
    m: 10,
    x0: Array.from({ length: 10 }, () => 0.5),
    residuals: (x) => {
      const v = stack([...x]);
      const linear = sub(add(v, sum(v)), 11);
      const product = x.reduce((p: Tensor, xi) => mul(p, xi), tensor(1));
      return concat([slice(linear, [0], [9]), stack([sub(product, 1)])]);
    },
    minima: [0, 1],
  },
  chebyquad(8, [3.51687e-3]),
  chebyquad(9, [0]),
  chebyquad(10, [6.50395e-3]),
];
