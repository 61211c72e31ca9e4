/** The lines of a config report: what a field must be and what it got. */
import { describeValue } from '../core/errors.js';
import * as t from 'io-ts';

/** A value as a report shows it: JSON where it has one (a BigInt, a cycle or a function has none: described). */
export const show = (v: unknown): string => {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v === undefined) return 'nothing';
  try {
    return JSON.stringify(v) ?? describeValue(v);
  } catch {
    return describeValue(v);
  }
};

/** One line per error: `lr: expected a finite number ≥ 0, got -1`. Intersection members do not add to the path. */
export const formatErrors = (errors: t.Errors): string =>
  errors
    .map((e) => {
      const path = e.context
        .filter((_, i, all) => i > 0 && !(all[i - 1]?.type instanceof t.IntersectionType))
        .map((c) => c.key)
        .join('.');
      const expected = e.context[e.context.length - 1]?.type.name ?? 'a valid value';
      return e.message ?? `${path === '' ? 'config' : path}: expected ${expected}, got ${show(e.value)}`;
    })
    .join('\n');
