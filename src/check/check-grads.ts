/**
 * checkGrads: compares gradfold's derivatives of a user's function with central finite differences, in
 * float64, the way JAX's check_grads does, and names the input (or output) element with the worst error.
 *
 * For f with inputs x and a random output cotangent u:
 * - reverse mode: (Jᵀu)ᵢ against (φ(x + εeᵢ) − φ(x − εeᵢ)) / 2ε with φ = ⟨u, f⟩, element by element
 *   (every element of small inputs, a random sample of large ones);
 * - forward mode: J·v against (f(x + εv) − f(x − εv)) / 2ε along random directions v, element by element;
 * - both modes: the identity ⟨u, J·v⟩ = ⟨Jᵀu, v⟩;
 * - order 2: all of the above again for x ↦ Jᵀu(x), i.e. Hessian-vector products against differences of
 *   gradients.
 */
import { ArgumentError, GradfoldError, describeValue } from '../core/errors.js';
import { computeBinary, computeCast, computeSum } from '../core/compute.js';
import { type Key, key as makeKey, normal, split, uniform } from '../core/random.js';
import { stridesOf } from '../core/shape.js';
import { type Tensor, fromData } from '../core/tensor.js';
import { type Accepts, leafPaths } from '../core/tree.js';
import { vjp } from '../autodiff/grad.js';
import { flatten, jvpFlat } from '../autodiff/jvp.js';
import { cast } from '../autodiff/accumulate.js';
import { checkFunction } from '../autodiff/arguments.js';
import { type CheckGradsSettings as Settings, checkGradsSettings } from './arguments.js';
import type { CheckGradsOptions } from './check-grads-options.js';

export type { CheckGradsOptions } from './check-grads-options.js';

/** What a passing check measured. */
export interface CheckGradsReport {
  /** Number of scalar comparisons made. */
  readonly comparisons: number;
  /** The largest |analytic − numeric| seen. */
  readonly maxAbsError: number;
}

/** Raised when a derivative disagrees with finite differences beyond the tolerance. */
export class GradCheckError extends GradfoldError {
  /** A GradCheckError carrying the checker's report (which input, where, analytic vs numeric). */
  constructor(message: string) {
    super(message);
    this.name = 'GradCheckError';
  }
}

type FlatFn = (xs: readonly Tensor[]) => readonly Tensor[];

interface Worst {
  ratio: number;
  abs: number;
  comparisons: number;
  message: string;
}

const indexOf = (shape: readonly number[], flat: number): string => {
  const strides = stridesOf(shape);
  return `[${shape.map((d, i) => Math.floor(flat / (strides[i] ?? 1)) % d).join(',')}]`;
};

const f64 = (t: Tensor): Tensor => computeCast(t, 'float64');

/** x + s·v leafwise (concrete, float64). */
const axpy = (xs: readonly Tensor[], s: number, vs: readonly Tensor[]): Tensor[] =>
  xs.map((x, i) => computeBinary('add', x, computeBinary('mul', vs[i] ?? x, fromData([], Float64Array.of(s)))));

const inner = (as: readonly Tensor[], bs: readonly Tensor[]): number =>
  as.reduce(
    (acc, a, i) =>
      acc +
      (computeSum(
        computeBinary('mul', a, bs[i] ?? a),
        a.shape.map((_, d) => d),
        false,
      ).data[0] ?? 0),
    0,
  );

const compare = (w: Worst, s: Settings, analytic: number, numeric: number, where: () => string): void => {
  const abs = Math.abs(analytic - numeric);
  const ratio = Number.isNaN(abs)
    ? Number.isNaN(analytic) === Number.isNaN(numeric)
      ? 0
      : Infinity
    : abs / (s.atol + s.rtol * Math.abs(numeric));
  w.comparisons += 1;
  if (abs > w.abs || Number.isNaN(abs)) w.abs = Number.isNaN(abs) ? w.abs : abs;
  if (ratio > w.ratio) {
    w.ratio = ratio;
    w.message =
      `${where()}: analytic ${analytic}, numeric ${numeric} ` +
      `(|error| ${abs.toExponential(3)} > atol ${s.atol} + rtol ${s.rtol}·|numeric|)`;
  }
};

