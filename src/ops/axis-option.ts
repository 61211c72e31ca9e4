/**
 * The one axis convention of the ops: an axis is always an option, `{axis}`, never a positional argument
 * (`concat(xs, { axis: 1 })`, `argmax(x, { axis: 0 })`, `sum(x, { axis: [0, 1] })`). A JavaScript caller still
 * passing the axis the old way (a number or an array where the options object goes) gets an ArgumentError that
 * names the op and the new spelling, not a silent default axis.
 */
import { checkOptions } from '../core/arguments.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';

/** The options of an op along one axis that has a default (concat, stack, argmax, softmax, gather). */
export interface AxisOption {
  /** The axis (negative counts from the end); each op documents its default. */
  readonly axis?: number;
}

/** The options of an op whose axis has no default (expandDims, takeAlongAxis). */
export interface RequiredAxisOption {
  /** The axis (negative counts from the end). */
  readonly axis: number;
}

const axisKeys: KeySet<AxisOption> = { axis: true };

/**
 * checkAxisOption(op, options, spelling): refuses an axis given positionally (a number or an array), naming
 * the new call, e.g. `concat: axis is an option now: concat(xs, { axis: 1 })` (`spelling(axis)` writes the call
 * for the axis the caller passed), then an options object that is not one or has a key other than `keys`'.
 */
export const checkAxisOption = <O>(
  op: string,
  options: O | undefined,
  spelling: (axis: string) => string,
  keys: KeySet<O>,
): void => {
  const given: unknown = options;
  if (typeof given === 'number' || Array.isArray(given)) {
    const axis = Array.isArray(given) ? JSON.stringify(given).replaceAll(',', ', ') : String(given);
    throw new ArgumentError(op, `axis is an option now: ${spelling(axis)}`);
  }
  checkOptions(op, options, keys);
};

/** checkAxisOption with the key set `{axis}`: options with an optional axis (absent: the op's default). */
export const checkOneAxis = (op: string, options: AxisOption | undefined, spelling: (axis: string) => string): void =>
  checkAxisOption(op, options, spelling, axisKeys);

/**
 * requiredAxis(op, options, spelling): the axis of an op that has no default, after checkOneAxis; an absent
 * options object or axis is an ArgumentError showing the call (`expandDims: the axis is required: …`).
 */
export const requiredAxis = (
  op: string,
  options: RequiredAxisOption | undefined,
  spelling: (axis: string) => string,
): number => {
  checkOneAxis(op, options, spelling);
  const axis: unknown = options?.axis;
  if (axis === undefined) throw new ArgumentError(op, `the axis is required: ${spelling('0')}`);
  if (typeof axis !== 'number') throw new ArgumentError(op, `axis is ${describeValue(axis)}, not an integer`);
  return axis;
};
