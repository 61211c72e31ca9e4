/**
 * How a loss reduces its per-example (or per-element) values: their mean (the default), their sum, or none
 * (the values themselves: per-example losses to weight, mask or inspect), as PyTorch's `reduction`; Optax's
 * losses return the unreduced values.
 */
import { checkOptions } from '../core/arguments.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import type { Tensor } from '../core/tensor.js';
import { mean } from '../ops/reduce.js';
import { sum } from '../ops/structural.js';

/** 'mean': the mean of the losses (default); 'sum': their sum; 'none': the losses themselves. */
export type Reduction = 'mean' | 'sum' | 'none';

/** The option every loss takes. */
export interface ReductionOption {
  /**
   * How the per-example (or per-element) losses ℓᵢ are reduced: 'mean' = (1/n)·Σᵢ ℓᵢ (default), 'sum' = Σᵢ ℓᵢ,
   * 'none' = the tensor of the ℓᵢ.
   */
  readonly reduction?: Reduction;
}

const reductionKeys: KeySet<ReductionOption> = { reduction: true };

/** checkReduction(op, options): the options' reduction ('mean' when absent), after the options' own checks. */
export const checkReduction = (op: string, options: ReductionOption | undefined): Reduction => {
  checkOptions(op, options, reductionKeys);
  return reductionOf(op, options?.reduction);
};

/** The reduction a value names ('mean' for undefined), or an ArgumentError naming `op` and the three choices. */
export const reductionOf = (op: string, r: unknown): Reduction => {
  if (r === undefined) return 'mean';
  if (r === 'mean' || r === 'sum' || r === 'none') return r;
  throw new ArgumentError(op, `reduction must be 'mean', 'sum' or 'none', got ${describeValue(r)}`);
};

/** reduce(losses, reduction): mean(losses), sum(losses), or the losses themselves. */
export const reduce = (losses: Tensor, reduction: Reduction): Tensor => {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? sum(losses) : mean(losses);
};
