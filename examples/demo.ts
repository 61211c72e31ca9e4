/**
 * The main demo: a tour of gradfold on the gradient-descent scenarios it was asked to cover.
 * Run with `npm run demo`. The user code writes only models and losses; every gradient comes from `grad`.
 */
import {
  type Tensor,
  add,
  checkGrads,
  grad,
  item,
  mul,
  sub,
  square,
  sum,
  tensor,
  valueAndGrad,
} from 'gradfold';

const line = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

// Scenario 1: one weight, batch gradient descent on 0.5·Σ(w·x − y)² (the data lie on y = x).
const xs = tensor([0.18, 0.1, 0.16, 0.08, 0.09, 0.11, 0.12, 0.17, 0.15, 0.14, 0.13]);
const cost = (w: Tensor): Tensor => mul(0.5, sum(square(sub(mul(w, xs), xs))));
const costAndGrad = valueAndGrad(cost);
let w = 10;
for (let i = 0; i < 500; i++) w -= 0.01 * costAndGrad(w)[1];
line(`1. batch GD, ŷ = w·x:         w: 10 → ${w.toFixed(4)} (the true w is 1), cost ${item(cost(tensor(w))).toExponential(3)}`);

// Scenario 2: per-sample SGD on y = 2x.
const data: readonly (readonly [number, number])[] = [
  [1, 2],
  [2, 4],
  [3, 6],
];
let v = 1;
const before = 4 * v;
for (let epoch = 0; epoch < 100; epoch++) {
  for (const [x, y] of data) v -= 0.01 * grad((p: Tensor) => square(sub(mul(p, x), y)))(v);
}
line(`2. per-sample SGD, y = 2x:    predict(4) before ${before.toFixed(1)}, after ${(4 * v).toFixed(4)}`);

// Scenario 3 in brief: the quadratic fit's gradient, checked against finite differences.
const q = (p: { a: Tensor; b: Tensor; c: Tensor }): Tensor => {
  const x = tensor([-1, -0.5, 0, 0.5]);
  const pred = add(add(mul(p.a, square(x)), mul(p.b, x)), p.c);
  return sum(square(sub(pred, add(sub(mul(2, square(x)), mul(4, x)), 3))));
};
const report = checkGrads(q, { a: -1, b: 10, c: 26 }, { order: 2 });
line(`3. quadratic-fit loss:        gradient and Hessian checked (${report.comparisons} comparisons, max error ${report.maxAbsError.toExponential(2)})`);
