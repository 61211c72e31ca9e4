/**
 * The options of `lbfgs`, with torch.optim.LBFGS's defaults, and their checks: every option is optional, every
 * value is range-checked, and an unknown key is refused naming the nearest valid one.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { checkNumber, checkOptions, positive, positiveInteger } from '../optim/ranges.js';

/** The line searches of `lbfgs`: PyTorch's `line_search_fn='strong_wolfe'`, or none (PyTorch's default). */
export type LineSearch = 'strong-wolfe' | 'none';

/** What `lbfgs` takes (each option PyTorch's, with PyTorch's default). */
export interface LbfgsOptions {
  /**
   * η, the step length: every iteration moves x ← x + t·d with t = η (the first iteration of all: t =
   * min(1, 1/‖g‖₁)·η), or with the step the line search finds from that trial. A finite number > 0; default 1.
   */
  readonly lr?: number;
  /** The most L-BFGS iterations in one `step` (PyTorch's `max_iter`). A positive integer; default 20. */
  readonly maxIter?: number;
  /** The most evaluations of f in one `step` (`max_eval`). A positive integer; default ⌊maxIter·5/4⌋ (25). */
  readonly maxEval?: number;
  /** The step ends when ‖∇f‖∞ ≤ toleranceGrad (`tolerance_grad`). A finite number > 0; default 1e−7. */
  readonly toleranceGrad?: number;
  /**
   * The step ends when the directional derivative gᵀd > −toleranceChange, when ‖t·d‖∞ ≤ toleranceChange, or when
   * |f − f_prev| < toleranceChange (`tolerance_change`). A finite number > 0; default 1e−9.
   */
  readonly toleranceChange?: number;
  /**
   * m, how many (s, y) pairs the inverse-Hessian approximation keeps (`history_size`). A positive integer; default
   * 100.
   */
  readonly historySize?: number;
  /**
   * `'strong-wolfe'`: PyTorch's strong-Wolfe search (c₁ = 1e−4, c₂ = 0.9, at most 25 iterations) from the trial t;
   * `'none'` (the default, as PyTorch's `line_search_fn=None`): the fixed step t.
   */
  readonly lineSearch?: LineSearch;
}

/** The options with every default filled in. */
export type LbfgsSettings = { readonly [K in keyof LbfgsOptions]-?: Exclude<LbfgsOptions[K], undefined> };

const keys: KeySet<LbfgsOptions> = {
  lr: true,
  maxIter: true,
  maxEval: true,
  toleranceGrad: true,
  toleranceChange: true,
  historySize: true,
  lineSearch: true,
};

/** The checked settings of `lbfgs(options)`; an ArgumentError names the option and the value. */
export const lbfgsSettings = (options: LbfgsOptions | undefined): LbfgsSettings => {
  const where = 'lbfgs';
  // Only undefined means "the defaults": null and other non-objects are refused.
  const o: LbfgsOptions = options === undefined ? {} : options;
  checkOptions(where, o, keys);
  const maxIter = checkNumber(where, 'maxIter', positiveInteger, o.maxIter, 20);
  const lineSearch = o.lineSearch ?? 'none';
  if (lineSearch !== 'strong-wolfe' && lineSearch !== 'none') {
    throw new ArgumentError(where, `lineSearch must be 'strong-wolfe' or 'none', got ${describeValue(lineSearch)}`);
  }
  return {
    lr: checkNumber(where, 'lr', positive, o.lr, 1),
    maxIter,
    maxEval: checkNumber(where, 'maxEval', positiveInteger, o.maxEval, Math.floor((maxIter * 5) / 4)),
    toleranceGrad: checkNumber(where, 'toleranceGrad', positive, o.toleranceGrad, 1e-7),
    toleranceChange: checkNumber(where, 'toleranceChange', positive, o.toleranceChange, 1e-9),
    historySize: checkNumber(where, 'historySize', positiveInteger, o.historySize, 100),
    lineSearch,
  };
};
