/**
 * A residual function over a parameter tree as a function of one float64 vector θ ∈ ℝⁿ (the leaves' elements in
 * `leaves` order), with its Jacobian from gradfold's jacfwd or jacrev as a dense column-major m×n matrix: what the
 * Levenberg–Marquardt loop of `leastSquares` works on. Each leaf keeps its shape and dtype when r is called.
 */
import { jacfwdFlat, jacrevFlat } from '../autodiff/jacobian.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { ShapeError, showShape } from '../core/shape.js';
import { type Tensor, fromData, isTensor } from '../core/tensor.js';
import { type Accepts, type Leaf, type Like, leaves, unflatten, withTensorLeaves } from '../core/tree.js';
import { slotsOf } from './flat.js';

/** How the Jacobian is computed: forward mode (n JVPs) or reverse mode (m pullbacks). */
export type JacobianMode = 'forward' | 'reverse';

/** The flat view of a residual function. */
export interface LmProblem<P> {
  /** n, the number of scalar parameters. */
  readonly n: number;
  /** m, the number of residuals (from the call at θ₀). */
  readonly m: number;
  /** θ₀ as a vector. */
  readonly x0: Float64Array;
  /** r(θ₀), already computed (one evaluation). */
  readonly r0: Float64Array;
  /** r(θ) as a fresh vector of length m (a ShapeError if r's shape changed). */
  readonly residuals: (x: Float64Array) => Float64Array;
  /** J(θ) = ∂r/∂θ, column-major m×n (element (i, j) at i + j·m). */
  readonly jacobian: (x: Float64Array, mode: JacobianMode) => Float64Array;
  /** The tree shaped like the parameters whose leaves hold x (numbers stay numbers). */
  readonly toTree: (x: Float64Array) => Like<P>;
}

/** The residual vector of one call: a rank-1 tensor of length m (m fixed after the first call), else a ShapeError. */
const residualTensor = (where: string, value: unknown, m: number | undefined): Tensor => {
  if (!isTensor(value))
    throw new ShapeError(where, `the residual function must return a rank-1 tensor, got ${describeValue(value)}`);
  if (value.shape.length !== 1)
    throw new ShapeError(
      where,
      `the residual function must return a rank-1 tensor, got shape ${showShape(value.shape)}`,
    );
  if (m !== undefined && value.shape[0] !== m)
    throw new ShapeError(
      where,
      `the residual function returned ${showShape(value.shape)} after [${m}]: its length must not change`,
    );
  return value;
};

/**
 * lmProblem(where, residuals, params): the flat view of `residuals` at the structure of `params`; calls r once at
 * θ₀ to learn m. A params tree with no elements, or a residual of the wrong shape, is refused.
 */
export const lmProblem = <T, P extends Accepts<T>>(
  where: string,
  residuals: (p: T) => unknown,
  params: P,
): LmProblem<P> => {
  const slots = slotsOf(where, params); // where each leaf lives in θ
  const n = slots.reduce((total, s) => total + s.size, 0);
  if (n === 0) throw new ArgumentError(where, 'params has no elements to fit');
  const x0 = new Float64Array(n);
  leaves(params, where).forEach((l, i) => {
    const s = slots[i];
    if (s === undefined) return;
    if (typeof l === 'number') x0[s.offset] = l;
    else x0.set(l.data, s.offset);
  });
  const tensorsOf = (x: Float64Array): Tensor[] =>
    slots.map((s) => {
      const part = x.subarray(s.offset, s.offset + s.size);
      return fromData(s.shape, s.kind === 'float32' ? Float32Array.from(part) : Float64Array.from(part));
    });
  const first = residualTensor(where, residuals(withTensorLeaves<T>(params, tensorsOf(x0))), undefined);
  const m = first.shape[0] ?? 0;
  const fFlat = (ts: readonly Tensor[]): Tensor[] => [
    residualTensor(where, residuals(withTensorLeaves<T>(params, ts)), m),
  ];
  return {
    n,
    m,
    x0,
    r0: Float64Array.from(first.data),
    residuals: (x) => Float64Array.from(residualTensor(where, fFlat(tensorsOf(x))[0], m).data),
    jacobian: (x, mode) => {
      const blocks = (mode === 'forward' ? jacfwdFlat : jacrevFlat)(fFlat, tensorsOf(x), {}, where)[0] ?? [];
      const J = new Float64Array(m * n);
      blocks.forEach((b, k) => {
        const s = slots[k];
        if (s === undefined) return;
        // b has shape [m, ...leaf.shape], row-major: element (i, c) at i·size + c.
        for (let i = 0; i < m; i++)
          for (let c = 0; c < s.size; c++) J[i + (s.offset + c) * m] = b.data[i * s.size + c] ?? NaN;
      });
      return J;
    },
    toTree: (x) => {
      const ts = tensorsOf(x);
      return unflatten(
        params,
        slots.map((s, k): Leaf => (s.kind === 'number' ? (x[s.offset] ?? NaN) : (ts[k] ?? NaN))),
      );
    },
  };
};
