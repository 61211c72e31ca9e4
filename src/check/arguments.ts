/**
 * The boundary checks of checkGrads and of the fast-check arbitraries (gradfold/testing), for callers without a
 * type checker: each throws an ArgumentError (a DTypeError for a dtype gradfold lacks) naming the function, the
 * argument and the value, before the checker or fast-check runs, so that neither fast-check's own errors nor a
 * generator whose filter can never pass (a hang) reach the caller. Each returns the values with their defaults.
 */
import { checkDType } from '../core/dtype.js';
import type { DType } from '../core/dtype.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { type Key, checkKey, key } from '../core/random.js';
import { maxSize } from '../core/shape.js';
import { checkOptions } from '../data/arguments.js';
import { type Range, checkNumber, finite, nonNegative, positive } from '../optim/ranges.js';
import type { CheckGradsOptions } from './check-grads-options.js';
import type { ShapeConstraints, ValueConstraints } from './constraints.js';

/** An integer from `lo` to `hi`, as a range for `checkNumber`. */
const integers = (lo: number, hi: number): Range => ({
  name: `an integer from ${lo} to ${hi}`,
  ok: (v) => Number.isInteger(v) && v >= lo && v <= hi,
});

/** `a 3 (the default)` or `a 3`: a value in a message, saying when the caller did not give it. */
const shown = (v: number, given: unknown): string =>
  `${describeValue(v)}${given === undefined ? ' (the default)' : ''}`;

const checkGradsKeys: KeySet<CheckGradsOptions> = {
  order: true,
  modes: true,
  eps: true,
  atol: true,
  rtol: true,
  key: true,
  directions: true,
  maxElements: true,
};

/** checkGrads' options with their defaults filled in. */
export interface CheckGradsSettings {
  /** 1 or 2. */
  readonly order: 1 | 2;
  /** A non-empty list of 'fwd' and 'rev'. */
  readonly modes: readonly ('fwd' | 'rev')[];
  /** The finite-difference step, > 0. */
  readonly eps: number;
  /** The absolute tolerance, ≥ 0. */
  readonly atol: number;
  /** The relative tolerance, ≥ 0. */
  readonly rtol: number;
  /** The key of the random directions and cotangents. */
  readonly key: Key;
  /** Random directions in forward mode, from 1 to 1,000,000. */
  readonly directions: number;
  /** Elements of each input checked one by one before sampling, from 1 to 2³¹ − 1. */
  readonly maxElements: number;
}

/**
 * checkGradsSettings(where, options): checkGrads' options (an object with known keys: order 1 or 2, modes a
 * non-empty list of 'fwd' and 'rev', eps > 0, atol and rtol ≥ 0 and finite, a key, directions and maxElements
 * positive integers) with their defaults, else an ArgumentError naming the option and the value.
 */
export const checkGradsSettings = (where: string, options: CheckGradsOptions | undefined): CheckGradsSettings => {
  checkOptions(where, options, checkGradsKeys);
  const o: CheckGradsOptions = options ?? {};
  const order: unknown = o.order;
  if (order !== undefined && order !== 1 && order !== 2)
    throw new ArgumentError(where, `options.order must be 1 or 2, got ${describeValue(order)}`);
  const modes: unknown = o.modes;
  const modeList: readonly unknown[] = Array.isArray(modes) ? modes : [];
  if (modes !== undefined && (modeList.length === 0 || !modeList.every((m) => m === 'fwd' || m === 'rev'))) {
    const got = Array.isArray(modes) ? `[${modeList.map(describeValue).join(', ')}]` : describeValue(modes);
    throw new ArgumentError(where, `options.modes must be a non-empty array of 'fwd' and 'rev', got ${got}`);
  }
  return {
    order: o.order ?? 1,
    modes: o.modes ?? ['fwd', 'rev'],
    eps: checkNumber(where, 'options.eps', positive, o.eps, 1e-5),
    atol: checkNumber(where, 'options.atol', nonNegative, o.atol, 1e-6),
    rtol: checkNumber(where, 'options.rtol', nonNegative, o.rtol, 1e-5),
    key: o.key === undefined ? key(0) : checkKey(`${where}: options.key`, o.key),
    directions: checkNumber(where, 'options.directions', integers(1, 1_000_000), o.directions, 2),
    maxElements: checkNumber(where, 'options.maxElements', integers(1, maxSize), o.maxElements, 64),
  };
};

const shapeKeys: KeySet<ShapeConstraints> = { minRank: true, maxRank: true, minExtent: true, maxExtent: true };

/**
 * checkShapeConstraints(where, c): shape constraints (an object with known keys, each an integer from 0 to
 * 2³¹ − 1, minRank ≤ maxRank and minExtent ≤ maxExtent, defaults included) with their defaults 0, 3, 1, 4.
 */
