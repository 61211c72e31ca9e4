/**
 * The state of `lbfgs`: plain readonly data (numbers and float64 tensors), so that it serialises, compares and
 * checkpoints as it is. Its fields are torch.optim.LBFGS's `state` entries under the letters of the algorithm.
 * Its layout never changes: the history is held as m×n matrices (m = historySize, n = the number of elements of
 * the flattened parameters) whose first `pairs` rows are used, as Optax holds its memory, so a checkpoint of any
 * step decodes against the state `init` returns. Every `step` checks the layout against the parameters.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { ShapeError, showShape } from '../core/shape.js';
import { type Tensor, fromData, isTensor } from '../core/tensor.js';

/** What L-BFGS carries from one `step` to the next. */
export interface LbfgsState {
  /** Iterations made over all steps so far (PyTorch's `n_iter`); the first iteration of all starts from d = −g. */
  readonly nIter: number;
  /** Evaluations of f over all steps so far (`func_evals`). */
  readonly funcEvals: number;
  /** d, the last search direction (`d`), a float64 vector of length n (zeros after `init`). */
  readonly d: Tensor;
  /** t, the last step length (`t`); the next step's first pair is s = t·d (0 after `init`). */
  readonly t: number;
  /** How many (s, y) pairs the history holds: rows 0 … pairs − 1 of `s`, `y` and `rho` (`len(old_dirs)`). */
  readonly pairs: number;
  /** The history sₖ = tₖ·dₖ, oldest first, as the rows of an m×n float64 matrix (`old_stps`; zeros past `pairs`). */
  readonly s: Tensor;
  /** The history yₖ = gₖ₊₁ − gₖ, oldest first, paired with `s` (`old_dirs`; zeros past `pairs`). */
  readonly y: Tensor;
  /** ρₖ = 1/(yₖᵀsₖ), paired with `s` and `y`, a float64 vector of length m (`ro`; zeros past `pairs`). */
  readonly rho: Tensor;
  /** γ = yᵀs/yᵀy of the newest pair: the initial inverse Hessian is γI (`H_diag`; 1 after `init`). */
  readonly hDiag: number;
  /** The gradient at the start of the last iteration (`prev_flat_grad`; zeros after `init`). */
  readonly prevGrad: Tensor;
  /** The loss at the start of the last iteration (`prev_loss`; 0 after `init`). */
  readonly prevLoss: number;
}

/** A float64 vector as a rank-1 tensor (no copy: the array must not be changed afterwards). */
export const vector = (data: Float64Array): Tensor => fromData([data.length], data);

/** The m rows of an m×n matrix as one tensor: `rows` (at most m, each of length n) first, zeros after them. */
export const packRows = (rows: readonly Float64Array[], m: number, n: number): Tensor => {
  const data = new Float64Array(m * n);
  rows.forEach((r, i) => data.set(r, i * n));
  return fromData([m, n], data);
};

/** The state before the first step, for parameters of n elements in all and a history of m pairs. */
export const initialState = (n: number, m: number): LbfgsState => ({
  nIter: 0,
  funcEvals: 0,
  d: vector(new Float64Array(n)),
  t: 0,
  pairs: 0,
  s: packRows([], m, n),
  y: packRows([], m, n),
  rho: vector(new Float64Array(m)),
  hDiag: 1,
  prevGrad: vector(new Float64Array(n)),
  prevLoss: 0,
});

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number field of the state (a count when `count`), or an ArgumentError naming it. */
const numberField = (where: string, state: Readonly<Record<string, unknown>>, key: string, count: boolean): number => {
  const v = state[key];
  if (typeof v !== 'number' || (count && !(Number.isSafeInteger(v) && v >= 0))) {
    throw new ArgumentError(
      where,
      `state.${key} must be ${count ? 'an integer ≥ 0' : 'a number'}, got ${describeValue(v)}`,
    );
  }
  return v;
};

/** The state's vectors as Float64Arrays, as `checkState` reads them (the history as its `pairs` rows). */
export type FlatState = Omit<LbfgsState, 'd' | 'pairs' | 's' | 'y' | 'rho' | 'prevGrad'> & {
  /** d. */
  readonly d: Float64Array;
  /** The sₖ, oldest first (views of the state's rows). */
  readonly s: readonly Float64Array[];
  /** The yₖ, oldest first (views of the state's rows). */
  readonly y: readonly Float64Array[];
  /** The ρₖ, oldest first. */
  readonly rho: readonly number[];
  /** The previous gradient. */
  readonly prevGrad: Float64Array;
};

/** A float64 vector field of length n (its data), or an error naming it. */
const vectorField = (where: string, v: unknown, name: string, n: number): Float64Array => {
  if (!isTensor(v) || v.dtype !== 'float64' || !(v.data instanceof Float64Array) || v.shape.length !== 1) {
    throw new ArgumentError(
      where,
      `state.${name} must be a float64 vector, got ${describeValue(v)}; pass the state lbfgs's init or step returned`,
    );
  }
  if (v.data.length !== n) {
    throw new ShapeError(
      where,
      `state.${name} has ${v.data.length} elements where the parameters have ${n}; ` +
        'the state belongs to other parameters',
    );
  }
  return v.data;
};

/** A float64 tensor field of the given shape (its data), or an error naming it. */
const tensorField = (where: string, v: unknown, name: string, shape: readonly number[]): Float64Array => {
  if (!isTensor(v) || v.dtype !== 'float64' || !(v.data instanceof Float64Array) || v.shape.length !== shape.length) {
    throw new ArgumentError(
      where,
      `state.${name} must be a float64 tensor of rank ${shape.length}, got ${describeValue(v)}; ` +
        "pass the state lbfgs's init or step returned",
    );
  }
  if (v.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(
      where,
      `state.${name} has shape ${showShape(v.shape)} ` +
        `where these parameters and historySize need ${showShape(shape)}; ` +
        'the state belongs to other parameters or another solver',
    );
  }
  return v.data;
};

/**
 * The state, checked to be an L-BFGS state for parameters of n elements and a history of m pairs, and read as
 * Float64Arrays: an ArgumentError (a field of the wrong kind) or a ShapeError (another layout) otherwise.
 */
export const checkState = (where: string, state: unknown, n: number, m: number): FlatState => {
  if (!isRecord(state))
    throw new ArgumentError(
      where,
      `the state is ${describeValue(state)}, not an L-BFGS state (call init(params) first)`,
    );
  const pairs = numberField(where, state, 'pairs', true);
  if (pairs > m) throw new ArgumentError(where, `state.pairs is ${pairs}, more than historySize ${m}`);
  const s = tensorField(where, state['s'], 's', [m, n]);
  const y = tensorField(where, state['y'], 'y', [m, n]);
  const rho = tensorField(where, state['rho'], 'rho', [m]);
  const rows = (a: Float64Array): Float64Array[] =>
    Array.from({ length: pairs }, (_, i) => a.subarray(i * n, (i + 1) * n));
  return {
    nIter: numberField(where, state, 'nIter', true),
    funcEvals: numberField(where, state, 'funcEvals', true),
    d: vectorField(where, state['d'], 'd', n),
    t: numberField(where, state, 't', false),
    s: rows(s),
    y: rows(y),
    rho: Array.from(rho.subarray(0, pairs)),
    hDiag: numberField(where, state, 'hDiag', false),
    prevGrad: vectorField(where, state['prevGrad'], 'prevGrad', n),
    prevLoss: numberField(where, state, 'prevLoss', false),
  };
};
