/**
 * The boundary checks of gradfold/report, for callers without a type checker: each throws an ArgumentError (a
 * ShapeError for arrays that must pair up and do not) naming the function, the argument and the value, e.g.
 * `lossCurve: options.name: expected a chart name matching /^[a-z0-9][a-z0-9-]*$/, got "Loss Curve"`. They run
 * once per call, before a specification is built; the builders behind them do not check again.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { type KeySet, refuseUnknownKeys } from '../core/options.js';
import { ShapeError } from '../core/shape.js';
import { isTensor } from '../core/tensor.js';
import type { Range } from '../optim/ranges.js';

/** A plain record: an object that is not null, an array, a typed array, a tensor or a class instance. */
export const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || isTensor(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** The path of a record's field in a message: `.w` for identifiers, `["batch GD"]` otherwise. */
export const fieldPath = (name: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${name}.${key}` : `${name}[${JSON.stringify(key)}]`;

/** What to do instead when a tensor or a typed array is passed where a plain array of numbers goes. */
const plainArrayHint = (v: unknown): string =>
  isTensor(v)
    ? ' (a tensor: pass Array.from(t.data))'
    : ArrayBuffer.isView(v)
      ? ' (pass a plain array: Array.from(…))'
      : '';

/**
 * checkRecord(where, name, v, keys, what): v is a plain record whose keys `keys` all lists, else an ArgumentError
 * (`lineChart: options.series[0]: expected a series {name, y, …}, got 3`, or the unknown key and the nearest one).
 */
export function checkRecord<O>(
  where: string,
  name: string,
  v: unknown,
  keys: KeySet<O>,
  what: string,
): asserts v is Readonly<Record<string, unknown>> {
  if (!isRecord(v)) throw new ArgumentError(where, `${name}: expected ${what}, got ${describeValue(v)}`);
  refuseUnknownKeys(`${where}: ${name}`, v, keys);
}

/** checkString(where, name, v): v is a string, else an ArgumentError naming it. */
export function checkString(where: string, name: string, v: unknown): asserts v is string {
  if (typeof v !== 'string') throw new ArgumentError(where, `${name}: expected a string, got ${describeValue(v)}`);
}

/** checkOptionalString(where, name, v): v is undefined or a string, else an ArgumentError naming it. */
export function checkOptionalString(where: string, name: string, v: unknown): asserts v is string | undefined {
  if (v !== undefined) checkString(where, name, v);
}

/**
 * checkNumberIn(where, name, v, range): v is a number of `range` (e.g. `an integer from 2 to 1000000`), else an
 * ArgumentError naming it.
 */
export function checkNumberIn(where: string, name: string, v: unknown, range: Range): asserts v is number {
  if (!(typeof v === 'number' && range.ok(v)))
    throw new ArgumentError(where, `${name}: expected ${range.name}, got ${describeValue(v)}`);
}

/**
 * checkOptionalNumberIn(where, name, v, range): v is undefined (the default) or a number of `range`, else an
 * ArgumentError.
 */
export function checkOptionalNumberIn(
  where: string,
  name: string,
  v: unknown,
  range: Range,
): asserts v is number | undefined {
  if (v !== undefined) checkNumberIn(where, name, v, range);
}

/**
 * checkNumbers(where, name, v): v is a plain array whose every entry (holes included) is a number (NaN and ±∞ are
 * numbers: the charts drop them), else an ArgumentError naming the entry (`losses[2]: expected a number, got "1"`).
 */
export function checkNumbers(where: string, name: string, v: unknown): asserts v is readonly number[] {
  if (!Array.isArray(v))
    throw new ArgumentError(
      where,
      `${name}: expected an array of numbers, got ${describeValue(v)}${plainArrayHint(v)}`,
    );
  const list: readonly unknown[] = v;
  const bad = list.findIndex((x) => typeof x !== 'number');
  if (bad >= 0) throw new ArgumentError(where, `${name}[${bad}]: expected a number, got ${describeValue(list[bad])}`);
}

/** checkNumberRecord(where, name, v): v is a plain record of number arrays ({label: values}), else an ArgumentError. */
export function checkNumberRecord(
  where: string,
  name: string,
  v: unknown,
): asserts v is Readonly<Record<string, readonly number[]>> {
  if (!isRecord(v))
    throw new ArgumentError(
      where,
      `${name}: expected a record {label: array of numbers}, got ${describeValue(v)}${plainArrayHint(v)}`,
    );
  for (const [k, values] of Object.entries(v)) checkNumbers(where, fieldPath(name, k), values);
}

/** `1 value`, `3 values`. */
const values = (n: number): string => `${n} value${n === 1 ? '' : 's'}`;

/** checkSameLength(where, name, n, other, m): n = m (two arrays paired element by element), else a ShapeError. */
export const checkSameLength = (where: string, name: string, n: number, other: string, m: number): void => {
  if (n !== m)
    throw new ShapeError(where, `${name} has ${values(n)} and ${other} has ${values(m)}; they pair up one to one`);
};

/** An array rendered for a message: its entries when there are at most 4, else its length. */
const showPair = (v: unknown): string =>
  Array.isArray(v) && v.length <= 4 ? `[${v.map(describeValue).join(', ')}]` : describeValue(v);

/** checkPair(where, name, v, form): v is [a, b], two finite numbers in either order, else an ArgumentError naming v. */
export function checkPair(
  where: string,
  name: string,
  v: unknown,
  form = '[a, b]',
): asserts v is readonly [number, number] {
  // Number.isFinite: numbers only
  const ok = Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && Number.isFinite(v[1]);
  if (!ok) throw new ArgumentError(where, `${name}: expected ${form}, two finite numbers, got ${showPair(v)}`);
}

/**
 * checkInterval(where, name, v, positive): v is [lo, hi], finite with lo < hi (and lo > 0 when `positive`, for a
 * logarithmic axis), else an ArgumentError naming it.
 */
export function checkInterval(
  where: string,
  name: string,
  v: unknown,
  positive = false,
): asserts v is readonly [number, number] {
  checkPair(where, name, v, '[lo, hi]');
  const [lo, hi] = v;
  if (!(lo < hi)) throw new ArgumentError(where, `${name}: expected [lo, hi] with lo < hi, got ${showPair(v)}`);
  if (positive && lo <= 0)
    throw new ArgumentError(where, `${name}: a logarithmic axis needs lo > 0, got ${showPair(v)}`);
}

/**
 * checkDistinct(where, name, names, what): no name appears twice (two series of one name would be joined as one
 * line), else an ArgumentError
 * (`lineChart: options.series: the name "a" appears twice (each line needs one of its own)`).
 */
export const checkDistinct = (where: string, name: string, names: readonly string[], what: string): void => {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n))
      throw new ArgumentError(
        where,
        `${name}: ${what} ${describeValue(n)} appears twice (each line needs one of its own)`,
      );
    seen.add(n);
  }
};

/** The pattern of chart names: file stems of lowercase letters, digits and dashes. */
const namePattern = /^[a-z0-9][a-z0-9-]*$/;

/**
 * checkChartName(where, name, v): v is a chart name (it becomes a file name: `/^[a-z0-9][a-z0-9-]*$/`), else an
 * ArgumentError.
 */
export function checkChartName(where: string, name: string, v: unknown): asserts v is string {
  if (typeof v !== 'string' || !namePattern.test(v)) {
    throw new ArgumentError(
      where,
      `${name}: expected a chart name matching /${namePattern.source}/ (a file stem), got ${describeValue(v)}`,
    );
  }
}