/** One order of checks of a flat function at xs. */
const checkOnce = (
  label: string,
  fFlat: FlatFn,
  xs: readonly Tensor[],
  inPaths: readonly string[],
  s: Settings,
  k: Key,
): Worst => {
  const w: Worst = { ratio: 0, abs: 0, comparisons: 0, message: '' };
  const [ys, pullback] = vjp((v: readonly Tensor[]) => fFlat(v), xs);
  const [kU, kV, kS] = split(k, 3);
  const us = ys.map((y, i) => normal(split(kU ?? k, ys.length)[i] ?? k, y.shape));
  const g = pullback(us);
  const phi = (v: readonly Tensor[]): number => inner(fFlat(v).map(f64), us);
  if (s.modes.includes('rev')) {
    xs.forEach((x, i) => {
      const n = x.data.length;
      // The sample is drawn only when it is used: maxElements may be far larger than any input.
      const pick = (): ArrayLike<number> => uniform(split(kS ?? k, xs.length)[i] ?? k, [s.maxElements]).data;
      const elements =
        n <= s.maxElements ? Array.from({ length: n }, (_, e) => e) : Array.from(pick(), (r) => Math.floor(r * n));
      for (const e of elements) {
        const basis = xs.map((z, j) => {
          const d = new Float64Array(z.data.length);
          if (j === i) d[e] = 1;
          return fromData(z.shape, d);
        });
        const numeric = (phi(axpy(xs, s.eps, basis)) - phi(axpy(xs, -s.eps, basis))) / (2 * s.eps);
        compare(
          w,
          s,
          g[i]?.data[e] ?? NaN,
          numeric,
          () => `${label}, reverse mode: input${inPaths[i] ?? ''} element ${indexOf(x.shape, e)}`,
        );
      }
    });
  }
  if (s.modes.includes('fwd')) {
    const keys = split(kV ?? k, s.directions);
    for (const kd of keys) {
      const vs = xs.map((x, i) => normal(split(kd, xs.length)[i] ?? kd, x.shape));
      const [, jv] = jvpFlat(fFlat, xs, vs);
      const plus = fFlat(axpy(xs, s.eps, vs)).map(f64);
      const minus = fFlat(axpy(xs, -s.eps, vs)).map(f64);
      jv.forEach((t, o) => {
        for (let e = 0; e < t.data.length; e++) {
          const numeric = ((plus[o]?.data[e] ?? NaN) - (minus[o]?.data[e] ?? NaN)) / (2 * s.eps);
          compare(
            w,
            s,
            t.data[e] ?? NaN,
            numeric,
            () => `${label}, forward mode: output ${o} element ${indexOf(t.shape, e)}`,
          );
        }
      });
      if (s.modes.includes('rev')) {
        compare(w, s, inner(jv.map(f64), us), inner(g.map(f64), vs), () => `${label}: ⟨u, J·v⟩ against ⟨Jᵀu, v⟩`);
      }
    }
  }
  return w;
};

/**
 * checkGrads(f, inputs, {order, modes, eps, atol, rtol}) checks gradfold's derivatives of f at `inputs`
 * against central differences (float64): |analytic − numeric| ≤ atol + rtol·|numeric| for every
 * comparison. Throws a GradCheckError naming the input or output element with the worst error; returns
 * what it measured otherwise. An f that is no function, inputs without a leaf (nothing to check) or that are no
 * tree of tensors and numbers, and options of the wrong kind or range are ArgumentErrors.
 *
 * @example
 * checkGrads((p: { w: Tensor }) => sum(tanh(p.w)), { w: tensor([0.1, -0.4]) }, { order: 2 });
 */
export const checkGrads = <T, P extends Accepts<T>, Y>(
  f: (x: T) => Y,
  inputs: P,
  options: CheckGradsOptions = {},
): CheckGradsReport => {
  checkFunction('checkGrads', f);
  const s = checkGradsSettings('checkGrads', options);
  const { xs, fFlat } = flatten(f, inputs);
  if (xs.length === 0)
    throw new ArgumentError(
      'checkGrads',
      `inputs have no tensor or number to differentiate by, got ${describeValue(inputs)}`,
    );
  const xs64 = xs.map(f64);
  const f1: FlatFn = (v) => fFlat(v).map((y) => cast(y, 'float64'));
  const paths = leafPaths(inputs);
  const [k1, k2, kU] = split(s.key, 3);
  const results = [checkOnce('order 1', f1, xs64, paths, s, k1 ?? makeKey(1))];
  if (s.order === 2) {
    const ys = f1(xs64);
    const us = ys.map((y, i) => normal(split(kU ?? makeKey(2), ys.length)[i] ?? makeKey(3), y.shape));
    const gradOf: FlatFn = (v) => vjp(f1, v)[1](us);
    results.push(checkOnce('order 2 (derivative of Jᵀu)', gradOf, xs64, paths, s, k2 ?? makeKey(4)));
  }
  const bad = results.find((r) => r.ratio > 1);
  if (bad !== undefined) throw new GradCheckError(`checkGrads: ${bad.message}`);
  return {
    comparisons: results.reduce((n, r) => n + r.comparisons, 0),
    maxAbsError: Math.max(...results.map((r) => r.abs)),
  };
};
