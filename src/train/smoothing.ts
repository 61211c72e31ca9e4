/**
 * Exponentially weighted moving average, to read the trend of a noisy cost curve (as the seeds do).
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { checkBoolean, checkOptions } from '../data/arguments.js';

/** Options of `ewma`. */
export interface EwmaOptions {
  /** Divide each vₜ by 1 − βᵗ, so that early values are not pulled towards v₀ = 0 (default false). */
  readonly biasCorrection?: boolean;
}

const ewmaKeys: KeySet<EwmaOptions> = { biasCorrection: true };

/**
 * ewma(series, β = 0.9, {biasCorrection = false}): vₜ = β·vₜ₋₁ + (1 − β)·xₜ with v₀ = 0, one value per input;
 * with bias correction each vₜ is divided by 1 − βᵗ (t counted from 1), so early values are not pulled to 0.
 * @example ewma([1, 1, 1], 0.5) // [0.5, 0.75, 0.875]; with bias correction [1, 1, 1]
 */
export const ewma = (series: readonly number[], beta = 0.9, options: EwmaOptions = {}): number[] => {
  if (!Array.isArray(series) || !series.every((x) => typeof x === 'number')) {
    throw new ArgumentError('ewma', `series: expected an array of numbers, got ${describeValue(series)}`);
  }
  if (!(typeof beta === 'number' && beta >= 0 && beta < 1))
    throw new ArgumentError('ewma', `beta: expected a number in [0, 1), got ${describeValue(beta)}`);
  checkOptions('ewma', options, ewmaKeys);
  checkBoolean('ewma', 'biasCorrection', options.biasCorrection);
  const out: number[] = [];
  let v = 0;
  let power = 1;
  for (const x of series) {
    v = beta * v + (1 - beta) * x;
    power *= beta;
    out.push(options.biasCorrection === true ? v / (1 - power) : v);
  }
  return out;
};
