/**
 * Exponentially weighted moving average, to read the trend of a noisy cost curve (as the seeds do).
 */

/**
 * ewma(series, β = 0.9, {biasCorrection = false}): vₜ = β·vₜ₋₁ + (1 − β)·xₜ with v₀ = 0, one value per input;
 * with bias correction each vₜ is divided by 1 − βᵗ (t counted from 1), so early values are not pulled to 0.
 * @example ewma([1, 1, 1], 0.5) // [0.5, 0.75, 0.875]; with bias correction [1, 1, 1]
 */
export const ewma = (series: readonly number[], beta = 0.9, options: { readonly biasCorrection?: boolean } = {}): number[] => {
  if (!(beta >= 0 && beta < 1)) throw new RangeError(`ewma: beta must lie in [0, 1), got ${beta}`);
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
