/**
 * io-ts codecs for data files, and the report that says which row, which column and what was wrong.
 */
import * as t from 'io-ts';
import { describeValue } from '../core/errors.js';

/** A value in a report: short JSON when it has one, else a description (never the whole of a large or deep value). */
const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v !== 'object') return describeValue(v);
  const short = Array.isArray(v)
    ? v.length <= 8 && v.every((x) => typeof x !== 'object' || x === null)
    : Object.keys(v).length === 0;
  return short ? JSON.stringify(v) : describeValue(v);
};

/** A finite number (rejects NaN, ±Infinity and non-numbers). */
export const FiniteNumber = new t.Type<number, number, unknown>(
  'a finite number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  (n) => n,
);

/** A decimal numeral: optional sign, digits with an optional point (or a point and digits), optional exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV field holding a finite decimal number ("1.5", "-2e-3", ".5"; spaces around it are ignored). Refused: the
 * blank field, "NaN", "Infinity", numerals JavaScript's Number() reads but a data file does not mean
 * ("0x10", "0b1", "0o7", "1_000"), and decimals too large for a float64 ("1e400").
 */
export const FiniteNumberFromString = new t.Type<number, string, unknown>(
  'a finite decimal number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => {
    if (typeof u !== 'string' || !DECIMAL.test(u.trim())) return t.failure(u, c);
    const v = Number(u);
    return Number.isFinite(v) ? t.success(v) : t.failure(u, c);
  },
  (n) => String(n),
);

/**
 * One line per error: where (the keys of the path into the value, rendered by `where`, e.g.
 * `row 4, column "y"` or `x[2][0]`), what was expected and what was found.
 */
export const report = (errors: t.Errors, where: (path: readonly string[]) => string = (p) => p.join('')): string =>
  errors
    .map((e) => {
      const keys = e.context.slice(1).map((c) => c.key);
      const expected = e.context[e.context.length - 1]?.type.name ?? 'a valid value';
      return `${where(keys) || 'the file'}: expected ${expected}, got ${show(e.value)}`;
    })
    .join('\n');

/** The JSON data format: {"x": rows of features, "y": one label (or one row of labels) per example}. */
export const JsonDataset = t.type({
  /** The features: one row of finite numbers per example. */
  x: t.array(t.array(FiniteNumber)),
  /** The labels: one finite number, or one row of finite numbers, per example. */
  y: t.array(t.union([FiniteNumber, t.array(FiniteNumber)])),
});

/** What `JsonDataset` decodes to. */
export type JsonDataset = t.TypeOf<typeof JsonDataset>;
