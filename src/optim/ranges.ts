/**
 * The ranges of optim's hyperparameters, defined once: the constructors (`adam({lr})`, `stepDecay({every})`,
 * `clipByGlobalNorm(c)`, …) check their arguments with them, and the io-ts codecs of `codecs.ts` are built from
 * the same definitions, so a config file and a call can never disagree about what is valid.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { type KeySet, refuseUnknownKeys } from '../core/options.js';
import { movedOptions } from './renamed-options.js';

/** A set of numbers, with the phrase that names it in messages (`a finite number ≥ 0`). */
export interface Range {
  /** What a value must be, as it reads after "must be" or "expected": `a finite number ≥ 0`. */
  readonly name: string;
  /** True for the numbers in the range. */
  readonly ok: (v: number) => boolean;
}

/** Learning rates, weight decay, SGD's and RMSprop's momentum, lr decay, initial accumulators, clipping norms. */
export const nonNegative: Range = { name: 'a finite number ≥ 0', ok: (v) => Number.isFinite(v) && v >= 0 };
/** ε, and rates of exponential decay. */
export const positive: Range = { name: 'a finite number > 0', ok: (v) => Number.isFinite(v) && v > 0 };
/** β₁, β₂, α and other decay rates of moving averages. */
export const unitInterval: Range = { name: 'a number in [0, 1)', ok: (v) => v >= 0 && v < 1 };
/** Adafactor's decay exponent τ of β̂₂ₜ = 1 − t^τ (PyTorch's `beta2_decay`). */
export const nonPositive: Range = { name: 'a finite number ≤ 0', ok: (v) => Number.isFinite(v) && v <= 0 };
/** Adafactor's clipping threshold d of the update's RMS (PyTorch's `d`). */
export const atLeastOne: Range = { name: 'a finite number ≥ 1', ok: (v) => Number.isFinite(v) && v >= 1 };
/** Dampening, and the final fraction of a cosine decay. */
export const closedUnitInterval: Range = { name: 'a number in [0, 1]', ok: (v) => v >= 0 && v <= 1 };
/** Scale factors and the values of schedules. */
export const finite: Range = { name: 'a finite number', ok: (v) => Number.isFinite(v) };
/** Clipping bounds (±Infinity leaves a side unclipped). */
export const notNaN: Range = { name: 'a number (not NaN)', ok: (v) => !Number.isNaN(v) };
/** Step counts that divide: decay periods, steps per epoch, accumulation counts. */
export const positiveInteger: Range = { name: 'a positive integer', ok: (v) => Number.isSafeInteger(v) && v > 0 };
/** Step counts that may be zero: warm-up lengths, boundaries of piecewise schedules. */
export const nonNegativeInteger: Range = { name: 'an integer ≥ 0', ok: (v) => Number.isSafeInteger(v) && v >= 0 };

/**
 * checkNumber(where, option, range, value, fallback?): `value` when it is a number in `range` (`fallback`, the
 * default, when it is undefined); otherwise an ArgumentError `adam: lr must be a finite number ≥ 0, got -1`.
 * Only undefined means "the default": null is refused, as the config decoders refuse it.
 */
export const checkNumber = (where: string, option: string, range: Range, value: unknown, fallback?: number): number => {
  const v = value === undefined ? fallback : value;
  if (typeof v === 'number' && range.ok(v)) return v;
  throw new ArgumentError(where, `${option} must be ${range.name}, got ${describeValue(v)}`);
};

/** checkBoolean(where, option, value, fallback?): `value` (or `fallback` for undefined) when it is a boolean. */
export const checkBoolean = (where: string, option: string, value: unknown, fallback?: boolean): boolean => {
  const v = value === undefined ? fallback : value;
  if (typeof v === 'boolean') return v;
  throw new ArgumentError(where, `${option} must be true or false, got ${describeValue(v)}`);
};

/** A function of the update count (a schedule, a predicate): returned as is, or an ArgumentError. */
export const checkFunction = <F>(where: string, option: string, value: F): F => {
  if (typeof value === 'function') return value;
  throw new ArgumentError(where, `${option} must be a function, got ${describeValue(value)}`);
};

/**
 * checkRate(where, option, value, fallback?): a learning rate (`fallback` for undefined), either a number in
 * [0, ∞) or a schedule (any function of the update count, not called here); otherwise an ArgumentError.
 */
export const checkRate = <S>(
  where: string,
  option: string,
  value: number | S | undefined,
  fallback?: number,
): number | S => {
  const v = value === undefined ? fallback : value;
  if (typeof v === 'function' || (typeof v === 'number' && nonNegative.ok(v))) return v;
  throw new ArgumentError(
    where,
    `${option} must be ${nonNegative.name} or a schedule (a function of the step), got ${describeValue(v)}`,
  );
};

/**
 * checkOptions(where, options, keys): refuses an options argument that is not a plain object, and any key that
 * `keys` does not list (naming the nearest valid one, or, for a key `movedOptions` knows, its new name).
 */
export const checkOptions = <O>(where: string, options: O, keys: KeySet<O>): void => {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(where, `the options must be an object, got ${describeValue(options)}`);
  }
  refuseUnknownKeys(where, options, keys, movedOptions(where));
};

/**
 * PyTorch's rule for Nesterov momentum: it needs a momentum μ > 0 and no dampening. The problem in words
 * (`Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0 and dampening 0`), or undefined.
 * `momentumName` is what the caller calls μ (`momentum`, `beta`, `decay`).
 */
export const nesterovProblem = (momentumName: string, momentum: number, dampening: number): string | undefined =>
  momentum > 0 && dampening === 0
    ? undefined
    : `Nesterov momentum needs ${momentumName} > 0 and dampening 0, ` +
      `got ${momentumName} ${describeValue(momentum)} and dampening ${describeValue(dampening)}`;

/** Throws the ArgumentError of `nesterovProblem` when Nesterov momentum is asked for and does not fit. */
export const checkNesterov = (
  where: string,
  nesterov: boolean,
  momentumName: string,
  momentum: number,
  dampening: number,
): void => {
  const problem = nesterov ? nesterovProblem(momentumName, momentum, dampening) : undefined;
  if (problem !== undefined) throw new ArgumentError(where, `nesterov is true, but ${problem}`);
};
