/**
 * The state of `lbfgs`: plain readonly data (numbers and float64 vectors as rank-1 tensors), so that it
 * serialises, compares and checkpoints as it is. Its fields are torch.optim.LBFGS's `state` entries under the
 * letters of the algorithm, and its vectors have the length n of the flattened parameters, which every `step`
 * checks against the parameters it is given.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { ShapeError } from '../core/shape.js';
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
  /** The history sₖ = tₖ·dₖ, oldest first, at most `historySize` vectors (`old_stps`). */
  readonly s: readonly Tensor[];
  /** The history yₖ = gₖ₊₁ − gₖ, oldest first, paired with `s` (`old_dirs`). */
  readonly y: readonly Tensor[];
  /** ρₖ = 1/(yₖᵀsₖ), paired with `s` and `y` (`ro`). */
  readonly rho: readonly number[];
  /** γ = yᵀs/yᵀy of the newest pair: the initial inverse Hessian is γI (`H_diag`; 1 after `init`). */
  readonly hDiag: number;
  /** The gradient at the start of the last iteration (`prev_flat_grad`; zeros after `init`). */
  readonly prevGrad: Tensor;
  /** The loss at the start of the last iteration (`prev_loss`; 0 after `init`). */
  readonly prevLoss: number;
}

/** A float64 vector as a rank-1 tensor (no copy: the array must not be changed afterwards). */
export const vector = (data: Float64Array): Tensor => fromData([data.length], data);

/** The state before the first step, for parameters of n elements in all. */
export const initialState = (n: number): LbfgsState => ({
  nIter: 0,
  funcEvals: 0,
  d: vector(new Float64Array(n)),
  t: 0,
  s: [],
  y: [],
  rho: [],
  hDiag: 1,
  prevGrad: vector(new Float64Array(n)),
  prevLoss: 0,
});

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number field of the state (a count when `count`), or an ArgumentError naming it. */
const numberField = (where: string, state: Readonly<Record<string, unknown>>, key: string, count: boolean): number => {
  const v = state[key];
  if (typeof v !== 'number' || (count && !(Number.isSafeInteger(v) && v >= 0))) {
    throw new ArgumentError(where, `state.${key} must be ${count ? 'an integer ≥ 0' : 'a number'}, got ${describeValue(v)}`);
  }
  return v;
};

/** The state's vectors as Float64Arrays, as `checkState` reads them. */
export type FlatState = Omit<LbfgsState, 'd' | 's' | 'y' | 'prevGrad'> & {
  /** d. */
  readonly d: Float64Array;
  /** The sₖ. */
  readonly s: readonly Float64Array[];
  /** The yₖ. */
  readonly y: readonly Float64Array[];
  /** The previous gradient. */
  readonly prevGrad: Float64Array;
};

/** A float64 vector field of length n (its data), or an error naming it. */
const vectorField = (where: string, v: unknown, name: string, n: number): Float64Array => {
  if (!isTensor(v) || v.dtype !== 'float64' || !(v.data instanceof Float64Array) || v.shape.length !== 1) {
    throw new ArgumentError(where, `state.${name} must be a float64 vector, got ${describeValue(v)}; pass the state lbfgs's init or step returned`);
  }
  if (v.data.length !== n) {
    throw new ShapeError(where, `state.${name} has ${v.data.length} elements where the parameters have ${n}; the state belongs to other parameters`);
  }
  return v.data;
};

/** A list field of the state, or an ArgumentError naming it. */
const listField = (where: string, state: Readonly<Record<string, unknown>>, key: string): readonly unknown[] => {
  const v = state[key];
  if (!Array.isArray(v)) throw new ArgumentError(where, `state.${key} must be an array, got ${describeValue(v)}`);
  return v;
};

/**
 * The state, checked to be an L-BFGS state for parameters of n elements with at most `historySize` pairs:
 * an ArgumentError (a field of the wrong kind) or a ShapeError (vectors of another length) otherwise.
 */
export const checkState = (where: string, state: unknown, n: number, historySize: number): FlatState => {
  if (!isRecord(state)) throw new ArgumentError(where, `the state is ${describeValue(state)}, not an L-BFGS state (call init(params) first)`);
  const s = listField(where, state, 's').map((v, i) => vectorField(where, v, `s[${i}]`, n));
  const y = listField(where, state, 'y').map((v, i) => vectorField(where, v, `y[${i}]`, n));
  const rho = listField(where, state, 'rho').map((v, i) => {
    if (typeof v !== 'number') throw new ArgumentError(where, `state.rho[${i}] must be a number, got ${describeValue(v)}`);
    return v;
  });
  if (y.length !== s.length || rho.length !== s.length) {
    throw new ArgumentError(where, `state.s, state.y and state.rho must have one entry per pair, got ${s.length}, ${y.length} and ${rho.length}`);
  }
  if (s.length > historySize) throw new ArgumentError(where, `the state holds ${s.length} pairs, more than historySize ${historySize}`);
  return {
    nIter: numberField(where, state, 'nIter', true),
    funcEvals: numberField(where, state, 'funcEvals', true),
    d: vectorField(where, state['d'], 'd', n),
    t: numberField(where, state, 't', false),
    s,
    y,
    rho,
    hDiag: numberField(where, state, 'hDiag', false),
    prevGrad: vectorField(where, state['prevGrad'], 'prevGrad', n),
    prevLoss: numberField(where, state, 'prevLoss', false),
  };
};