export const checkShapeConstraints = (where: string, c: ShapeConstraints | undefined): Required<ShapeConstraints> => {
  checkOptions(where, c, shapeKeys, 'constraints');
  const given: ShapeConstraints = c ?? {};
  const count = integers(0, maxSize);
  const minRank = checkNumber(where, 'constraints.minRank', count, given.minRank, 0);
  const maxRank = checkNumber(where, 'constraints.maxRank', count, given.maxRank, 3);
  const minExtent = checkNumber(where, 'constraints.minExtent', count, given.minExtent, 1);
  const maxExtent = checkNumber(where, 'constraints.maxExtent', count, given.maxExtent, 4);
  if (minRank > maxRank)
    throw new ArgumentError(
      where,
      `constraints: minRank ${shown(minRank, given.minRank)} is more than maxRank ${shown(maxRank, given.maxRank)}`,
    );
  if (minExtent > maxExtent) {
    throw new ArgumentError(
      where,
      `constraints: minExtent ${shown(minExtent, given.minExtent)} ` +
        `is more than maxExtent ${shown(maxExtent, given.maxExtent)}`,
    );
  }
  return { minRank, maxRank, minExtent, maxExtent };
};

/** Value constraints with their defaults filled in. */
export interface ValueSettings {
  /** The smallest value, finite. */
  readonly min: number;
  /** The largest value, finite, ≥ min. */
  readonly max: number;
  /** Points to keep away from, finite. */
  readonly awayFrom: readonly number[];
  /** The distance kept from each of them, finite and ≥ 0. */
  readonly margin: number;
  /** The element type. */
  readonly dtype: DType;
}

const valueKeys: KeySet<ValueConstraints> = { min: true, max: true, awayFrom: true, margin: true, dtype: true };

/**
 * True when [min, max] without the open intervals (k − margin, k + margin) still holds an interval (or, for
 * min = max, that one point), so that a filtered draw can succeed. Between two neighbouring cut points no
 * interval starts or ends, so such a gap is free exactly when its midpoint is.
 */
const drawable = (min: number, max: number, awayFrom: readonly number[], margin: number): boolean => {
  const free = (v: number): boolean => awayFrom.every((k) => Math.abs(v - k) >= margin);
  if (min === max) return free(min);
  const cuts = [min, max, ...awayFrom.flatMap((k) => [k - margin, k + margin])]
    .filter((v) => v >= min && v <= max)
    .sort((a, b) => a - b);
  return cuts.some((a, i) => {
    const b = cuts[i + 1];
    return b !== undefined && b > a && free(a / 2 + b / 2);
  });
};

/**
 * checkValueConstraints(where, c, defaults): value constraints (an object with known keys: finite min ≤ max,
 * awayFrom an array of finite numbers, a finite margin ≥ 0, dtype 'float64' or 'float32') with their defaults,
 * refused too when awayFrom ± margin leaves no interval of [min, max] to draw from (fast-check would filter forever).
 */
export const checkValueConstraints = (
  where: string,
  c: ValueConstraints | undefined,
  defaults: { readonly min: number; readonly max: number },
): ValueSettings => {
  checkOptions(where, c, valueKeys, 'constraints');
  const given: ValueConstraints = c ?? {};
  const min = checkNumber(where, 'constraints.min', finite, given.min, defaults.min);
  const max = checkNumber(where, 'constraints.max', finite, given.max, defaults.max);
  // fast-check orders −0 before 0, so [0, −0] is an empty range too.
  if (min > max || (Object.is(min, 0) && Object.is(max, -0))) {
    throw new ArgumentError(
      where,
      `constraints: min ${shown(min, given.min)} is more than max ${shown(max, given.max)}`,
    );
  }
  const away: unknown = given.awayFrom;
  const list: readonly unknown[] = Array.isArray(away) ? away : [];
  if (away !== undefined && !Array.isArray(away))
    throw new ArgumentError(
      where,
      `constraints.awayFrom: expected an array of finite numbers, got ${describeValue(away)}`,
    );
  const bad = list.findIndex((k) => !Number.isFinite(k));
  if (bad >= 0)
    throw new ArgumentError(
      where,
      `constraints.awayFrom[${bad}]: expected a finite number, got ${describeValue(list[bad])}`,
    );
  const awayFrom = given.awayFrom ?? [];
  const margin = checkNumber(where, 'constraints.margin', nonNegative, given.margin, 0.05);
  const dtype = given.dtype === undefined ? 'float64' : checkDType(where, given.dtype);
  if (!drawable(min, max, awayFrom, margin)) {
    throw new ArgumentError(
      where,
      `constraints: every value of [${min}, ${max}] is within ${margin} of a point of awayFrom; nothing can be drawn`,
    );
  }
  return { min, max, awayFrom, margin, dtype };
};
